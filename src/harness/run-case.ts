/**
 * Running one test case against an adapter: perform each step, compare the IUT's reaction
 * with the step's expectation, and stop at the first difference. A case that needs a
 * capability the adapter lacks is pending with the reason, never passed.
 */
import { DEFAULT_ENDPOINTS, ImplementationError, type Adapter, type AppCall, type Endpoints } from '../adapter.js';
import type { Reaction } from '../../core/reaction.js';
import {
  PROFILES,
  profilesUpTo,
  type CallName,
  type Capability,
  type StepVariation,
  type Variant,
  type Expectation,
  type Identify,
  type Profile,
  type Step,
  type TestCase,
} from '../../core/case.js';
import { bytes, type Segment } from '../../core/segment.js';
import { checkApp, checkSegment, describePattern, describeSegment } from './check.js';
import { Judge, type JudgeClock, type JudgeProblem, type LatitudeNote } from '../judge/judge.js';
import { SYN_LINEAR_PARAMETER } from '../judge/retransmissions.js';
import {
  GRANULARITY_PARAMETER,
  KEEPALIVE_PARAMETER,
  RTO_MIN_PARAMETER,
  TLP_PARAMETER,
  latitudeOf,
  type Allowance,
  type Latitude,
} from '../../core/latitude.js';
import type { Requirement } from '../../core/requirements.js';
import { Bindings, injectedSegment } from './terms.js';
import { baseName } from '../../core/notation.js';
import { realWaits, totalWait } from './real-time.js';
import { blameStep, blameState, enteringStep, fieldOf, type Blame } from './blame.js';
import { checkpointDoubts, stateBefore, unverifiedSteps, type StartCheck, type Unverified } from './unverified.js';
import { startsThatFit, statesThatFit, wrongStateSuspects } from './fits.js';
import { ignorableRst, specStep, stayedStep } from './stayed.js';
import { timerVariation } from './retimed.js';
import type { Spec } from '../../core/spec/types.js';
import { t, type Text } from '../i18n/text.js';
import type { MessageKey } from '../i18n/catalog.js';

export interface StepFailure {
  readonly index: number;
  readonly step: Step;
  /** What differs, or what the implementation did wrong. */
  readonly message: Text;
  /** For a segment that differs: the whole segment expected and the one sent. */
  readonly expected?: string;
  readonly got?: string;
  /** Set when the step was one of the inputs that identify the state the case ends in: that state, and the run's length. */
  readonly identifying?: { readonly state: string; readonly of: number };
  /** The step, field, rules and labels no observed behaviour satisfies, and the kind of verdict. */
  readonly blame: Blame;
  /**
   * When outputs alone leave several explanations (a wrong state found by identifying inputs,
   * without a state query): each, the blame among them; settleBlame picks one over the run.
   */
  readonly suspects?: readonly Blame[];
}

/** What a step found wrong, before the harness adds where it happened and whose fault it is. */
export type Problem = Omit<StepFailure, 'index' | 'step' | 'blame'>;

export type Verdict =
  | { readonly status: 'passed' }
  | { readonly status: 'failed'; readonly failure: StepFailure }
  | { readonly status: 'pending'; readonly reason: Text };

/** What crossed the wire and what the IUT reported, in order: the raw material of reports. */
export type TranscriptEntry =
  | { readonly kind: 'sent'; readonly segment: Segment }
  | { readonly kind: 'received'; readonly segment: Segment }
  | { readonly kind: 'call'; readonly call: string }
  | { readonly kind: 'advance'; readonly ms: number }
  | { readonly kind: 'state'; readonly state: string };

export interface CaseResult {
  readonly testCase: TestCase;
  readonly verdict: Verdict;
  readonly transcript: readonly TranscriptEntry[];
  /** The values learned during the test (the IUT's ISN, …) and the tester's own ISN. */
  readonly bindings: Readonly<Record<string, number>>;
  /** The implementation's last log lines, when the test failed and the adapter keeps a log. */
  readonly log?: readonly string[];
  /** The known variations (their IDs) the implementation showed where the spec says otherwise. */
  readonly variations?: readonly string[];
  /** Where the judge used the spec's latitude (a delayed ACK, a RST with ACK, …); warnings among them. */
  readonly latitude?: readonly LatitudeNote[];
  /** Departures from steps that only a SHOULD, RECOMMENDED or MAY requires: shown and counted, not failures. */
  readonly warnings?: readonly StepFailure[];
  /** Steps whose effect this run could not check (a state told from another by nothing the adapter offers). */
  readonly unverified?: readonly Unverified[];
  /**
   * Without a state query: the state the transition under test starts in, known only from
   * what follows. Where other tests tell it from the states that would answer alike, the case
   * is checked unless the run finds the transition that entered it at fault (settleBlame).
   */
  readonly startCheck?: StartCheck;
}

