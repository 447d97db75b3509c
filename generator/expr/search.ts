/**
 * Finding segments that satisfy a guard. The validator uses it to look for a segment two
 * guards both accept (overlap); the planner uses it to build the segment a test injects.
 * Candidates come from the guard itself: for every comparison of a segment field with an
 * expression e, the values e - 1, e and e + 1, which are the boundaries where the guard
 * can change its answer. The search enumerates combinations in order of preference.
 */
import type { Expr } from './ast.js';
import { COMPARISONS } from './ast.js';
import { evaluate, IncomparableError, isSym, type Env, type Sym, type Value } from './evaluate.js';
import * as seq from '../../src/seq.js';

export type Assignment = ReadonlyMap<string, Value>;

/** Boundary values of `field` found in comparisons inside `guard`, evaluated in `env`. */
export function boundaryValues(guard: Expr | undefined, field: string, env: Env): Sym[] {
  const out: Sym[] = [];
  const visit = (e: Expr): void => {
    if (e.kind === 'not') visit(e.arg);
    if (e.kind !== 'binary') return;
    if (COMPARISONS.has(e.op)) {
      const other = e.left.kind === 'name' && e.left.name === field ? e.right : e.right.kind === 'name' && e.right.name === field ? e.left : undefined;
      if (other) {
        try {
          const v = evaluate(other, env);
          if (isSym(v)) for (const d of [0, 1, -1]) out.push({ ...v, off: seq.add(v.off, d) });
        } catch (err) {
          if (!(err instanceof IncomparableError)) throw err;
        }
      }
      return;
    }
    visit(e.left);
    visit(e.right);
  };
  if (guard) visit(guard);
  return out;
}

/** Remove duplicates, keeping the first (most preferred) occurrence. */
export function uniqueValues(values: readonly Value[]): Value[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = JSON.stringify(v ?? null);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Enumerate assignments of the candidate values, earlier candidates first, and return the
 * first one `accept` takes. At most `limit` combinations are tried.
 */
export function findAssignment(
  candidates: ReadonlyMap<string, readonly Value[]>,
  accept: (a: Assignment) => boolean,
  limit = 200_000,
): Assignment | undefined {
  const names = [...candidates.keys()];
  const lists = names.map((n) => candidates.get(n)!);
  if (lists.some((l) => l.length === 0)) return undefined;
  const idx = names.map(() => 0);
  for (let tried = 0; tried < limit; tried++) {
    const a = new Map(names.map((n, i) => [n, lists[i]![idx[i]!]]));
    if (accept(a)) return a;
    let k = names.length - 1;
    while (k >= 0 && ++idx[k]! >= lists[k]!.length) idx[k--] = 0;
    if (k < 0) return undefined;
  }
  return undefined;
}

/** Evaluate a guard, treating a comparison between unrelated unknowns as "no". */
export function holds(guard: Expr | undefined, env: Env): boolean {
  if (!guard) return true;
  try {
    return evaluate(guard, env) === true;
  } catch (err) {
    if (err instanceof IncomparableError) return false;
    throw err;
  }
}
