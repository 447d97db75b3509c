/**
 * Errors in a user's spec. They carry a position and print as `file:line:col: message`;
 * the CLI prints them without a stack trace and exits 2.
 */

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
