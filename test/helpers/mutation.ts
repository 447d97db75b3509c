/**
 * The check that a profile's suite kills every spec mutant that is not equivalent: the memo
 * profile's in test/mutate.test.ts, the rfc9293 profile's (minutes of work) in test/slow/.
 */
import { expect } from 'chai';
import type { Profile } from '../../core/case.js';
import { formatProfile } from '../../src/mutate/format.js';
import { mutateProfile, tally } from '../../src/mutate/mutate-spec.js';
import { planned } from './plan.js';

export function itKillsEveryMutant(profile: Profile): void {
  for (const stateQuery of [true, false]) {
    it(`${profile}${stateQuery ? '' : ' without a state query'}: every mutant is killed or equivalent with a reason, and the suite beats the baseline`, async () => {
      const { spec, cases } = planned();
      const r = await mutateProfile(spec, cases, profile, { stateQuery });
      const t = tally(r.outcomes);
      expect(t.gaps, formatProfile(r, false).join('\n')).to.equal(0);
      expect(t.killed).to.be.greaterThan(0);
      for (const o of r.outcomes.filter((x) => x.killedBy.length === 0))
        expect(o.equivalent).to.be.a('string').and.not.equal('');
      expect(t.killed).to.be.greaterThan(t.baselineKilled);
      if (!stateQuery) {
        // Every next-state mutant the profile can tell apart is killed, by outputs alone.
        const nextState = r.outcomes.filter((o) => o.mutant.kind === 'next-state');
        expect(
          nextState.every((o) => o.killedBy.length > 0 || o.equivalent?.includes('without a state query')),
        ).to.equal(true);
      }
    });
  }
}