export interface RunOptions {
  readonly endpoints?: Endpoints;
  /**
   * Identify states by outputs even where the state can be asked: a reported state proves
   * nothing about behaviour (an implementation may report one state and act in another).
   */
  readonly identifyAlways?: boolean;
  /** The profile being run: states are identified with its inputs (default: the case's own). */
  readonly profile?: Profile;
  /** Implementation families whose known variations (spec `variations:`) count as such, not as failures. */
  readonly variants?: readonly Variant[];
  /** What RFC 9293 allows besides the spec's one behaviour (spec `latitude:`); none: outputs judged exactly. */
  readonly latitude?: readonly Allowance[];
  /** The spec's variations with the parameter values they record (a family's timers), by variant. */
  readonly variations?: readonly KnownParameters[];
  /**
   * RFC 9293's labels as the spec has them (spec `requirements:`): a failure cites those of the
   * step's labels that govern the field that differs. None: it cites all the step's labels.
   */
  readonly requirements?: readonly Requirement[];
  /**
   * The spec model of the profile run, when the caller has it: a wrong state found by
   * identifying inputs then says which states the answers fit (src/harness/fits.ts).
   */
  readonly spec?: () => Promise<Spec>;
  /**
   * For each state, those no identification in the plan tells it from (untoldStates): with
   * `spec`, a case whose transition under test may have started in one of those instead, and
   * answered alike, is unverified.
   */
  readonly untold?: ReadonlyMap<string, readonly string[]>;
}

const WHY: Record<Capability, MessageKey> = {
  stateQuery: 'pending.stateQuery',
  virtualClock: 'pending.virtualClock',
  isnOverride: 'pending.isnOverride',
};

export async function runCase(adapter: Adapter, tc: TestCase, opts: RunOptions): Promise<CaseResult> {
  const ids = usableIdentifications(adapter, tc, opts);
  const why = pendingReason(adapter, tc, ids);
  if (why)
    return {
      testCase: tc,
      transcript: [],
      verdict: { status: 'pending', reason: t('pending.prefix', { why }) },
      bindings: { peer: tc.peerIsn },
    };
  let first: CaseResult | undefined;
  let whole: CaseResult | undefined;
  const warnings: StepFailure[] = [];
  for (const run of runsOf(adapter, tc, opts, ids)) {
    const r = await runSteps(adapter, tc, run, opts);
    if (r.verdict.status !== 'passed') return r;
    first ??= r;
    if (!run.identifying || run.identifying.from === tc.steps.length) whole ??= r;
    warnings.push(...(r.warnings ?? []).filter((w) => !warnings.some((x) => x.index === w.index)));
  }
  const base = whole ?? first!;
  if (adapter.capabilities.stateQuery) return { ...base, ...(warnings.length > 0 ? { warnings } : {}) };
  // A start state no identification anywhere tells apart leaves the case unchecked now; one
  // that other tests tell apart, only if the run finds the transition that enters it at fault
  // (settleBlame asks then).
  const check = whole ? startCheck(tc, ids) : undefined;
  const candidates = check ? (opts.untold?.get(check.state) ?? []) : [];
  const untold =
    check && opts.spec && candidates.length > 0
      ? await startsThatFit(await opts.spec(), check, candidates, base, opts.endpoints ?? DEFAULT_ENDPOINTS)
      : [];
  const unverified = unverifiedSteps(tc, [
    ...checkpointDoubts(tc, ids),
    ...(check && untold.length > 0 ? [{ ...check, untold }] : []),
  ]);
  return {
    ...base,
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(unverified.length > 0 ? { unverified } : {}),
    ...(check ? { startCheck: check } : {}),
  };
}

/**
 * Without a state query the state before the transition under test is known only from what
 * follows: the question to ask of the spec (startsThatFit) is whether, started in another
 * state there, it answers the rest of the case as the implementation did and ends where the
 * case does (or in a state the last checkpoint cannot tell from it).
 */
function startCheck(tc: TestCase, ids: readonly Identify[]): StartCheck | undefined {
  const focus = tc.steps[tc.focus];
  if (!focus || focus.kind === 'reset' || focus.kind === 'distinct') return undefined;
  const entered = enteringStep(tc.steps, tc.focus, tc.initial);
  if (entered < 0) return undefined;
  const last = ids.find((id) => id.at === tc.steps.length);
  return {
    entered,
    from: tc.focus,
    state: stateBefore(tc.steps, tc.focus, tc.initial),
    transition: tc.steps[entered]!.transition,
    ending: [stateBefore(tc.steps, tc.steps.length, tc.initial), ...(last?.none ?? [])],
  };
}

