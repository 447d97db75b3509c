/**
 * A known variation that moves a timer (linux.time-wait-ack-restarts: a bare ACK restarts
 * TIME_WAIT's 2*MSL). At its own step the outputs are the spec's, but the case's later waits
 * were planned on the spec's timers, so a later step (TIME_WAIT ending when the spec's timer
 * was due) cannot hold for the family. The judge follows the family's endpoint there as it
 * follows an RFC 1337 one (stayed.ts): the spec with the variation applied, run on numbers over
 * the case's inputs, gives each later step's expectation; a step only that explains is the
 * known variation.
 */
import type { StepVariation } from '../../core/case.js';
import type { Spec } from '../../core/spec/types.js';
import { movesTimers, withVariation } from '../../core/spec/variations.js';

const applied = new WeakMap<Spec, Map<string, Spec>>();

/** The first of `known` (the variations a run accepts at a step) that moves a timer, with the spec as the family runs it. */
export function timerVariation(
  spec: Spec,
  known: readonly StepVariation[],
): { readonly variation: StepVariation; readonly spec: Spec } | undefined {
  for (const k of known) {
    const v = spec.variations.find((x) => x.id === k.id);
    if (v && movesTimers(v)) return { variation: k, spec: specWith(spec, k.id) };
  }
  return undefined;
}

/** The spec with the variation's transitions as the family runs them; one object per variation, so its interpreted reference is made once. */
function specWith(spec: Spec, id: string): Spec {
  let bySpec = applied.get(spec);
  if (!bySpec) {
    bySpec = new Map();
    applied.set(spec, bySpec);
  }
  const known = bySpec.get(id);
  if (known) return known;
  const v = spec.variations.find((x) => x.id === id)!;
  const made: Spec = {
    ...spec,
    transitions: spec.transitions.map((t) => (v.transitions.includes(t.id) ? withVariation(t, v) : t)),
  };
  bySpec.set(id, made);
  return made;
}
