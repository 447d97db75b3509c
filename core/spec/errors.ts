/**
 * Errors in a user's spec. They carry a position and print as `file:line:col: message`;
 * the CLI prints them without a stack trace and exits 2.
 */

import { distance } from '../expr/check.js';
import type { Position } from './source.js';

export class SpecError extends Error {
  constructor(
    readonly pos: Position,
    readonly reason: string,
  ) {
    // Line 0 means the problem is the file or directory itself, not a place in it.
    super(pos.line > 0 ? `${pos.file}:${pos.line}:${pos.col}: ${reason}` : `${pos.file}: ${reason}`);
  }
}

/** Several spec errors found in one pass; each prints on its own line. */
export class SpecErrors extends Error {
  constructor(readonly errors: readonly SpecError[]) {
    super(errors.map((e) => e.message).join('\n'));
  }
}

/** Run checks that each may throw a SpecError, and throw them all together at the end. */
export class ErrorCollector {
  private readonly found: SpecError[] = [];

  attempt(check: () => void): void {
    try {
      check();
    } catch (err) {
      if (err instanceof SpecError) this.found.push(err);
      else if (err instanceof SpecErrors) this.found.push(...err.errors);
      else throw err;
    }
  }

  add(err: SpecError): void {
    this.found.push(err);
  }

  throwIfAny(): void {
    if (this.found.length > 0) throw new SpecErrors(sortErrors(this.found));
  }
}

function sortErrors(errors: readonly SpecError[]): SpecError[] {
  return [...errors].sort(
    (a, b) => a.pos.file.localeCompare(b.pos.file) || a.pos.line - b.pos.line || a.pos.col - b.pos.col,
  );
}

/** The closest known name (ties: the first declared), or the whole list when none is close. */
export function didYouMean(name: string, known: readonly string[]): string {
  const best = closestName(name, known);
  return best ? ` (did you mean "${best}"?)` : ` (known: ${known.join(', ')})`;
}

/** The known name within two edits of `name`, ignoring case (ties: the first declared). */
export function closestName(name: string, known: readonly string[]): string | undefined {
  return known
    .map((k) => ({ k, d: distance(k.toUpperCase(), name.toUpperCase()) }))
    .filter((x) => x.d <= 2)
    .sort((a, b) => a.d - b.d)[0]?.k;
}
