/**
 * `run --shard I/N`: the run's cases split into N parts of about equal cost, for a CI matrix
 * whose jobs each run one part (merge-reports joins their reports). The split depends only on
 * the run's cases (their IDs and costs), never on the machine or the order of anything, so
 * every job of the matrix computes the same split and the N parts cover the run exactly once.
 */
import type { Adapter } from '../adapter.js';
import type { TestCase } from '../../core/case.js';
import { workOf, type RunOptions } from '../harness/run-case.js';
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
 * The expected cost of a case on `adapter`: none if it will be pending, else the steps of its
 * runs (identifying sequences run the case again up to their checkpoint) and, on a real clock,
 * the time they wait.
 */
export function expectedCost(adapter: Adapter, tc: TestCase, opts: RunOptions): number {
  const work = workOf(adapter, tc, opts);
  return work.steps * STEP_MS + work.waitMs;
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
