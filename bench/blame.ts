/**
 * Blame's accuracy and cost. Over the planted faults of test/fixtures/planted-faults.ts (memo
 * profile, with and without the state query): how many mark FAIL exactly the rules a correct
 * blame marks, and how many FAIL verdicts land on innocent rules, by the scorecard before
 * blame (every rule of a test that failed at or after its own step) and now; and what the
 * blame analysis without a state query costs in run time (median ms per memo suite).
 */
import type { Spec } from '../core/spec/types.js';
import { PROFILES, profilesUpTo, type Profile, type TestCase } from '../core/case.js';
import { profileView } from '../core/spec/profiles.js';
import type { Adapter } from '../src/adapter.js';
import { ReferenceAdapter } from '../src/adapters/reference.js';
import { withoutStateQuery } from '../src/adapters/without-state-query.js';
import { runCase, type CaseResult } from '../src/harness/run-case.js';
import { settleBlame } from '../src/harness/settle.js';
import { untoldStates } from '../src/harness/unverified.js';
import { scorecard } from '../src/report/scorecard.js';
import { expectedVerdicts, forProfile, plantedFaults } from '../test/fixtures/planted-faults.js';

/** The rules the scorecard before blame showed as pass: some test passed, none failed or was blocked. */
function passedBefore(results: readonly CaseResult[], rules: readonly string[]): Set<string> {
  return new Set(
    rules.filter((rule) => {
      const mine = results.filter((r) => r.testCase.rules.includes(rule));
      return mine.some((r) => r.verdict.status === 'passed') && !mine.some((r) => r.verdict.status === 'failed');
    }),
  );
}

/** The scorecard before blame: a failure at or after the test's own step failed every rule the test names. */
function failedBefore(results: readonly CaseResult[]): Set<string> {
  return new Set(
    results.flatMap((r) =>
      r.verdict.status === 'failed' && r.verdict.failure.index >= r.testCase.focus ? r.testCase.rules : [],
    ),
  );
}

export async function benchBlame(
  spec: Spec,
  cases: readonly TestCase[],
  median: (xs: number[]) => number,
  rounds: number,
): Promise<string[]> {
  const lines: string[] = [];
  for (const profile of PROFILES) lines.push(...(await accuracy(spec, cases, profile)));
  lines.push(...(await cost(spec, cases, median, rounds, 'memo')));
  lines.push(...(await cost(spec, cases, median, Math.min(rounds, 3), 'rfc9293')));
  return lines;
}

/** How exactly the planted faults are blamed in the profile, before and now. */
async function accuracy(spec: Spec, cases: readonly TestCase[], profile: Profile): Promise<string[]> {
  const mine = cases.filter((c) => profilesUpTo(profile).includes(c.profile));
  const view = profileView(spec, profile);
  const untold = untoldStates(mine, profile);
  const rules = spec.rules
    .filter((r) => (profilesUpTo(profile) as readonly string[]).includes(r.source))
    .map((r) => r.id);
  const lines: string[] = [];
  for (const stateQuery of [true, false]) {
    const tally = {
      faults: 0,
      exactBefore: 0,
      exactNow: 0,
      wrongBefore: 0,
      wrongNow: 0,
      passedBefore: 0,
      passedNow: 0,
    };
    for (const fault of plantedFaults(spec, profile)) {
      const f = forProfile(fault, profile);
      const raw: CaseResult[] = [];
      for (const c of mine) {
        const adapter = stateQuery ? f.adapter() : withoutStateQuery(f.adapter());
        raw.push(await runCase(adapter, c, { profile, spec: async () => view, untold }));
      }
      const want = new Set(expectedVerdicts(spec, fault, stateQuery, profile).fail);
      const scores = scorecard(rules, await settleBlame(raw, { spec: async () => view }));
      const now = new Set(scores.filter((s) => s.verdict === 'FAIL').map((s) => s.rule));
      const before = failedBefore(raw);
      const same = (a: Set<string>) => a.size === want.size && [...a].every((r) => want.has(r));
      tally.faults++;
      tally.exactBefore += same(before) ? 1 : 0;
      tally.exactNow += same(now) ? 1 : 0;
      tally.wrongBefore += [...before].filter((r) => !want.has(r)).length;
      tally.wrongNow += [...now].filter((r) => !want.has(r)).length;
      const broken = [...(f.unsureWithoutQuery ?? []), ...f.fails];
      tally.passedNow += scores.filter((s) => broken.includes(s.rule) && s.verdict === 'pass').length;
      tally.passedBefore += [...passedBefore(raw, rules)].filter((r) => broken.includes(r)).length;
    }
    const mode = stateQuery ? 'with the state query' : 'without the state query';
    lines.push(
      `blame, ${tally.faults} planted faults, ${profile} profile ${mode}: exact before ${tally.exactBefore}/${tally.faults}, now ${tally.exactNow}/${tally.faults}; wrong FAIL verdicts before ${tally.wrongBefore}, now ${tally.wrongNow}; broken rules shown as pass before ${tally.passedBefore}, now ${tally.passedNow}`,
    );
  }
  return lines;
}

/** What the analysis costs: the profile's suite without the state query, against the reference and a planted fault. */
async function cost(
  spec: Spec,
  cases: readonly TestCase[],
  median: (xs: number[]) => number,
  rounds: number,
  profile: Profile,
): Promise<string[]> {
  const mine = cases.filter((c) => profilesUpTo(profile).includes(c.profile));
  const view = profileView(spec, profile);
  const untold = untoldStates(mine, profile);
  const lines: string[] = [];
  const time = async (make: () => Adapter, analyse: boolean) => {
    const out: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      const results: CaseResult[] = [];
      for (const c of mine)
        results.push(
          await runCase(
            withoutStateQuery(make()),
            c,
            analyse ? { profile, spec: async () => view, untold } : { profile },
          ),
        );
      if (analyse) await settleBlame(results, { spec: async () => view });
      out.push(performance.now() - t);
    }
    return median(out);
  };
  const stays = plantedFaults(spec, profile).find((f) => f.id === 'fin-wait-1-stays')!.adapter;
  for (const [name, make] of [
    ['the reference', () => new ReferenceAdapter()],
    ['planted fault fin-wait-1-stays', stays],
  ] as const) {
    const [plain, analysed] = [await time(make, false), await time(make, true)];
    lines.push(
      `blame analysis, ${profile} suite without the state query against ${name}: ${plain.toFixed(1)} ms without it, ${analysed.toFixed(1)} ms with it (x${(analysed / plain).toFixed(2)})`,
    );
  }
  return lines;
}
