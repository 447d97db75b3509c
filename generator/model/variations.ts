/**
 * Known variations (spec `variations:`): a transition as an implementation family runs it,
 * with the variation's outputs (send, resend, deliver, notify) in place of the transition's own, and its next
 * state if it gives one. Guards, variables and timers are the spec's: a case planned on the
 * spec path stays valid under a variation that keeps the next state.
 */
import type { Action, Spec, Transition, Variation } from '../../core/spec/types.js';

/** The actions whose effect is seen: segments sent and what the application is given or told. */
const outputs = (a: Action) => a.kind === 'send' || a.kind === 'resend' || a.kind === 'deliver' || a.kind === 'notify';

/** The transition with its outputs replaced, where its first one was (a send reads the variables as the sets before it left them). */
export function withVariation(t: Transition, v: Variation): Transition {
  const first = t.actions.findIndex(outputs);
  const before = first < 0 ? t.actions : t.actions.slice(0, first);
  const after = first < 0 ? [] : t.actions.slice(first).filter((a) => !outputs(a));
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
