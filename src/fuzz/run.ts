/**
 * A fuzz campaign: fast-check generates walks from a seed, a runner runs each on the IUT and the
 * model, and failures are grouped by signature (the transition, field and labels of the first
 * step that differs: src/fuzz/blame.ts). Without `keepGoing` the campaign ends at the first
 * failure; with it, it runs its whole budget (walks or time). Each group's smallest walk is then
 * shrunk by fast-check to a short one that still fails *with the same signature* (so shrinking
 * never slides into another group's fault), and the seed and fast-check's path name that walk:
 * `--replay SEED:PATH` runs exactly it again.
 *
 * The campaign takes runners, functions of a walk, one per worker (`fuzz --jobs N`: N
 * implementations): walks run N at a time and their results are taken in walk order, so a
 * campaign of N workers finds what one finds (the same groups, counts and first walks), only
 * sooner. Shrinking is sequential, on the first worker.
 */
import fc from 'fast-check';
import { DEFAULT_ENDPOINTS, type Adapter } from '../adapter.js';
import type { Profile } from '../../core/case.js';
import type { Spec } from '../../core/spec/types.js';
import { walkArbitrary, type Walk, type WalkShape } from './steps.js';
import { Walker, type WalkResult } from './walk.js';
import { signatureOf, type FuzzBlame } from './blame.js';

export interface FuzzOptions {
  /** The spec the walks are checked against (the model runs it). */
  readonly spec: Spec;
  readonly profile: Profile;
  /** The budget: walks, and/or milliseconds; 100 walks when neither is given. */
  readonly runs?: number | undefined;
  readonly timeMs?: number | undefined;
  readonly maxSteps: number;
  readonly seed?: number | undefined;
  readonly keepGoing?: boolean;
  /** Run only the walk that this seed and path name. */
  readonly replay?: { readonly seed: number; readonly path: string } | undefined;
}

/** Fuzz `iut` (or several instances of it, one walk at a time each) against the reference as the model. */
export async function fuzz(iut: Adapter | readonly Adapter[], opts: FuzzOptions): Promise<CampaignOutcome> {
  const iuts = Array.isArray(iut) ? (iut as readonly Adapter[]) : [iut as Adapter];
  const runners: Runner[] = iuts.map((a) => {
    const walker = new Walker(opts.spec, a, opts.profile, DEFAULT_ENDPOINTS);
    return (walk) => walker.run(walk);
  });
  const first = iuts[0]!;
  const shape: WalkShape = {
    maxSteps: opts.maxSteps,
    advances: first.capabilities.virtualClock,
    isnOverride: first.capabilities.isnOverride,
    exact: opts.profile === 'memo' ? 40 : 8,
  };
  if (opts.replay) return replay(runners[0]!, shape, opts.replay.seed, opts.replay.path);
  const timed = opts.timeMs !== undefined;
  return campaign(runners, {
    shape,
    seed: opts.seed ?? randomSeed(),
    runs: opts.runs ?? (timed ? undefined : 100),
    timeMs: opts.timeMs,
    keepGoing: opts.keepGoing ?? false,
  });
}

/** A seed as fast-check draws one when given none. */
const randomSeed = () => (Date.now() ^ (Math.random() * 0x1_0000_0000)) | 0;

/** Run the one walk `seed` and `path` name, as a campaign of one walk (not shrunk again). */
async function replay(run: Runner, shape: WalkShape, seed: number, path: string): Promise<CampaignOutcome> {
  const start = performance.now();
  const walk = walkAt(shape, seed, path);
  const result = await run(walk);
  const ms = performance.now() - start;
  const groups: Group[] = result.failure
    ? [
        {
          signature: signatureOf(result.failure.blame),
          blame: result.failure.blame,
          count: 1,
          first: 0,
          walk,
          result,
          path,
          shrinks: 0,
          reproduced: true,
        },
      ]
    : [];
  return { seed, runs: 1, steps: result.steps, shrinkRuns: 0, ms, failedWalks: groups.length, groups };
}

export type Runner = (walk: Walk) => Promise<WalkResult>;

export interface CampaignOptions {
  readonly shape: WalkShape;
  /** Fixed by the caller (a random one when the user gives none), so every group can name it. */
  readonly seed: number;
  /** The budget: at most this many walks, and/or for at most this long; at least one is given. */
  readonly runs?: number | undefined;
  readonly timeMs?: number | undefined;
  /** Run the whole budget past failures instead of ending at the first. */
  readonly keepGoing: boolean;
}

export interface Group {
  readonly signature: string;
  readonly blame: FuzzBlame;
  /** The walks of the budget that failed with this signature, and the first of them (0-based). */
  readonly count: number;
  readonly first: number;
  /** The shrunk walk, what it showed, and the fast-check path that replays it from the seed. */
  readonly walk: Walk;
  readonly result: WalkResult;
  readonly path: string;
  /** Shrinking steps that kept the failure (0 when the smallest walk did not fail again: `reproduced` false). */
  readonly shrinks: number;
  readonly reproduced: boolean;
}