function pendingReason(adapter: Adapter, tc: TestCase, ids: readonly Identify[]): Text | undefined {
  if (adapter.unavailable) return adapter.unavailable;
  // A state the adapter cannot report may still show in outputs: identification stands in for
  // the query. A real clock waits out timers of the implementation's length, within its limit.
  const missing = tc.needs.filter(
    (c) =>
      !adapter.capabilities[c] &&
      !(c === 'stateQuery' && identifies(tc, ids)) &&
      !(c === 'virtualClock' && adapter.realClock),
  );
  // One reason is enough to say why; the first missing capability gives it.
  if (missing.length > 0)
    return t(missing[0] === 'stateQuery' && tc.identify ? 'pending.identifyClock' : WHY[missing[0]!]);
  const params = parametersOf(adapter, tc);
  const differs = Object.entries(tc.assumes ?? {}).find(([name, value]) => params[name] !== value);
  if (differs) return t('pending.assumes', { name: differs[0], want: differs[1], got: params[differs[0]] ?? '?' });
  const cannot =
    adapter.cannotCall &&
    callsOf(tc)
      .map((c) => adapter.cannotCall!(c.call, c.state, tc.role))
      .find((why) => why !== undefined);
  if (cannot) return t('pending.cannotCall', { why: cannot });
  const clock = adapter.realClock;
  if (clock) {
    const wait = totalWait(waitsOf(tc.steps, new Bindings(tc.peerIsn, params, tc.iutIsn), adapter));
    if (wait > clock.limitMs) return t('pending.slow', { s: Math.ceil(wait / 1000), limit: clock.limitMs / 1000 });
    const gap = keptTimerGap(tc.steps);
    if (gap !== undefined && gap < clock.toleranceMs)
      return t('pending.finerThanClock', { ms: gap, tol: clock.toleranceMs });
  }
  return undefined;
}

/**
 * The IUT's parameter values: those the adapter reports, else those the spec records for its
 * implementation family, else the spec's defaults; all as the case carries them.
 */
export function parametersOf(adapter: Adapter, tc: TestCase): Readonly<Record<string, number>> {
  const family = adapter.variant !== undefined ? tc.variantParameters?.[adapter.variant] : undefined;
  return { ...tc.parameters, ...family, ...adapter.params };
}

/** The application calls of a case, each with the state the IUT is in when it is made. */
export function callsOf(tc: TestCase): { call: CallName; state: string }[] {
  const calls: { call: CallName; state: string }[] = [];
  let state = tc.initial;
  for (const s of tc.steps) {
    if (s.kind === 'reset') state = tc.initial;
    if (s.kind === 'reset' || s.kind === 'distinct') continue;
    if (s.kind === 'call') calls.push({ call: s.call, state });
    state = s.expect.state;
  }
  return calls;
}

/**
 * A case that checks a timer is kept through an input (over-time.ts keptCase) lets a few ms
 * pass, makes the input, then waits for the timer: were it restarted, it would fire those few
 * ms later. The few ms, or undefined for a case without that shape: a quiet advance of a
 * fixed time before an input, with a timed wait after it.
 */
function keptTimerGap(steps: readonly Step[]): number | undefined {
  const i = steps.findIndex(
    (s, k) =>
      s.kind === 'advance' &&
      s.ms.base === undefined &&
      s.expect.segments.length === 0 &&
      s.expect.app.length === 0 &&
      steps[k + 1] !== undefined &&
      steps[k + 1]!.kind !== 'advance' &&
      steps.slice(k + 2).some((later) => later.kind === 'advance'),
  );
  const step = steps[i];
  return step?.kind === 'advance' ? step.ms.off : undefined;
}

/** On a real clock, how long each advance step really waits. */
function waitsOf(steps: readonly Step[], b: Bindings, adapter: Adapter): ReadonlyMap<number, number> {
  return adapter.realClock ? realWaits(steps, (s) => b.value(s.ms), adapter.realClock) : new Map();
}

/**
 * The identifications a run without the state query can use: at each checkpoint, of those
 * the run's profile allows, the one that leaves the fewest states untold, then the fewest
 * told only weakly, then the largest profile's; with only the sequences the adapter can
 * perform (one that waits out a timer of the implementation's own length needs the virtual
 * clock).
 */
function usableIdentifications(adapter: Adapter, tc: TestCase, opts: RunOptions): Identify[] {
  const allowed = profilesUpTo(opts.profile ?? tc.profile);
  const rank = (id: Identify) => [id.none.length, id.weak.length, -PROFILES.indexOf(id.profile)];
  const better = (a: Identify, b: Identify) => {
    const [x, y] = [rank(a), rank(b)];
    const i = x.findIndex((v, k) => v !== y[k]);
    return i >= 0 && x[i]! < y[i]!;
  };
  const best = new Map<number, Identify>();
  for (const id of tc.identify ?? []) {
    const known = best.get(id.at);
    if (allowed.includes(id.profile) && (!known || better(id, known))) best.set(id.at, id);
  }
  const clockFree = (s: readonly Step[]) =>
    adapter.capabilities.virtualClock ||
    adapter.realClock !== undefined ||
    !s.some((x) => x.kind === 'advance' && x.ms.base !== undefined);
  return [...best.values()]
    .sort((a, b) => a.at - b.at)
    .map((id) => ({ ...id, sequences: id.sequences.filter(clockFree) }));
}

/** Does the state the case ends in show in outputs, telling it from every other? */
function identifies(tc: TestCase, ids: readonly Identify[]): boolean {
  const last = ids.find((id) => id.at === tc.steps.length);
  return last !== undefined && last.sequences.length > 0 && last.none.length === 0;
}

/**
 * What running a case on `adapter` will take, known before it runs: nothing when it will be
 * pending; else the steps of each run it needs, and on a real clock the time each run waits.
 * What `run --shard` balances.
 */
