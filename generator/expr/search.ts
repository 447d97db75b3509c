/**
 * Finding segments that satisfy a guard. The validator uses it to look for a segment two
 * guards both accept (overlap); the planner uses it to build the segment a test injects.
 * Candidates come from the guard itself: for every comparison of a segment field with an
 * expression e, the values e - 1, e and e + 1, which are the boundaries where the guard
 * can change its answer. The search enumerates combinations in order of preference.
 */
import type { Expr } from '../../core/expr/ast.js';
import { COMPARISONS, namesIn, show } from '../../core/expr/ast.js';
import {
  abs,
  evaluate,
  IncomparableError,
  isSym,
  showSym,
  type Env,
  type Sym,
  type Value,
} from '../../core/expr/evaluate.js';
import * as seq from '../../core/seq.js';
import { remembered } from '../../core/memo.js';

export type Assignment = ReadonlyMap<string, Value>;

/** A boundary of a field: its value, and how the guard names it (RCV.NXT + RCV.WND + 1). */
export interface Boundary {
  readonly value: Sym;
  readonly name: string;
}

/**
 * Boundary values of `field` found in comparisons inside `guard`, evaluated in `env`. A side
 * that is the field plus or minus something known (SEG.SEQ + 1 == RCV.NXT) is solved for it.
 */
export function boundaryValues(guard: Expr | undefined, field: string, env: Env): Sym[] {
  return boundaries(guard, field, env).map((b) => b.value);
}

/**
 * The boundaries of `field` in `guard`, each with its name in the guard's own terms: a name
 * does not change with the parameters' values, so cases on a boundary keep their IDs when
 * planned for an implementation's own window.
 */
export function boundaries(guard: Expr | undefined, field: string, env: Env): Boundary[] {
  if (!guard) return [];
  const out: Boundary[] = [];
  const withField = { ...env, get: (n: string) => (n === field ? abs(0) : env.get(n)) };
  for (const { side, other, others, shown } of comparisonsOf(guard, field)) {
    // Only solvable when everything else in the comparison already has a value.
    if (!others.every((n) => env.get(n) !== undefined)) continue;
    try {
      const target = evaluate(other, env);
      const rest = evaluate(side, withField);
      if (!isSym(target) || !isSym(rest) || rest.base !== null) continue;
      const v = { ...target, off: seq.sub(target.off, rest.off) };
      for (const d of [0, 1, -1]) {
        const value = { ...v, off: seq.add(v.off, d) };
        const by = seq.diff(rest.off, d);
        const name =
          target.base === null ? showSym(value) : by === 0 ? shown : `${shown} ${by > 0 ? '+' : '-'} ${Math.abs(by)}`;
        out.push({ value, name });
      }
    } catch (err) {
      if (!(err instanceof IncomparableError)) throw err;
    }
  }
  return out;
}

/** A comparison with the field on one side: the other names it reads, the side's first. */
interface Comparison {
  readonly side: Expr;
  readonly other: Expr;
  readonly others: readonly string[];
  /** The other side as the spec writes it. */
  readonly shown: string;
}

const COMPARISONS_OF = new WeakMap<Expr, Map<string, readonly Comparison[]>>();

/** The comparisons in a guard with the field on one side, in order; found once per guard and field. */
function comparisonsOf(guard: Expr, field: string): readonly Comparison[] {
  const byField = remembered(COMPARISONS_OF, guard, () => new Map<string, readonly Comparison[]>());
  return remembered(byField, field, () => {
    const found: Comparison[] = [];
    const solve = (side: Expr, other: Expr): void => {
      if (!namesIn(side).includes(field)) return;
      const others = [...namesIn(side), ...namesIn(other)].filter((n) => n !== field);
      found.push({ side, other, others, shown: show(other) });
    };
    const visit = (e: Expr): void => {
      if (e.kind === 'not') visit(e.arg);
      if (e.kind !== 'binary') return;
      if (COMPARISONS.has(e.op)) {
        solve(e.left, e.right);
        solve(e.right, e.left);
        return;
      }
      visit(e.left);
      visit(e.right);
    };
    visit(guard);
    return found;
  });
}

/** Remove duplicates, keeping the first (most preferred) occurrence. The lists are short. */
export function uniqueValues<T extends Value>(values: readonly T[]): T[] {
  const out: T[] = [];
  for (const v of values) if (!out.some((w) => sameValue(v, w))) out.push(v);
  return out;
}

function sameValue(a: Value, b: Value): boolean {
  if (isSym(a) && isSym(b)) return a.base === b.base && a.k === b.k && a.off === b.off;
  return a === b;
}

/**
 * Enumerate assignments of the candidate values, earlier candidates first, and return the
 * first one `accept` takes. At most `limit` combinations are tried. `accept` sees one map
 * updated in place (the searches run millions of combinations), and the index of each value
 * in its list, in the candidates' order (one array, updated in place too), so it must keep
 * neither; the map returned is a copy.
 */
export function findAssignment(
  candidates: ReadonlyMap<string, readonly Value[]>,
  accept: (a: Assignment, indices: readonly number[]) => boolean,
  limit = 200_000,
): Assignment | undefined {
  const names = [...candidates.keys()];
  const lists = names.map((n) => candidates.get(n)!);
  if (lists.some((l) => l.length === 0)) return undefined;
  const idx = names.map(() => 0);
  const a = new Map(names.map((n, i) => [n, lists[i]![0]]));
  for (let tried = 0; tried < limit; tried++) {
    if (accept(a, idx)) return new Map(a);
    let k = names.length - 1;
    while (k >= 0 && ++idx[k]! >= lists[k]!.length) {
      idx[k] = 0;
      a.set(names[k]!, lists[k]![0]);
      k--;
    }
    if (k < 0) return undefined;
    a.set(names[k]!, lists[k]![idx[k]!]);
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