export interface CampaignOutcome {
  readonly seed: number;
  /** Walks run within the budget (shrinking not counted), and the steps they ran on both sides. */
  readonly runs: number;
  readonly steps: number;
  /** Walks run while shrinking. */
  readonly shrinkRuns: number;
  readonly ms: number;
  /** Walks of the budget that failed, over all groups. */
  readonly failedWalks: number;
  /** In the order first found. */
  readonly groups: readonly Group[];
}

/** Walks are drawn from the seed this many at a time (fast-check's path skips to the first). */
const BATCH = 64;

export async function campaign(runner: Runner | readonly Runner[], opts: CampaignOptions): Promise<CampaignOutcome> {
  const runners = typeof runner === 'function' ? [runner] : runner;
  const arbitrary = walkArbitrary(opts.shape);
  const start = performance.now();
  const deadline = opts.timeMs !== undefined ? start + opts.timeMs : Infinity;
  const found = new Map<string, Found>();
  let runs = 0;
  let steps = 0;
  let failed = 0;
  let batch: Walk[] = [];
  let stop = false;
  while (!stop && (opts.runs === undefined || runs < opts.runs) && performance.now() < deadline) {
    // One walk per worker, never past the budget of walks or the batch drawn.
    const n = Math.min(runners.length, (opts.runs ?? Infinity) - runs, BATCH - (runs % BATCH));
    if (runs % BATCH === 0) batch = sampleAt(arbitrary, opts.seed, String(runs), BATCH);
    const walks = batch.slice(runs % BATCH, (runs % BATCH) + n);
    const results = await Promise.all(walks.map((w, i) => runners[i]!(w)));
    for (const [i, result] of results.entries()) {
      const walk = walks[i]!;
      const index = runs++;
      steps += result.steps;
      if (!result.failure) continue;
      failed++;
      const signature = signatureOf(result.failure.blame);
      // Smallest: the fewest steps up to the one that fails.
      const length = result.failure.index + 1;
      const group = found.get(signature);
      const smallest = { index, length, walk, result };
      if (!group) found.set(signature, { blame: result.failure.blame, count: 1, first: index, smallest });
      else {
        group.count++;
        if (length < group.smallest.length) group.smallest = smallest;
      }
      // Ending at the first failure: the walks after it in this round count as not run.
      if (!opts.keepGoing) {
        stop = true;
        break;
      }
    }
  }
  const ms = performance.now() - start;
  let shrinkRuns = 0;
  const groups: Group[] = [];
  for (const [signature, g] of found) {
    const shrunk = await shrink(runners[0]!, arbitrary, opts.seed, g.smallest, signature);
    shrinkRuns += shrunk.runs;
    groups.push({ signature, blame: g.blame, count: g.count, first: g.first, ...shrunk.found });
  }
  return { seed: opts.seed, runs, steps, shrinkRuns, ms, failedWalks: failed, groups };
}

interface Found {
  readonly blame: FuzzBlame;
  count: number;
  readonly first: number;
  /** The failing walk with the fewest steps up to its failure. */
  smallest: { readonly index: number; readonly length: number; readonly walk: Walk; readonly result: WalkResult };
}

/** The walk that `seed` and `path` name (a run index, then shrinking steps): a replay runs only it. */
export const walkAt = (shape: WalkShape, seed: number, path: string): Walk =>
  sampleAt(walkArbitrary(shape), seed, path, 1)[0]!;

/** `n` walks from the one `path` names: fast-check's path skips to it without generating the walks before. */
const sampleAt = (arbitrary: fc.Arbitrary<Walk>, seed: number, path: string, n: number): Walk[] =>
  fc.sample(arbitrary, { seed, path, numRuns: n });

/** Shrink the walk at run `index` to a short one that fails with the same signature. */
async function shrink(
  run: Runner,
  arbitrary: fc.Arbitrary<Walk>,
  seed: number,
  smallest: Found['smallest'],
  signature: string,
): Promise<{ runs: number; found: Pick<Group, 'walk' | 'result' | 'path' | 'shrinks' | 'reproduced'> }> {
  let runs = 0;
  // fast-check's counterexample is the last walk that failed: keep what that walk showed.
  let last: { walk: Walk; result: WalkResult } | undefined;
  const property = fc.asyncProperty(arbitrary, async (walk) => {
    const result = await run(walk);
    runs++;
    const same = result.failure !== undefined && signatureOf(result.failure.blame) === signature;
    if (same) last = { walk, result };
    return !same;
  });
  const { index } = smallest;
  const details = await fc.check(property, { seed, path: String(index), numRuns: index + 1 });
  if (details.failed && last && last.walk === details.counterexample?.[0])
    return {
      runs,
      found: { ...last, path: details.counterexamplePath!, shrinks: details.numShrinks, reproduced: true },
    };
  // A failure that is not a walk's (a bug here, not in the IUT) must not pass for one.
  if (details.failed) throw details.errorInstance ?? new Error('internal: fast-check failed without a failing walk');
  // The IUT did not fail the same walk again (it is not deterministic): show the walk as first run.
  const { walk, result } = smallest;
  return { runs, found: { walk, result, path: String(index), shrinks: 0, reproduced: false } };
}