export function workOf(adapter: Adapter, tc: TestCase, opts: RunOptions): { steps: number; waitMs: number } {
  const ids = usableIdentifications(adapter, tc, opts);
  if (pendingReason(adapter, tc, ids)) return { steps: 0, waitMs: 0 };
  const b = new Bindings(tc.peerIsn, parametersOf(adapter, tc), tc.iutIsn);
  const runs = runsOf(adapter, tc, opts, ids);
  return {
    steps: runs.reduce((n, r) => n + r.steps.length, 0),
    waitMs: runs.reduce((ms, r) => ms + totalWait(waitsOf(r.steps, b, adapter)), 0),
  };
}

/** One run of a case: steps, and from where on they identify which state. */
interface Run {
  readonly steps: readonly Step[];
  readonly identifying?: { readonly from: number; readonly state: string };
}

/**
 * The runs a case needs: its steps once, when the adapter can report its state (each step's
 * state is then checked); otherwise, or when told to identify always, once per identifying
 * sequence at each checkpoint, after the steps that lead there, so every state the case
 * checks shows in outputs. The whole case runs at least once.
 */
function runsOf(adapter: Adapter, tc: TestCase, opts: RunOptions, ids: readonly Identify[]): Run[] {
  const whole: Run = { steps: tc.steps };
  if (adapter.capabilities.stateQuery && !opts.identifyAlways) return [whole];
  const runs = ids.flatMap((id) =>
    id.sequences.map((s) => ({
      steps: [...tc.steps.slice(0, id.at), ...s],
      identifying: { from: id.at, state: id.state },
    })),
  );
  return runs.some((r) => r.identifying.from === tc.steps.length) ? runs : [...runs, whole];
}

