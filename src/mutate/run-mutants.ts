/**
 * Running the suite against spec mutants. A mutant can only behave differently once its
 * mutated transition fires, and the reference is deterministic, so the cases that exercise
 * that transition run first and all of them (they are the killers worth naming); only when
 * none kills it does the rest of the suite run, to be sure it survives.
 */
import type { Adapter } from '../adapter.js';
import type { Profile, TestCase } from '../../core/case.js';
import { ReferenceAdapter } from '../adapters/reference.js';
import { withoutStateQuery } from '../adapters/without-state-query.js';
import { runCase } from '../harness/run-case.js';
import { interpretedReference } from './interpret.js';
import type { SpecMutant } from './spec-mutants.js';

export interface MutantRun {
  readonly mutant: SpecMutant;
  /** The ids of the cases that failed against the mutant. */
  readonly killedBy: readonly string[];
  /**
   * The allowances of the spec's latitude under which a case passed with a warning, or on a
   * retransmission timer other than the plan's, and the SHOULD labels a case departed from: the
   * mutant does what RFC 9293 allows (a RST with ACK, a timer RFC 6298 lets run on, a SYN
   * without the MSS option), so the suite may show it, but must not fail it.
   */
  readonly warnedUnder: readonly string[];
  /** How many cases ran (passed, failed or pending). */
  readonly ran: number;
}

export interface MutantRunOptions {
  /** false: the adapter hides its state, so states must be told apart by behaviour. */
  readonly stateQuery: boolean;
  /** The profile run: its inputs identify states. */
  readonly profile: Profile;
}

export async function runMutant(m: SpecMutant, cases: readonly TestCase[], opts: MutantRunOptions): Promise<MutantRun> {
  const reference = new ReferenceAdapter({ create: interpretedReference(m.spec) });
  const adapter = opts.stateQuery ? reference : withoutStateQuery(reference);
  const exercises = (c: TestCase) => c.steps.some((s) => s.transition === m.transition.id);
  const killedBy: string[] = [];
  const warnedUnder = new Set<string>();
  let ran = 0;
  for (const group of [cases.filter(exercises), cases.filter((c) => !exercises(c))]) {
    for (const c of group) {
      ran++;
      const verdict = await judged(adapter, c, m, opts);
      if (verdict === 'failed') killedBy.push(c.id);
      else for (const id of verdict) warnedUnder.add(id);
    }
    if (killedBy.length > 0) break;
  }
  return { mutant: m, killedBy, warnedUnder: [...warnedUnder], ran };
}

/** 'failed', or why the case passed with a warning: the allowances it used, the SHOULDs it departed from. */
async function judged(
  adapter: Adapter,
  c: TestCase,
  m: SpecMutant,
  opts: MutantRunOptions,
): Promise<'failed' | readonly string[]> {
  try {
    // Judged as a run judges: with the latitude RFC 9293 allows, which must not let a mutant through.
    const r = await runCase(adapter, c, {
      profile: opts.profile,
      latitude: m.spec.latitude,
      requirements: m.spec.requirements,
    });
    if (r.verdict.status === 'failed') return 'failed';
    return [
      ...(r.latitude ?? [])
        .filter((n) => n.allowance.level === 'warning' || n.allowance.allows === 'rto')
        .map((n) => `spec/latitude.yaml ${n.allowance.id}`),
      // A departure from SHOULD labels only (a SYN without the MSS option, SHLD-5): shown, not failed.
      ...(r.warnings ?? []).map((w) => `a SHOULD: ${w.blame.labels.join(' ')}`),
    ];
  } catch {
    // The mutant crashed (a segment size of 0 after a wrong next state, say): a run of the
    // suite would report that test as failed, so the test kills it.
    return 'failed';
  }
}
