/**
 * Why a spec mutant survives. Some mutants cannot be told from the spec by any test of the
 * profile — those are equivalent, and the reason is computed from the spec and the plan, not
 * written by hand. Every other survivor is a gap: a test the plan does not make yet.
 */
import type { Spec } from '../../core/spec/types.js';
import type { Profile, TestCase } from '../../core/case.js';
import type { SpecMutant } from './spec-mutants.js';

/** The reason a surviving mutant is equivalent for this profile (and state query), or undefined for a gap. */
export function equivalence(
  m: SpecMutant,
  view: Spec,
  cases: readonly TestCase[],
  profile: Profile,
  stateQuery: boolean,
): string | undefined {
  const t = m.transition;
  const { timer, to: wrong } = m;
  if (timer && !view.transitions.some((u) => u.input.kind === 'timer' && u.input.timer === timer)) {
    return `no transition of the ${profile} profile takes the ${timer} timer, so whether it runs cannot show`;
  }
  if (wrong && !stateQuery) {
    const blind = cases.some(
      (c) =>
        c.transition === t.id &&
        (c.identify ?? []).some(
          (id) => id.profile === profile && id.state === t.to && id.at === c.steps.length && id.none.includes(wrong),
        ),
    );
    if (blind) {
      return `without a state query, no sequence of up to 4 inputs the ${profile} profile specifies in ${t.to} makes ${wrong} answer differently`;
    }
  }
  return undefined;
}