async function runSteps(adapter: Adapter, tc: TestCase, run: Run, opts: RunOptions): Promise<CaseResult> {
  const { steps, identifying } = run;
  const requirements = opts.requirements ?? [];
  const transcript: TranscriptEntry[] = [];
  const params = parametersOf(adapter, tc);
  const b = new Bindings(tc.peerIsn, params, tc.iutIsn);
  const varied: StepVariation[] = [];
  const ends = opts.endpoints ?? DEFAULT_ENDPOINTS;
  const judge = judgeFor(adapter, b, ends, latitudeOf(opts.latitude ?? []), params, synLinearOf(opts, params));
  const warnings: StepFailure[] = [];
  /** Known variations that moved a timer and that the judge followed (retimed.ts). */
  const retimedIds: string[] = [];
  const result = (verdict: Verdict): CaseResult => ({
    testCase: tc,
    transcript,
    verdict,
    bindings: b.all(),
    ...(verdict.status === 'failed' && adapter.log ? { log: adapter.log() } : {}),
    ...(varied.length + judge.variations.length + retimedIds.length > 0
      ? { variations: [...new Set([...varied.map((v) => v.id), ...judge.variations, ...retimedIds])] }
      : {}),
    ...(judge.used.length > 0 ? { latitude: judge.used } : {}),
    ...(warnings.length > 0 ? { warnings: [...warnings] } : {}),
  });
  const stepFailure = async (index: number, problem: Problem): Promise<StepFailure> => {
    const step = steps[Math.min(index, steps.length - 1)]!;
    const own = blameStep(index, step, fieldOf(problem.message), tc.focus, requirements);
    if (!identifying || index < identifying.from) return { index, step, ...problem, blame: own };
    // Identifying inputs got other answers: the state is wrong if another state's answers fit.
    const fits = opts.spec
      ? {
          expected: identifying.state,
          states: await statesThatFit(
            await opts.spec(),
            { steps, from: identifying.from, upTo: index },
            transcript,
            b.all(),
            ends,
          ),
        }
      : undefined;
    const wrongState = !fits || (fits.states.length > 0 && !fits.states.includes(fits.expected));
    // Outputs alone may leave several explanations: each step that may have entered another
    // state undetected, or the failing step itself. settleBlame chooses among them over the run.
    const suspects = opts.spec
      ? [
          ...(await wrongStateSuspects(await opts.spec(), steps, index, transcript, b.all(), ends)).map((s) => ({
            ...blameStep(s.index, steps[s.index]!, 'state', tc.focus, requirements),
            fits: { expected: s.expected, states: s.states },
          })),
          own,
        ]
      : undefined;
    return {
      index,
      step,
      ...problem,
      identifying: { state: identifying.state, of: steps.length },
      blame: { ...(wrongState ? blameState(steps, identifying, tc, requirements) : own), ...(fits ? { fits } : {}) },
      ...(suspects ? { suspects } : {}),
    };
  };
  const failure = async (index: number, problem: Problem): Promise<Verdict> => ({
    status: 'failed',
    failure: await stepFailure(index, problem),
  });
  const waits = waitsOf(steps, b, adapter);
  const spec = judge.allows('time_wait_rst') ? opts.spec : undefined;
  /** A RST in TIME_WAIT the endpoint may have ignored (RFC 1337); `followed` once the judge follows that endpoint. */
  let stay: { index: number; followed: boolean } | undefined;
  /** A known variation that moved a timer at step `from`, with the spec as the family runs it; `followed` once the judge follows it. */
  let retimed: { from: number; id: string; spec: Spec; followed: boolean } | undefined;
  let index = 0;
  try {
    await adapter.reset(tc.iutIsn !== undefined ? { isn: tc.iutIsn } : {});
    for (; index < steps.length; index++) {
      const step = steps[index]!;
      // Before the inputs that tell the state, the ACKs owed come out: an answer to them must
      // not pass for one the endpoint never sent. Not before a sequence that waits for a timer:
      // the wait would move the timers running against its plan (the ACKs come out in it).
      const untimed = !steps.slice(index).some((s) => s.kind === 'advance');
      const owed =
        index === identifying?.from && untimed ? await awaitOwed(adapter, judge, transcript, index - 1) : undefined;
      if (owed) return result(await failure(owed.index ?? index - 1, withoutIndex(owed)));
      const known =
        'variations' in step ? (step.variations ?? []).filter((v) => opts.variants?.includes(v.variant)) : [];
      const before = varied.length;
      const ahead: Ahead = { later: step.kind === 'advance' ? timedAfter(steps, index) : [], took: 0 };
      if (spec && !stay && ignorableRst(steps, index, tc.initial)) stay = { index, followed: false };
      const stayed =
        spec && stay ? await stayedStep(await spec(), steps, stay.index, index, b, ends, params) : undefined;
      const family =
        !stay && retimed && index > retimed.from
          ? await specStep(retimed.spec, steps, index, b, ends, params)
          : undefined;
      const other = stayed ?? family;
      const alt: Alt | undefined =
        other && 'expect' in other ? { expect: other.expect, took: false, alive: false } : undefined;
      const following = stay?.followed === true || retimed?.followed === true;
      const performed = following ? other! : step;
      const problem =
        step.kind === 'reset'
          ? await awaitOwed(adapter, judge, transcript, index)
          : await perform(
              adapter,
              performed,
              {
                b,
                ends,
                transcript,
                known,
                varied,
                judge,
                index,
                deadline: isDeadline(steps, index),
                ahead,
                ...(following ? {} : { alt }),
              },
              waits.get(index),
            );
      if (stay && !stay.followed) {
        // The endpoint that stayed in TIME_WAIT explains this step where the spec's does not: follow it.
        if (alt?.took) {
          stay.followed = true;
          judge.stayedInTimeWait(stay.index);
        } else if (!alt?.alive) stay = undefined;
      }
      if (family && retimed && !retimed.followed) {
        // The family's endpoint, its timer moved, explains this step where the spec's does not: follow it.
        if (alt?.took) {
          retimed.followed = true;
          retimedIds.push(retimed.id);
        } else if (!alt?.alive) retimed = undefined;
      }
      const moved =
        !stay && !retimed && opts.spec && known.length > 0 ? timerVariation(await opts.spec(), known) : undefined;
      if (moved) retimed = { from: index, id: moved.variation.id, spec: moved.spec, followed: false };
      if (step.kind === 'reset') {
        judge.forget();
        await adapter.reset({});
      }
      if (problem) {
        const found =
          following && problem.index === undefined
            ? {
                index,
                step: performed,
                ...withoutIndex(problem),
                blame: blameStep(index, performed, fieldOf(problem.message), tc.focus, requirements),
              }
            : await stepFailure(problem.index ?? index, withoutIndex(problem));
        // A departure only a SHOULD (or a MAY) forbids is shown, not failed: the case goes on.
        if (found.blame.kind !== 'warning') return result({ status: 'failed', failure: found });
        warnings.push(found);
        continue;
      }
      // What the timed steps after it expect came already, on a retransmission timer ahead of the plan's.
      if (ahead.took > 0) {
        judge.broughtForward(index, ahead.took);
        index += ahead.took;
      }
      // A variation that enters another state leaves the path the rest of the case was planned on.
      const took = varied.length > before ? varied[varied.length - 1] : undefined;
      if (
        took &&
        step.kind !== 'reset' &&
        step.kind !== 'distinct' &&
        took.state !== step.expect.state &&
        index < steps.length - 1
      )
        return result({
          status: 'pending',
          reason: t('pending.prefix', { why: t('pending.leftPath', { id: took.id, state: took.state }) }),
        });
    }
    // The plan is done; ACKs still owed get the time the RFC gives them.
    const owed = await awaitOwed(adapter, judge, transcript, steps.length - 1);
    if (owed) return result(await failure(owed.index ?? steps.length - 1, withoutIndex(owed)));
  } catch (err) {
    // A misbehaving implementation fails this test with what happened; the run goes on.
    if (!(err instanceof ImplementationError)) throw err;
    return result(await failure(index, { message: err.text }));
  }
  return result({ status: 'passed' });
}

/** A variation's parameter values, as the spec records them for an implementation family. */
export interface KnownParameters {
  readonly id: string;
  readonly variant: Variant;
  readonly parameters: Readonly<Record<string, number>>;
}

