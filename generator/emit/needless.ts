/**
 * What the reference's code need not test, found from the spec: a guard that holds wherever
 * the code reaches it, and a timer stop whose absence no input could show. The emitter leaves
 * the first out and marks the second for Stryker, so neither counts as a missing test.
 */
import type { BinaryOp, Expr } from '../expr/ast.js';
import type { Spec, Transition } from '../model/types.js';

const COMPLEMENT: Readonly<Partial<Record<BinaryOp, BinaryOp>>> = { '<': '>=', '>=': '<', '<=': '>', '>': '<=', '==': '!=', '!=': '==' };

/** Is `b` the negation of `a`: !(a), or the same comparison with the opposite operator? */
export function opposite(a: Expr | undefined, b: Expr | undefined): boolean {
  if (!a || !b) return false;
  if (b.kind === 'not') return same(b.arg, a);
  if (a.kind === 'not') return same(a.arg, b);
  return a.kind === 'binary' && b.kind === 'binary' && COMPLEMENT[a.op] === b.op && same(a.left, b.left) && same(a.right, b.right);
}

/** The same expression, wherever in the spec each was written. */
function same(a: Expr, b: Expr): boolean {
  const text = (e: Expr) => JSON.stringify(e, (k, v) => (k === 'at' ? undefined : v));
  return text(a) === text(b);
}

/**
 * The timers whose stop in `t` no test can see: a timer left running there fires only in
 * states where no transition acts on it, since `t` leads to none of them and every transition
 * into one from elsewhere starts the timer anew. A TIME_WAIT reset leaves for CLOSED, say,
 * and the only way back into TIME_WAIT starts its timer again.
 */
export function unseenStops(spec: Spec, t: Transition): Set<string> {
  const acts = (u: Transition) => u.actions.length > 0 || u.to !== u.from;
  const unseen = new Set<string>();
  for (const a of t.actions) {
    if (a.kind !== 'stop_timer') continue;
    const acting = new Set(spec.transitions.filter((u) => u.input.kind === 'timer' && u.input.timer === a.timer && acts(u)).map((u) => u.from));
    const restarts = (u: Transition) => u.actions.some((b) => b.kind === 'start_timer' && b.timer === a.timer);
    const entries = spec.transitions.filter((u) => acting.has(u.to) && !acting.has(u.from));
    if (!acting.has(t.to) && entries.every(restarts)) unseen.add(a.timer);
  }
  return unseen;
}
