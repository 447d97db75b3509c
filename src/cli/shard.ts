/**
 * `run --shard I/N`: the run's cases split into N parts of about equal cost, for a CI matrix
 * whose jobs each run one part (merge-reports joins their reports). The split depends only on
 * the run's cases (their IDs and costs), never on the machine or the order of anything, so
 * every job of the matrix computes the same split and the N parts cover the run exactly once.
 */
import type { RealClock } from '../adapter.js';
import type { TestCase, Term } from '../../core/case.js';
import { realWaits, totalWait } from '../harness/real-time.js';
import { UsageError } from './usage.js';

export interface Shard {
  /** 1-based, as the flag writes it. */
  readonly index: number;
  readonly count: number;
}

export function parseShard(value: string | undefined): Shard | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const shard = m ? { index: Number(m[1]), count: Number(m[2]) } : undefined;
  if (!shard || shard.count < 1 || shard.index < 1 || shard.index > shard.count)
    throw new UsageError(`--shard needs I/N with 1 <= I <= N (as 2/3), got "${value}"`);
  return shard;
}

/**
 * What a step costs an implementation that answers at once, in the milliseconds of the
 * kernel's: each step ends after 25 ms of quiet.
 */
const STEP_MS = 25;

/**
 * The expected cost of a case: its steps, and those its identifying sequences run again (each
 * a fresh run of the case up to its checkpoint), and on a real clock the time it waits.
 */
export function expectedCost(tc: TestCase, params: Readonly<Record<string, number>>, clock?: RealClock): number {
  const reruns = (tc.identify ?? []).flatMap((id) => id.sequences.map((s) => id.at + s.length));
  const steps = tc.steps.length + reruns.reduce((a, b) => a + b, 0);
  const waited = clock ? totalWait(realWaits(tc.steps, (s) => termValue(s.ms, tc, params), clock)) : 0;
  return steps * STEP_MS + Math.min(waited, clock?.limitMs ?? 0);
}

/** A wait's planned length: a number or a multiple of a parameter (2*MSL). */
function termValue(t: Term, tc: TestCase, params: Readonly<Record<string, number>>): number {
  if (t.base === undefined) return t.off;
  const base = params[t.base] ?? tc.parameters[t.base] ?? 0;
  return (t.k ?? 1) * base + t.off;
}

/**
 * The cases of shard `shard`, in their order in `cases`. Longest first, each case goes to the
 * part with the least cost so far (the lowest-numbered among equals); equal costs are taken
 * in the order of their IDs.
 */
export function shardOf<T extends Pick<TestCase, 'id'>>(
  cases: readonly T[],
  shard: Shard,
  cost: (tc: T) => number,
): T[] {
  const costed = cases.map((tc) => ({ id: tc.id, cost: cost(tc) }));
  costed.sort((a, b) => b.cost - a.cost || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const loads = new Array<number>(shard.count).fill(0);
  const mine = new Set<string>();
  for (const c of costed) {
    const part = loads.indexOf(Math.min(...loads));
    loads[part]! += c.cost;
    if (part === shard.index - 1) mine.add(c.id);
  }
  return cases.filter((tc) => mine.has(tc.id));
}
