/**
 * Which states a wrong answer fits. When the inputs that identify a state get other answers,
 * the spec is run on numbers (the interpreted reference) over the same inputs the test sent,
 * up to the checkpoint, then put in each state in turn with the variables the path left, and
 * given the identifying inputs: a state fits when it sends exactly the segments the
 * implementation sent. Application events are not compared (the transcript does not keep them).
 */
import type { Spec } from '../../core/spec/types.js';
import type { Step } from '../../core/case.js';
import { bytes, controlKey, equalBytes, type Segment } from '../../core/segment.js';
import { ReferenceAdapter } from '../adapters/reference.js';
import { interpretedReference, type InterpretedEndpoint } from '../mutate/interpret.js';
import type { CaseResult, TranscriptEntry } from './run-case.js';
import type { StartCheck } from './unverified.js';
import type { Endpoints } from '../adapter.js';

/** The spec as a running reference, made once per spec model: making its machine is the costly part. */
const references = new WeakMap<Spec, ReturnType<typeof interpretedReference>>();
export function interpreted(spec: Spec): ReturnType<typeof interpretedReference> {
  const known = references.get(spec);
  if (known) return known;
  const made = interpretedReference(spec);
  references.set(spec, made);
  return made;
}

/** What one step sent, as the transcript has it: its input, and the segments that came back. */
interface Exchanged {
  readonly input?: TranscriptEntry;
  readonly received: readonly Segment[];
}

/** The transcript cut per step (a new connection and the ISN comparison exchange nothing). */
function perStep(steps: readonly Step[], transcript: readonly TranscriptEntry[]): Exchanged[] {
  const out: Exchanged[] = [];
  let at = 0;
  for (const step of steps) {
    if (step.kind === 'reset' || step.kind === 'distinct' || at >= transcript.length) {
      out.push({ received: [] });
      continue;
    }
    const input = transcript[at++]!;
    const received: Segment[] = [];
    while (at < transcript.length && (transcript[at]!.kind === 'received' || transcript[at]!.kind === 'state')) {
      const e = transcript[at++]!;
      if (e.kind === 'received') received.push(e.segment);
    }
    out.push({ input, received });
  }
  return out;
}

const same = (a: Segment, b: Segment) =>
  controlKey(a.flags.filter((f) => f !== 'PSH')) === controlKey(b.flags.filter((f) => f !== 'PSH')) &&
  a.seq === b.seq &&
  (!a.flags.includes('ACK') || a.ack === b.ack) &&
  a.mss === b.mss &&
  equalBytes(a.payload, b.payload);

/**
 * The states of `spec` that answer the identifying steps (from `from` up to and including
 * `upTo`) as the implementation did, after the case's steps before `from`.
 */
export async function statesThatFit(
  spec: Spec,
  run: { readonly steps: readonly Step[]; readonly from: number; readonly upTo: number },
  transcript: readonly TranscriptEntry[],
  bindings: Readonly<Record<string, number>>,
  endpoints: Endpoints,
): Promise<string[]> {
  const exchanged = perStep(run.steps, transcript);
  const fits: string[] = [];
  for (const { name } of spec.states) {
    if ((await replayFrom(spec, name, run, exchanged, bindings, endpoints)) !== undefined) fits.push(name);
  }
  return fits;
}

/**
 * Of `candidates`, the states the implementation could have been in before step `from` of the
 * result's case (its whole run, `result`) that answer every step from there to the end as it did and end in a state among `ending`:
 * then nothing the run saw shows that step `from` started where the case says.
 */
export async function startsThatFit(
  spec: Spec,
  check: Pick<StartCheck, 'from' | 'ending'>,
  candidates: readonly string[],
  result: Pick<CaseResult, 'testCase' | 'transcript' | 'bindings'>,
  endpoints: Endpoints,
): Promise<string[]> {
  const { steps } = result.testCase;
  const { ending } = check;
  const exchanged = perStep(steps, result.transcript);
  const whole = { steps, from: check.from, upTo: steps.length - 1 };
  const bindings = result.bindings;
  const fits: string[] = [];
  for (const name of candidates) {
    const end = await replayFrom(spec, name, whole, exchanged, bindings, endpoints);
    if (end !== undefined && ending.includes(end)) fits.push(name);
  }
  return fits;
}

