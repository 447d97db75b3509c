/**
 * A fuzz run: fast-check generates walks, runs each on the IUT and the model, and on a failure
 * shrinks the walk to a short one that still fails. The seed and the shrink path replay that
 * walk exactly.
 */
import fc from 'fast-check';
import { DEFAULT_ENDPOINTS, type Adapter } from '../adapter.js';
import type { Profile } from '../../core/case.js';
import type { Spec } from '../../core/spec/types.js';
import { walkArbitrary, type Walk } from './steps.js';
import { Walker, type WalkResult } from './walk.js';

export interface FuzzOptions {
  /** The spec the walks are checked against (the model runs it). */
  readonly spec: Spec;
  readonly profile: Profile;
  readonly runs: number;
  readonly maxSteps: number;
  readonly seed?: number | undefined;
  /** Run only the walk that this seed and shrink path name. */
  readonly replay?: { readonly seed: number; readonly path: string } | undefined;
}

export interface FuzzOutcome {
  readonly seed: number;
  /** Walks run, shrinking included. */
  readonly runs: number;
  /** Steps run on both sides, over all walks. */
  readonly steps: number;
  readonly ms: number;
  readonly failed?: {
    readonly walk: Walk;
    readonly result: WalkResult;
    readonly path: string;
    /** Walks run until the first failure, and shrinking steps that kept it failing. */
    readonly found: number;
    readonly shrinks: number;
  };
}

export async function fuzz(iut: Adapter, opts: FuzzOptions): Promise<FuzzOutcome> {
  const walker = new Walker(opts.spec, iut, opts.profile, DEFAULT_ENDPOINTS);
  const shape = {
    maxSteps: opts.maxSteps,
    advances: iut.capabilities.virtualClock,
    isnOverride: iut.capabilities.isnOverride,
    exact: opts.profile === 'memo' ? 40 : 8,
  };
  let runs = 0;
  let steps = 0;
  // fast-check's counterexample is the last walk that failed: keep what that walk showed.
  let last: { walk: Walk; result: WalkResult } | undefined;
  const property = fc.asyncProperty(walkArbitrary(shape), async (walk) => {
    const result = await walker.run(walk);
    runs++;
    steps += result.steps;
    if (result.failure) last = { walk, result };
    return result.failure === undefined;
  });
  const start = performance.now();
  const seed = opts.replay?.seed ?? opts.seed;
  const details = await fc.check(property, {
    numRuns: opts.runs,
    ...(seed !== undefined ? { seed } : {}),
    ...(opts.replay ? { path: opts.replay.path, endOnFailure: true } : {}),
  });
  const ms = performance.now() - start;
  if (!details.failed) return { seed: details.seed, runs, steps, ms };
  // A failure that is not a walk's (a bug here, not in the IUT) must not pass for one.
  if (!last || last.walk !== details.counterexample?.[0])
    throw details.errorInstance ?? new Error('internal: fast-check failed without a failing walk');
  return {
    seed: details.seed,
    runs,
    steps,
    ms,
    failed: { ...last, path: details.counterexamplePath!, found: details.numRuns, shrinks: details.numShrinks },
  };
}