/**
 * A SYN retransmitted at an unchanged interval departs from RFC 6298 (5.5) unless the run
 * accepts a variant whose variation records that (SYN_LINEAR_TIMEOUTS): then as many as the
 * implementation reports (the family's recorded value if it reports none) are that variation.
 */
function synLinearOf(opts: RunOptions, params: Readonly<Record<string, number>>): Pick<JudgeClock, 'synLinear'> {
  const v = opts.variations?.find(
    (x) => x.parameters[SYN_LINEAR_PARAMETER] !== undefined && opts.variants?.includes(x.variant),
  );
  const count = params[SYN_LINEAR_PARAMETER] ?? v?.parameters[SYN_LINEAR_PARAMETER];
  return v && count ? { synLinear: { count, variation: v.id } } : {};
}

/**
 * The judge for a run (or a fuzz walk) on `adapter`, with the timing it declares: its timer
 * granularity, keep-alive idle time and RTO lower bound (else the spec's RTO, `params`), and
 * whether it sends tail loss probes (TLP).
 */
export function judgeFor(
  adapter: Adapter,
  b: Bindings,
  ends: Endpoints,
  latitude: Latitude,
  params: Readonly<Record<string, number>>,
  /** A known variation's SYN schedule, when the run accepts it (synLinearOf). */
  synLinear: Pick<JudgeClock, 'synLinear'> = {},
): Judge {
  return new Judge(
    b,
    ends,
    latitude,
    adapter.params[GRANULARITY_PARAMETER] ?? 0,
    adapter.params[KEEPALIVE_PARAMETER] ?? 0,
    {
      rtoMinMs: adapter.params[RTO_MIN_PARAMETER] ?? params.RTO ?? Number.POSITIVE_INFINITY,
      toleranceMs: adapter.realClock?.toleranceMs ?? 0,
      ...(adapter.realClock ? { now: () => performance.now() } : {}),
      ...synLinear,
      ...((adapter.params[TLP_PARAMETER] ?? 0) > 0 ? { tlp: true } : {}),
    },
  );
}

/** The expectations of the advance steps right after step `i`, up to the next input. */
function timedAfter(steps: readonly Step[], i: number): Expectation[] {
  const later: Expectation[] = [];
  for (const s of steps.slice(i + 1)) {
    if (s.kind !== 'advance') break;
    later.push(s.expect);
  }
  return later;
}

/**
 * The planner puts a timer's deadline at the end of an advance step: one where the spec
 * expects the timer's outputs, or (a timer that sends nothing) its change of state. A step
 * that must see nothing happen does not wait for a late timer.
 */
function isDeadline(steps: readonly Step[], i: number): boolean {
  const step = steps[i]!;
  if (step.kind !== 'advance') return false;
  const before = steps[i - 1];
  const moved = before !== undefined && 'expect' in before && before.expect.state !== step.expect.state;
  return step.expect.segments.length > 0 || step.expect.app.length > 0 || moved;
}

/** How long a step waits at most for the ACKs still owed to come out, in one advance. */
const SETTLE_CHUNK_MS = 50;

/**
 * Let time pass until every ACK still owed has come out, or its time is up (then the step
 * that owed it fails). Segments that come then, besides the ACKs, fall in time the plan does
 * not cover and are not judged. Without a clock to advance, an owed ACK cannot be waited for
 * and is left unjudged.
 */
export async function awaitOwed(
  adapter: Adapter,
  judge: Judge,
  transcript: TranscriptEntry[],
  index: number,
): Promise<JudgeProblem | undefined> {
  const due = judge.dueIn();
  if (due === undefined || (!adapter.capabilities.virtualClock && !adapter.realClock)) return undefined;
  for (let waited = 0; judge.owing.length > 0 && waited < due; ) {
    const ms = Math.min(SETTLE_CHUNK_MS, due - waited);
    transcript.push({ kind: 'advance', ms });
    const reaction = await adapter.advance(ms);
    judge.passed(ms);
    waited += ms;
    for (const segment of reaction.segments) transcript.push({ kind: 'received', segment });
    judge.settle(reaction, index);
  }
  return judge.overdue();
}

export function withoutIndex({ index: _, ...problem }: JudgeProblem): Problem {
  return problem;
}

/** What a step is checked with: the bindings, the addresses, the transcript, and the known variations it may show (recorded in `varied`). */
interface Checking {
  readonly b: Bindings;
  readonly ends: Endpoints;
  readonly transcript: TranscriptEntry[];
  readonly known: readonly StepVariation[];
  readonly varied: StepVariation[];
  readonly judge: Judge;
  /** The step's index in the run: a failure the judge finds later may belong to it. */
  readonly index: number;
  /** An advance step at whose end a timer of the spec fires (not one that must see nothing yet). */
  readonly deadline: boolean;
  /** For an advance step, the timed steps right after it, which a timer ahead of the plan may bring forward. */
  readonly ahead: Ahead;
  /** What another allowed behaviour expects of the step instead (an RFC 1337 endpoint's). */
  readonly alt?: Alt | undefined;
}

