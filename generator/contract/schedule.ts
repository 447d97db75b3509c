/**
 * When a retransmitting state gives up, in milliseconds at the parameters' defaults: the
 * spec's own actions run on numbers. The transition that starts the timer sets the retry
 * count and the timeout; each expiry either retransmits (its `set` and `start_timer`) or, once
 * the give-up's condition on the count holds, gives up. Conditions on anything but the count
 * and the parameters (something is outstanding, the open was passive) are taken to hold: the
 * schedule is the one of a peer that never answers.
 */
import { callsFn, namesIn, type Expr } from '../../core/expr/ast.js';
import { abs, evaluate, type Sym, type Value } from '../../core/expr/evaluate.js';
import { PROFILES } from '../../core/case.js';
import type { Action, Spec, Transition } from '../../core/spec/types.js';

export interface Schedule {
  /** The transition whose start of the timer the times count from. */
  readonly from: string;
  /** Each retransmission, ms after the first segment was sent. */
  readonly retransmissions: readonly number[];
  readonly givesUp: number;
}

/** Retransmissions beyond this many say the spec never gives up at its defaults. */
const MAX_STEPS = 64;

class Unknown extends Error {}

/** The top-level conjuncts of a guard. */
function conjuncts(e: Expr): Expr[] {
  return e.kind === 'binary' && e.op === '&&' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

/**
 * Run actions on `vars` (values of variables, parameters) and return the timer's new interval,
 * if they start it. A name without a value (an ISN, a segment's field) leaves its variable
 * unknown, which is enough as long as the schedule does not read it.
 */
function run(actions: readonly Action[], timer: string, vars: Map<string, Sym>): number | undefined {
  let after: number | undefined;
  const env = {
    get: (name: string): Value => {
      const v = vars.get(name);
      if (!v) throw new Unknown(name);
      return v;
    },
    isn: (): Sym => {
      throw new Unknown('isn()');
    },
  };
  for (const a of actions) {
    if (a.kind === 'set')
      for (const s of a.assignments) {
        try {
          vars.set(s.name, evaluate(s.value.tree, env) as Sym);
        } catch (err) {
          if (!(err instanceof Unknown)) throw err;
          vars.delete(s.name);
        }
      }
    else if (a.kind === 'start_timer' && a.timer === timer) {
      try {
        after = (evaluate(a.after.tree, env) as Sym).off;
      } catch (err) {
        if (!(err instanceof Unknown)) throw err;
        return undefined;
      }
    }
  }
  return after;
}

/** Does the give-up's condition on the count hold (the conjuncts over known names)? */
function givesUp(t: Transition, vars: Map<string, Sym>): boolean {
  if (!t.input.guard) return true;
  const env = {
    get: (name: string): Value => vars.get(name),
    isn: (): Sym => {
      throw new Unknown('isn()');
    },
  };
  return conjuncts(t.input.guard.tree)
    .filter((c) => namesIn(c).every((n) => vars.has(n)) && !callsFn(c, 'isn'))
    .every((c) => evaluate(c, env) === true);
}

/**
 * The schedule of a give-up transition, or undefined when the spec does not say where its
 * count starts in that state (CLOSING goes on with FIN_WAIT_1's count).
 */
export function scheduleOf(spec: Spec, giveUp: Transition): Schedule | undefined {
  if (giveUp.input.kind !== 'timer') return undefined;
  const timer = giveUp.input.timer;
  const state = giveUp.from;
  const starts = (t: Transition) => t.actions.some((a) => a.kind === 'start_timer' && a.timer === timer);
  const again = spec.transitions.find(
    (t) => t.from === state && t.to === state && t.input.kind === 'timer' && t.input.timer === timer && starts(t),
  );
  if (!again) return undefined;
  const counted = new Set(again.actions.flatMap((a) => (a.kind === 'set' ? a.assignments.map((s) => s.name) : [])));
  // The memo's transitions first: the ordinary way in (established-close, not a close in
  // SYN_RCVD); the first way in after which the give-up's condition can hold (a passive open
  // never gives up as an active one).
  const byProfile = [...spec.transitions].sort((a, b) => PROFILES.indexOf(a.profile) - PROFILES.indexOf(b.profile));
  const starters = byProfile.filter(
    (t) =>
      t.to === state &&
      t.input.kind !== 'timer' &&
      starts(t) &&
      [...counted].every((n) => t.actions.some((a) => a.kind === 'set' && a.assignments.some((s) => s.name === n))),
  );
  for (const starter of starters) {
    const schedule = follow(starter, again, giveUp, timer, spec);
    if (schedule) return schedule;
  }
  return undefined;
}

/** The expiries after `starter` until `giveUp` takes one, if it does within MAX_STEPS. */
function follow(
  starter: Transition,
  again: Transition,
  giveUp: Transition,
  timer: string,
  spec: Spec,
): Schedule | undefined {
  const vars = new Map(spec.parameters.map((p) => [p.name, abs(p.default)]));
  let after = run(starter.actions, timer, vars);
  const retransmissions: number[] = [];
  let at = 0;
  for (let i = 0; i <= MAX_STEPS && after !== undefined; i++) {
    at += after;
    if (givesUp(giveUp, vars)) return { from: starter.id, retransmissions, givesUp: at };
    retransmissions.push(at);
    after = run(again.actions, timer, vars);
  }
  return undefined;
}
