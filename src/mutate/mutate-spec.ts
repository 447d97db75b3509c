/**
 * Spec mutation for one profile: every mutant of the profile's transitions, run against the
 * profile's generated cases and against the happy-path baseline, each survivor classified.
 */
import type { Spec } from '../../core/spec/types.js';
import { inProfile, profileView } from '../../core/spec/profiles.js';
import type { Profile, TestCase } from '../../core/case.js';
import { happyPathSuite } from './baseline.js';
import { equivalence } from './classify.js';
import { faultModel, type FaultModel } from './fault-model.js';
import { runMutant } from './run-mutants.js';
import { specMutants, type SpecMutant } from './spec-mutants.js';

export interface MutantOutcome {
  readonly mutant: SpecMutant;
  /** The generated cases that fail against it (empty: it survives). */
  readonly killedBy: readonly string[];
  /** Does the baseline suite catch it too? */
  readonly baselineKills: boolean;
  /** For a survivor no test of the profile can kill: why. */
  readonly equivalent?: string;
}

export interface ProfileMutation {
  readonly profile: Profile;
  readonly stateQuery: boolean;
  readonly cases: number;
  readonly baselineCases: readonly string[];
  readonly outcomes: readonly MutantOutcome[];
  readonly faultModel: FaultModel;
  readonly ms: number;
}

export interface MutateOptions {
  readonly stateQuery: boolean;
}

export async function mutateProfile(
  spec: Spec,
  allCases: readonly TestCase[],
  profile: Profile,
  opts: MutateOptions,
): Promise<ProfileMutation> {
  const started = performance.now();
  const view = profileView(spec, profile);
  const cases = allCases.filter((c) => inProfile(c, profile));
  const baseline = happyPathSuite(
    cases,
    spec.rules.filter((r) => r.source === 'memo').map((r) => r.id),
  );
  const run = { stateQuery: opts.stateQuery, profile };
  const outcomes: MutantOutcome[] = [];
  for (const m of specMutants(view)) {
    const { killedBy, warnedUnder } = await runMutant(m, cases, run);
    const baselineKills = (await runMutant(m, baseline, run)).killedBy.length > 0;
    const equivalent =
      killedBy.length > 0
        ? undefined
        : warnedUnder.length > 0
          ? `what it does is within RFC 9293's latitude or departs from a SHOULD only (${warnedUnder.join('; ')}): the suite accepts it, with a warning where the allowance says so, never as a failure`
          : equivalence(m, view, cases, profile, opts.stateQuery);
    outcomes.push({ mutant: m, killedBy, baselineKills, ...(equivalent ? { equivalent } : {}) });
  }
  const model = faultModel(spec, cases, profile);
  return {
    profile,
    stateQuery: opts.stateQuery,
    cases: cases.length,
    baselineCases: baseline.map((c) => c.id),
    outcomes,
    faultModel: model,
    ms: performance.now() - started,
  };
}

export interface Tally {
  readonly total: number;
  readonly killed: number;
  readonly equivalent: number;
  readonly gaps: number;
  readonly baselineKilled: number;
}

export function tally(outcomes: readonly MutantOutcome[]): Tally {
  const killed = outcomes.filter((o) => o.killedBy.length > 0).length;
  const equivalent = outcomes.filter((o) => o.equivalent).length;
  return {
    total: outcomes.length,
    killed,
    equivalent,
    gaps: outcomes.length - killed - equivalent,
    baselineKilled: outcomes.filter((o) => o.baselineKills).length,
  };
}
