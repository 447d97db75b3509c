/**
 * Running a profile's cases as `run` does (the spec at hand for blame, blame settled over the
 * run) and checking the planted faults' blame: shared by test/blame.test.ts (memo) and
 * test/slow/blame-rfc9293.test.ts.
 */
import type { Profile } from '../../core/case.js';
import type { Allowance } from '../../core/latitude.js';
import { profileView } from '../../core/spec/profiles.js';
import type { Adapter } from '../../src/adapter.js';
import { withoutStateQuery } from '../../src/adapters/without-state-query.js';
import { runCase, type CaseResult } from '../../src/harness/run-case.js';
import { settleBlame } from '../../src/harness/settle.js';
import { untoldStates } from '../../src/harness/unverified.js';
import { scorecard, type RuleScore } from '../../src/report/scorecard.js';
import { expectedVerdicts, forProfile, plantedFaults, UNSURE } from '../fixtures/planted-faults.js';
import { planned } from './plan.js';

/** Every case of the profile against the adapter, judged as `run` judges: the results, settled, and the scorecard. */
export async function runProfile(
  make: () => Adapter,
  stateQuery: boolean,
  profile: Profile = 'memo',
  latitude: readonly Allowance[] = [],
): Promise<{ results: CaseResult[]; scores: RuleScore[] }> {
  const { spec, cases: all } = planned();
  const view = profileView(spec, profile);
  const cases = all.filter((c) => profile === 'rfc9293' || c.profile === 'memo');
  const untold = untoldStates(cases, profile);
  const raw: CaseResult[] = [];
  for (const c of cases) {
    const adapter = stateQuery ? make() : withoutStateQuery(make());
    raw.push(
      await runCase(adapter, c, { profile, spec: async () => view, untold, requirements: spec.requirements, latitude }),
    );
  }
  const results = await settleBlame(raw, { spec: async () => view });
  const rules = spec.rules.filter((r) => profile === 'rfc9293' || r.source === 'memo').map((r) => r.id);
  return { results, scores: scorecard(rules, results) };
}

export const withVerdict = (scores: readonly RuleScore[], ...verdicts: string[]) =>
  scores.filter((s) => verdicts.includes(s.verdict)).map((s) => s.rule);

/**
 * What the planted faults' blame gets wrong in the profile: empty when every fault is blamed
 * exactly. `around`: each fault inside an implementation within RFC 9293's latitude, judged
 * with the spec's latitude.
 */
export async function plantedFaultErrors(
  profile: Profile,
  stateQuery: boolean,
  around?: (inner: Adapter) => Adapter,
): Promise<string[]> {
  const { spec } = planned();
  const faults = plantedFaults(spec, profile);
  const wrong: string[] = faults.length >= 12 ? [] : [`only ${faults.length} planted faults`];
  for (const fault of faults) {
    const f = forProfile(fault, profile);
    const { scores, results } = around
      ? await runProfile(() => around(f.adapter()), stateQuery, profile, spec.latitude)
      : await runProfile(f.adapter, stateQuery, profile);
    const want = expectedVerdicts(spec, fault, stateQuery, profile);
    // A fault is seen: a test fails, or, where it departs from SHOULDs only, a test warns.
    const seen = (r: CaseResult) => r.verdict.status === 'failed' || (want.fail.length === 0 && r.warnings);
    if (stateQuery && !results.some(seen)) wrong.push(`${f.id}: no test fails or warns`);
    const got = withVerdict(scores, 'FAIL');
    if (got.join(' ') !== want.fail.join(' '))
      wrong.push(`${f.id}: FAIL ${got.join(' ')}, want ${want.fail.join(' ')}`);
    const warned = withVerdict(scores, 'warning');
    if (warned.join(' ') !== want.warn.join(' '))
      wrong.push(`${f.id}: warnings on ${warned.join(' ')}, want ${want.warn.join(' ')}`);
    // A rule the fault breaks that the run cannot pin is never shown as passed.
    for (const rule of stateQuery ? [] : (f.unsureWithoutQuery ?? [])) {
      const v = scores.find((s) => s.rule === rule)!.verdict;
      if (!UNSURE.includes(v)) wrong.push(`${f.id}: ${rule} is ${v}, want one of ${UNSURE.join(', ')}`);
    }
  }
  return wrong;
}