/**
 * The spec run over the inputs the test sent, put in `state` before step `from`: the state it
 * ends in after step `upTo`, or undefined when from `from` on it sends other segments than the
 * implementation did.
 */
async function replayFrom(
  spec: Spec,
  state: string,
  run: { readonly steps: readonly Step[]; readonly from: number; readonly upTo: number },
  exchanged: readonly Exchanged[],
  bindings: Readonly<Record<string, number>>,
  endpoints: Endpoints,
): Promise<string | undefined> {
  try {
    return await replay(spec, state, run, exchanged, bindings, endpoints);
  } catch {
    // The state cannot go on with the variables the path left (no MSS yet, say): it does not fit.
    return undefined;
  }
}

async function replay(
  spec: Spec,
  state: string,
  run: { readonly steps: readonly Step[]; readonly from: number; readonly upTo: number },
  exchanged: readonly Exchanged[],
  bindings: Readonly<Record<string, number>>,
  endpoints: Endpoints,
): Promise<string | undefined> {
  const base = interpreted(spec);
  let endpoint: InterpretedEndpoint | undefined;
  const adapter = new ReferenceAdapter({
    endpoints,
    create: (opts) => {
      const parts = base(opts);
      return { host: parts.host, endpoint: () => (endpoint = parts.endpoint() as InterpretedEndpoint) };
    },
  });
  let connection = 1;
  await adapter.reset(isnOf(bindings, connection));
  for (const [i, step] of run.steps.slice(0, run.upTo + 1).entries()) {
    if (i === run.from) endpoint!.enter(state);
    if (step.kind === 'reset') await adapter.reset(isnOf(bindings, ++connection));
    const input = exchanged[i]?.input;
    if (!input || step.kind === 'reset' || step.kind === 'distinct') continue;
    const reaction =
      input.kind === 'sent'
        ? await adapter.deliver(input.segment)
        : input.kind === 'advance'
          ? await adapter.advance(input.ms)
          : step.kind === 'call'
            ? await adapter.call(
                step.data !== undefined ? { call: step.call, data: bytes(step.data) } : { call: step.call },
              )
            : undefined;
    if (!reaction || i < run.from) continue;
    const seen = exchanged[i]!.received;
    if (reaction.segments.length !== seen.length || reaction.segments.some((s, k) => !same(s, seen[k]!)))
      return undefined;
  }
  return endpoint!.state;
}

/** The ISN the implementation chose for its n-th connection, when the test learned it. */
export function isnOf(bindings: Readonly<Record<string, number>>, n: number): { isn?: number } {
  const isn = bindings[n === 1 ? 'iss' : `iss#${n}`];
  return isn !== undefined ? { isn } : {};
}

/**
 * The steps before `upTo` after which the implementation may have entered another state than
 * the case says, undetected: from some other state, the spec answers every later step up to
 * `upTo` as the implementation did. Each with the states that fit. A step before a new
 * connection is no suspect: what it left is gone.
 */
export async function wrongStateSuspects(
  spec: Spec,
  steps: readonly Step[],
  upTo: number,
  transcript: readonly TranscriptEntry[],
  bindings: Readonly<Record<string, number>>,
  endpoints: Endpoints,
): Promise<{ readonly index: number; readonly expected: string; readonly states: readonly string[] }[]> {
  const exchanged = perStep(steps, transcript);
  let lastReset = -1;
  for (const [i, s] of steps.slice(0, upTo).entries()) if (s.kind === 'reset') lastReset = i;
  const suspects: { index: number; expected: string; states: string[] }[] = [];
  for (let j = Math.max(0, lastReset + 1); j < upTo; j++) {
    const step = steps[j]!;
    if (step.kind === 'reset' || step.kind === 'distinct') continue;
    const states: string[] = [];
    for (const { name } of spec.states) {
      if (name === step.expect.state) continue;
      const run = { steps, from: j + 1, upTo };
      if ((await replayFrom(spec, name, run, exchanged, bindings, endpoints)) !== undefined) states.push(name);
    }
    if (states.length > 0) suspects.push({ index: j, expected: step.expect.state, states });
  }
  return suspects;
}
