/**
 * Known variations (spec `variations:`): a transition as an implementation family runs it,
 * with the variation's outputs (send, resend, deliver, notify) in place of the transition's own,
 * its next state if it gives one, and its timer actions (start_timer, stop_timer) in place of
 * the transition's on the timers it names. Guards and variables are the spec's. The planner
 * plans variant outputs with it; the harness follows a variant that moves a timer with it
 * (src/harness/retimed.ts), since the case's later waits were planned on the spec's timers.
 */
import type { Action, Spec, Transition, Variation } from './types.js';

/** The actions whose effect is seen: segments sent and what the application is given or told. */
const outputs = (a: Action) => a.kind === 'send' || a.kind === 'resend' || a.kind === 'deliver' || a.kind === 'notify';

const timer = (a: Action) => (a.kind === 'start_timer' || a.kind === 'stop_timer' ? a.timer : undefined);

/** Does the variation start or stop a timer (so the transition's later timing differs)? */
export function movesTimers(v: Variation): boolean {
  return v.actions.some((a) => timer(a) !== undefined);
}

/**
 * The transition with its outputs replaced, where its first one was (a send reads the
 * variables as the sets before it left them), and its actions on the timers the variation
 * names left out (the variation's, at the same place, take their place).
 */
export function withVariation(t: Transition, v: Variation): Transition {
  const named = new Set(v.actions.map(timer).filter((x) => x !== undefined));
  const own = t.actions.filter((a) => !named.has(timer(a) ?? ''));
  const first = own.findIndex(outputs);
  const before = first < 0 ? own : own.slice(0, first);
  const after = first < 0 ? [] : own.slice(first).filter((a) => !outputs(a));
  return { ...t, actions: [...before, ...v.actions, ...after], to: v.to ?? t.to };
}

const index = new WeakMap<Spec, ReadonlyMap<string, readonly Variation[]>>();

/** The variations of a transition. */
export function variationsOf(spec: Spec, t: Transition): readonly Variation[] {
  let byTransition = index.get(spec);
  if (!byTransition) {
    const m = new Map<string, Variation[]>();
    for (const v of spec.variations) for (const id of v.transitions) m.set(id, [...(m.get(id) ?? []), v]);
    byTransition = m;
    index.set(spec, m);
  }
  return byTransition.get(t.id) ?? [];
}
