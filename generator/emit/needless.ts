/**
 * What the reference's code need not test, found from the spec: the parts of a guard whose
 * absence no test could see (codeGuards), and a timer stop whose absence no input could show
 * (unseenStops). The emitter leaves the first out and marks the second for Stryker, so
 * neither counts as a missing test.
 */
import type { Expr } from '../../core/expr/ast.js';
import type { Spec, Transition } from '../../core/spec/types.js';
import { lazyWitness, unspecifiedFor } from '../validate/regions.js';

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
    const acting = new Set(
      spec.transitions
        .filter((u) => u.input.kind === 'timer' && u.input.timer === a.timer && acts(u))
        .map((u) => u.from),
    );
    const restarts = (u: Transition) => u.actions.some((b) => b.kind === 'start_timer' && b.timer === a.timer);
    const entries = spec.transitions.filter((u) => acting.has(u.to) && !acting.has(u.from));
    if (!acting.has(t.to) && entries.every(restarts)) unseen.add(a.timer);
  }
  return unseen;
}

/** A transition that neither acts nor moves: it answers as an input no transition takes does. */
export const quiet = (t: Transition): boolean => t.actions.length === 0 && t.to === t.from;

/**
 * One state's transitions on one input in the order the reference's code tests them: those
 * that act first. The guards of one input never overlap (validate/meaning.ts), so the order
 * changes nothing, except that a quiet transition placed last cannot take an input from
 * another one, even mutated.
 */
export function codeOrder(group: readonly Transition[]): Transition[] {
  return [...group.filter((t) => !quiet(t)), ...group.filter(quiet)];
}

/** The conjuncts of a guard's top-level &&, left to right. */
function conjuncts(e: Expr): Expr[] {
  return e.kind === 'binary' && e.op === '&&' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

/** The conjunction of `parts`, or undefined (no guard) for none. */
function conjunction(parts: readonly Expr[]): Expr | undefined {
  return parts.reduce<Expr | undefined>(
    (acc, p) => (acc ? { kind: 'binary', op: '&&', left: acc, right: p, at: acc.at } : p),
    undefined,
  );
}

/** A transition's guard as the code tests it, and the conjuncts of the spec's guard it leaves out. */
export interface CodeGuard {
  readonly guard: Expr | undefined;
  readonly untested: readonly Expr[];
}

/**
 * The guards of one state's transitions on one input, in the order the code tests them, with
 * each conjunct left out that changes nothing a test can see: without it, the transition
 * would take only inputs that an earlier case takes, that the first later case to take them
 * answers with the same code, or that the spec leaves unspecified (any answer conforms). A
 * guard that tests such a conjunct has a mutant no test can kill, since no test may send
 * those inputs: "SEG.SEQ == RCV.NXT" on a transition that takes in-order data, say, tells it
 * only from data in the window but past RCV.NXT, which RFC 9293 holds and tcpconform leaves
 * unspecified. The search is the validator's (validate/regions.ts): the same values that find
 * no overlap and no open region find nothing this reduction would change.
 */
export function codeGuards(
  spec: Spec,
  group: readonly Transition[],
  sameCode: (i: number, j: number) => boolean,
): CodeGuard[] {
  const { from, input } = group[0]!;
  const unspecified = unspecifiedFor(spec, from, input).map((u) => u.input.guard?.tree);
  const guards = group.map((t) => t.input.guard?.tree);
  const untested = group.map((): Expr[] => []);
  for (let i = 0; i < group.length; i++) {
    let parts = guards[i] ? conjuncts(guards[i]!) : [];
    for (const c of [...parts]) {
      const rest = parts.filter((p) => p !== c);
      // Only the last case may take every input that reaches it: the ones after must stay reachable.
      if (rest.length === 0 && i < group.length - 1) continue;
      const earlier = guards.slice(0, i);
      const later = guards.slice(i + 1);
      // As for the validator, only values every guard can answer for are a witness.
      const changes = lazyWitness(
        spec,
        [conjunction(rest), conjunction(parts), ...unspecified, ...earlier, ...later],
        (truth) => {
          if (truth(0) !== true || truth(1) !== false) return false;
          for (let k = 0; k < unspecified.length + earlier.length; k++) if (truth(2 + k) !== false) return false;
          for (let k = 0; k < later.length; k++) {
            const t = truth(2 + unspecified.length + earlier.length + k);
            if (t === false) continue;
            return t === true && !sameCode(i, i + 1 + k);
          }
          return true;
        },
      );
      if (changes === undefined) {
        parts = rest;
        untested[i]!.push(c);
      }
    }
    guards[i] = conjunction(parts);
  }
  return group.map((_, i) => ({ guard: guards[i], untested: untested[i]! }));
}