/** One step; `realMs`, on a real clock, is how long an advance step really waits. */
async function perform(
  adapter: Adapter,
  step: Step,
  { b, ends, transcript, known, varied, judge, index, deadline, ahead, alt }: Checking,
  realMs?: number,
): Promise<JudgeProblem | undefined> {
  let reaction: Reaction;
  switch (step.kind) {
    case 'reset':
      throw new Error('internal: the run performs a reset step itself');
    case 'distinct': {
      const values = b.learnedValues(step.bases);
      const seen = new Map<number, string>();
      for (const [i, v] of values.entries()) {
        if (v === undefined) return { message: t('diff.isn.unseen', { name: baseName(step.bases[i]!) }) };
        const prev = seen.get(v);
        if (prev) return { message: t('diff.isn.same', { a: baseName(step.bases[i]!), b: prev, v }) };
        seen.set(v, baseName(step.bases[i]!));
      }
      return undefined;
    }
    case 'call':
      reaction = await act(
        adapter,
        judge,
        transcript,
        {
          kind: 'call',
          call: step.data !== undefined ? { call: step.call, data: bytes(step.data) } : { call: step.call },
        },
        index,
        false,
      );
      break;
    case 'inject':
      reaction = await act(
        adapter,
        judge,
        transcript,
        { kind: 'deliver', segment: injectedSegment(step.segment, b, ends) },
        index,
        false,
      );
      break;
    case 'advance':
      reaction = await act(
        adapter,
        judge,
        transcript,
        { kind: 'advance', ms: realMs ?? b.value(step.ms) },
        index,
        deadline,
      );
      break;
  }
  return checkReaction(step.expect, reaction, adapter, b, ends, transcript, known, varied, judge, index, ahead, alt);
}

/** One input to the implementation: an application call, a segment from the peer, or time passing. */
export type Input =
  | { readonly kind: 'call'; readonly call: AppCall }
  | { readonly kind: 'deliver'; readonly segment: Segment }
  | { readonly kind: 'advance'; readonly ms: number };

/**
 * Make input `input` of step `index` (run's and fuzz's one way): recorded in the transcript
 * and told to the judge. An advance is shortened by what earlier waits for late timers ran
 * ahead; at a `deadline` (a timer of the spec fires in it) it waits for a late timer too.
 */
export async function act(
  adapter: Adapter,
  judge: Judge,
  transcript: TranscriptEntry[],
  input: Input,
  index: number,
  deadline: boolean,
): Promise<Reaction> {
  let reaction: Reaction;
  switch (input.kind) {
    case 'call':
      judge.input();
      transcript.push({ kind: 'call', call: input.call.call });
      reaction = await adapter.call(input.call);
      break;
    case 'deliver':
      judge.input(input.segment);
      transcript.push({ kind: 'sent', segment: input.segment });
      judge.received(input.segment);
      reaction = await adapter.deliver(input.segment);
      break;
    case 'advance': {
      const ms = judge.advanceFor(input.ms);
      transcript.push({ kind: 'advance', ms });
      reaction = await adapter.advance(ms);
      judge.passed(ms);
      break;
    }
  }
  for (const segment of reaction.segments) transcript.push({ kind: 'received', segment });
  return input.kind === 'advance' && deadline
    ? await waitForLateTimer(adapter, judge, index, reaction, transcript)
    : reaction;
}

/**
 * A timer the spec fires at the end of an advance step may fire up to the implementation's
 * declared granularity late (never early: an output before its time is still a difference).
 * After such a step, wait that much longer; later waits are shortened by as much, so later
 * timers are judged against the plan's schedule.
 */
async function waitForLateTimer(
  adapter: Adapter,
  judge: Judge,
  index: number,
  reaction: Reaction,
  transcript: TranscriptEntry[],
): Promise<Reaction> {
  const g = judge.granularityMs;
  if (g <= 0 || !judge.allows('timer_granularity')) return reaction;
  transcript.push({ kind: 'advance', ms: g });
  const more = await adapter.advance(g);
  judge.waitedForTimer(index, g);
  for (const segment of more.segments) transcript.push({ kind: 'received', segment });
  // What came before the extra wait came that much earlier.
  const ago = [
    ...reaction.segments.map((_, i) => (reaction.ago?.[i] ?? 0) + g),
    ...more.segments.map((_, i) => more.ago?.[i] ?? 0),
  ];
  return { segments: [...reaction.segments, ...more.segments], app: [...reaction.app, ...more.app], ago };
}

/**
 * Compare a reaction (and the state after it) with what was expected; the first difference.
 * Outputs that differ as a known variation does are no difference: the variation goes to `varied`.
 */
