/**
 * Steps a run could not check. Without a state query, a state is known only by the answers
 * of the inputs that identify it. Where another state gives the same answers to everything
 * the run did (Identify.none at a checkpoint; or, before the transition under test, a state
 * from which the spec answers the rest of the case alike and ends where the case does), the
 * step that entered the state, and every step after it, which relies on it, are unverified:
 * never counted as passed.
 */
import { profilesUpTo, type Identify, type Profile, type Step, type TestCase } from '../../core/case.js';
import { enteringStep } from './blame.js';

/** A state the run could not tell from others: the step that entered it, and those others. */
export interface Doubt {
  readonly entered: number;
  readonly state: string;
  /** The states nothing the run did tells it from ('*': every other state). */
  readonly untold: readonly string[];
}

/** The state before the transition under test (step `from`), entered at step `entered` by `transition`; the states the case may end in. */
export interface StartCheck {
  readonly entered: number;
  readonly from: number;
  readonly state: string;
  readonly transition: string;
  readonly ending: readonly string[];
}

export interface Unverified extends Doubt {
  readonly index: number;
  readonly transition: string;
  readonly rules: readonly string[];
  readonly labels: readonly string[];
}

/** The doubts the checkpoints leave: states identified by no sequence, or told from some state by none. */
export function checkpointDoubts(tc: TestCase, ids: readonly Identify[]): Doubt[] {
  return ids.flatMap((id) => {
    // No sequence the adapter can perform: every other state is untold.
    const untold = id.sequences.length === 0 ? ['*'] : id.none;
    return untold.length > 0 ? [{ entered: enteringStep(tc.steps, id.at, tc.initial), state: id.state, untold }] : [];
  });
}

/**
 * For each state, the states no identification of it in the plan tells it from (those every
 * checkpoint of the state, in the profiles run, leaves in `none`): a step entering the state
 * cannot be told, by outputs, from one entering those.
 */
export function untoldStates(cases: readonly TestCase[], profile: Profile): ReadonlyMap<string, readonly string[]> {
  const allowed = profilesUpTo(profile);
  const untold = new Map<string, string[]>();
  for (const id of cases.flatMap((c) => c.identify ?? [])) {
    if (!allowed.includes(id.profile)) continue;
    const known = untold.get(id.state);
    untold.set(id.state, known ? known.filter((s) => id.none.includes(s)) : [...id.none]);
  }
  return untold;
}

/** The state the case's steps leave the IUT in before step `index`. */
export function stateBefore(steps: readonly Step[], index: number, initial: string): string {
  let state = initial;
  for (const step of steps.slice(0, index)) {
    if (step.kind === 'reset') state = initial;
    else if (step.kind !== 'distinct') state = step.expect.state;
  }
  return state;
}

/** Every step from the one that entered a doubtful state on, each with the first doubt it relies on. */
export function unverifiedSteps(tc: TestCase, doubts: readonly Doubt[]): Unverified[] {
  const found = new Map<number, Unverified>();
  for (const doubt of doubts) {
    for (const [index, step] of tc.steps.entries()) {
      if (index < doubt.entered || found.has(index) || step.kind === 'reset' || step.kind === 'distinct') continue;
      found.set(index, {
        ...doubt,
        entered: Math.max(0, doubt.entered),
        index,
        transition: step.transition,
        rules: step.rules,
        labels: step.labels,
      });
    }
  }
  return [...found.values()].sort((a, b) => a.index - b.index);
}
