/**
 * Steps a run could not check. Without a state query, a state is known only by the answers
 * of the inputs that identify it; where the spec gives another state the same answers to
 * every input the run can make (Identify.none), nothing tells them apart: the transition that
 * entered the state, and every step after it that relies on it, is unverified, never passed.
 */
import type { Identify, TestCase } from '../../core/case.js';
import { enteringStep, labelsOf } from './blame.js';

export interface Unverified {
  readonly index: number;
  readonly transition: string;
  readonly rules: readonly string[];
  readonly labels: readonly string[];
  /** The state the step leads to or relies on, and the states nothing this run can do tells it from ('*': every other state). */
  readonly state: string;
  readonly untold: readonly string[];
}

/** The unverified steps of a case run without a state query, identifying states with `ids`. */
export function unverifiedSteps(tc: TestCase, ids: readonly Identify[]): Unverified[] {
  const found = new Map<number, Unverified>();
  for (const id of ids) {
    // No sequence the adapter can perform: every other state is untold.
    const untold = id.sequences.length === 0 ? ['*'] : id.none;
    if (untold.length === 0) continue;
    const from = Math.max(0, enteringStep(tc.steps, id.at, tc.initial));
    for (const [index, step] of tc.steps.entries()) {
      if (index < from || found.has(index) || step.kind === 'reset' || step.kind === 'distinct') continue;
      found.set(index, {
        index,
        transition: step.transition,
        rules: step.rules,
        labels: labelsOf(step),
        state: id.state,
        untold,
      });
    }
  }
  return [...found.values()].sort((a, b) => a.index - b.index);
}