export async function checkReaction(
  expect: Expectation,
  reaction: Reaction,
  adapter: Adapter,
  b: Bindings,
  ends: Endpoints,
  transcript: TranscriptEntry[],
  known: readonly StepVariation[] = [],
  varied: StepVariation[] = [],
  judge: Judge = new Judge(b, ends),
  index = 0,
  ahead: Ahead = { later: [], took: 0 },
  alt?: Alt,
): Promise<JudgeProblem | undefined> {
  const state = adapter.capabilities.stateQuery && adapter.state ? await adapter.state() : undefined;
  if (state !== undefined) transcript.push({ kind: 'state', state });
  if (alt) return judgeEither(judge, index, expect, alt, reaction, state);
  const { want, problem } = judgeAhead(judge, index, expect, reaction, state, ahead);
  const stateProblem =
    state !== undefined && state !== want.state
      ? { message: t('diff.state', { want: want.state, got: state }) }
      : undefined;
  // Where the spec's outputs or state do not hold, a known variation may; where they hold only
  // with a warning, a known variation that says exactly what the family does takes its place.
  const warned = !problem && !stateProblem && judge.warnedAt(index);
  if (!problem && !stateProblem && !warned) return undefined;
  const variation = known.find(
    (v) => !checkOutputs(v, reaction, b, ends) && (state === undefined || state === v.state),
  );
  if (!variation) return problem ?? stateProblem;
  if (warned) judge.withdrawWarnings(index);
  varied.push(variation);
  return undefined;
}

/**
 * The timed steps that follow an advance step with no input between: where the
 * implementation's retransmission timer runs ahead of the plan's (an RTO below the spec's),
 * what they expect may already have happened (`took` says how many of them it was).
 */
interface Ahead {
  readonly later: readonly Expectation[];
  took: number;
}

/**
 * The step's outputs and state, judged against its expectation; where that fails and the
 * implementation's retransmission timer runs ahead of the plan, against the expectations of
 * the step and as many of the timed steps after it as it takes (the retransmissions, then
 * the give-up, that the RFC 6298 RTO brought forward).
 */
function judgeAhead(
  judge: Judge,
  index: number,
  expect: Expectation,
  reaction: Reaction,
  state: string | undefined,
  ahead: Ahead,
): { want: Expectation; problem: JudgeProblem | undefined } {
  const fits = fitting(judge, index, reaction, state);
  if (ahead.later.length === 0 || !judge.ahead)
    return { want: expect, problem: judge.outputs(index, expect, reaction) };
  if (!judge.tentatively(() => fits(expect))) return { want: expect, problem: undefined };
  for (let n = 1; n <= ahead.later.length; n++) {
    const steps = [expect, ...ahead.later.slice(0, n)];
    const want: Expectation = {
      segments: steps.flatMap((e) => e.segments),
      app: steps.flatMap((e) => e.app),
      state: steps[steps.length - 1]!.state,
    };
    if (!judge.tentatively(() => fits(want))) {
      ahead.took = n;
      return { want, problem: undefined };
    }
  }
  return { want: expect, problem: judge.outputs(index, expect, reaction) };
}

/** The judgement of a reaction and the state reported after it against an expectation (the judge goes on from it when it fits). */
function fitting(
  judge: Judge,
  index: number,
  reaction: Reaction,
  state: string | undefined,
): (want: Expectation) => JudgeProblem | undefined {
  return (want) =>
    judge.outputs(index, want, reaction) ??
    (state !== undefined && state !== want.state
      ? { message: t('diff.state', { want: want.state, got: state }) }
      : undefined);
}

/**
 * Another behaviour the RFC allows at this step, and what it expects (an endpoint that ignored
 * a RST in TIME_WAIT): `alive` when it explains the step too, `took` when only it does.
 */
export interface Alt {
  readonly expect: Expectation;
  took: boolean;
  alive: boolean;
}

/**
 * The step judged against the spec's expectation and the other behaviour's: the spec's when
 * it explains the step (the other stays a possibility while it does too), else the other's.
 */
function judgeEither(
  judge: Judge,
  index: number,
  expect: Expectation,
  alt: Alt,
  reaction: Reaction,
  state: string | undefined,
): JudgeProblem | undefined {
  const fits = fitting(judge, index, reaction, state);
  alt.alive = judge.wouldPass(() => fits(alt.expect));
  const problem = judge.tentatively(() => fits(expect));
  if (!problem || !alt.alive) return problem;
  alt.took = true;
  return judge.tentatively(() => fits(alt.expect));
}

/** The segments sent and the application events, against what was expected. */
function checkOutputs(
  expect: Pick<Expectation, 'segments' | 'app'>,
  reaction: Reaction,
  b: Bindings,
  ends: Endpoints,
): Problem | undefined {
  const want = expect.segments;
  const got = reaction.segments;
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    const p = want[i];
    const s = got[i];
    if (p && !s)
      return {
        message: t('diff.missing', {
          pattern: describePattern(p, b),
          i: i + 1,
          n: want.length,
          none: got.length === 0 ? 'yes' : 'no',
        }),
      };
    if (!p && s) return { message: t('diff.extra', { n: want.length, seg: describeSegment(s) }) };
    const diff = checkSegment(p!, s!, b, ends);
    if (diff)
      return {
        message: t('diff.segment', { i: i + 1, diff }),
        expected: describePattern(p!, b),
        got: describeSegment(s!, p, b),
      };
  }
  const app = checkApp(expect.app, reaction.app);
  return app ? { message: app } : undefined;
}
