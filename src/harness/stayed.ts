/**
 * RFC 1337's TIME_WAIT: an endpoint may ignore a RST in TIME_WAIT and stay there until 2*MSL
 * expires (spec/latitude.yaml rfc1337-time-wait), where the spec closes the connection. The
 * rest of the case was planned for CLOSED; to judge it the judge needs what the endpoint that
 * stayed would do instead. That is the spec run on numbers (the interpreted reference, as in
 * fits.ts) over the case's own inputs, the RST left out: its outputs and state at each later
 * step become that step's expectation, with the transition it took, so a failure there blames
 * what TIME_WAIT's transitions say. Fuzzing follows such an endpoint with its own model
 * (src/fuzz/walk.ts), on the same test of the RST and the same expectation at it.
 */
import type { Expectation, SegmentPattern, Step } from '../../core/case.js';
import type { Spec } from '../../core/spec/types.js';
import { bytes, hasFlag, text, type Segment } from '../../core/segment.js';
import type { Endpoints } from '../adapter.js';
import { ReferenceAdapter } from '../adapters/reference.js';
import { normalizeEvents } from './check.js';
import { interpreted, isnOf } from './fits.js';
import { injectedSegment, type Bindings } from './terms.js';
import { stateBefore } from './unverified.js';

/** Is step `i` a RST in TIME_WAIT that the spec closes the connection on (one an RFC 1337 endpoint ignores)? */
export function ignorableRst(steps: readonly Step[], i: number, initial: string): boolean {
  const step = steps[i];
  return step?.kind === 'inject' && closesTimeWait(step.segment, stateBefore(steps, i, initial), step.expect.state);
}

/** Did a segment that took the spec from `before` to `after` close TIME_WAIT with a RST (what RFC 1337 ignores)? */
export function closesTimeWait(segment: Pick<Segment, 'flags'>, before: string, after: string): boolean {
  return hasFlag(segment, 'RST') && before === 'TIME_WAIT' && after === 'CLOSED';
}

/** What the endpoint that ignores the RST does at it: nothing, and it stays in TIME_WAIT. */
export const STAYED_AT_RST: Expectation = { segments: [], app: [], state: 'TIME_WAIT' };

/**
 * Step `at` as the endpoint that ignored the RST of step `ignored` would take it: the step
 * with the expectation, transition, rules and labels of what the spec does from there.
 */
export async function stayedStep(
  spec: Spec,
  steps: readonly Step[],
  ignored: number,
  at: number,
  b: Bindings,
  ends: Endpoints,
  /** The implementation's parameters (its MSL times the TIME_WAIT it stays in). */
  params: Readonly<Record<string, number>>,
): Promise<Step> {
  const step = steps[at]!;
  if (step.kind !== 'reset' && step.kind !== 'distinct' && at === ignored)
    return { ...step, expect: STAYED_AT_RST, transition: step.transition };
  return specStep(spec, steps, at, b, ends, params, ignored);
}

/**
 * Step `at` as `spec` run on numbers takes it over the case's inputs (step `skipped` left
 * out): the step with that run's outputs and state as its expectation, and the transition,
 * rules and labels it took.
 */
export async function specStep(
  spec: Spec,
  steps: readonly Step[],
  at: number,
  b: Bindings,
  ends: Endpoints,
  params: Readonly<Record<string, number>>,
  skipped = -1,
): Promise<Step> {
  const step = steps[at]!;
  if (step.kind === 'reset' || step.kind === 'distinct') return step;
  let traced: string[] = [];
  const create = interpreted(spec);
  const adapter = new ReferenceAdapter({
    endpoints: ends,
    create: (opts) => create({ ...opts, params: { ...opts.params, ...params } }),
    trace: (l) => traced.push(l),
  });
  let connection = 1;
  await adapter.reset(isnOf(b.all(), connection));
  let expect: Expectation | undefined;
  for (const [i, s] of steps.slice(0, at + 1).entries()) {
    if (s.kind === 'reset') await adapter.reset(isnOf(b.all(), ++connection));
    if (s.kind === 'reset' || s.kind === 'distinct' || i === skipped) continue;
    traced = [];
    const reaction =
      s.kind === 'inject'
        ? await adapter.deliver(injectedSegment(s.segment, b, ends))
        : s.kind === 'advance'
          ? await adapter.advance(b.value(s.ms))
          : await adapter.call(s.data !== undefined ? { call: s.call, data: bytes(s.data) } : { call: s.call });
    if (i === at)
      expect = {
        segments: reaction.segments.map(patternOf),
        app: normalizeEvents(reaction.app),
        state: await adapter.state(),
      };
  }
  const taken = traced.map((l) => /\(([^)]+)\)$/.exec(l)?.[1]).filter((id) => id !== undefined);
  const transition = spec.transitions.find((t) => t.id === taken[taken.length - 1]);
  if (!transition) return { ...step, expect: expect! };
  return {
    ...step,
    expect: expect!,
    transition: transition.id,
    rules: transition.rules,
    labels: transition.labels ?? [],
  };
}

/** A segment the spec sent, as a pattern of its very numbers. */
function patternOf(s: Segment): SegmentPattern {
  return {
    flags: s.flags,
    seq: { off: s.seq },
    ...(hasFlag(s, 'ACK') ? { ack: { off: s.ack } } : {}),
    mss: s.mss === undefined ? 'absent' : { off: s.mss },
    data: text(s.payload),
  };
}
