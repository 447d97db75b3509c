/**
 * One fuzz walk: each abstract step is made concrete, taken by the model, then by the IUT,
 * and the IUT's reaction (segments, application events, state) must be the model's.
 */
import { ImplementationError, type Adapter, type Endpoints } from '../adapter.js';
import type { Profile } from '../../core/case.js';
import {
  act,
  awaitOwed,
  checkReaction,
  judgeFor,
  withoutIndex,
  type Alt,
  type Problem,
  type TranscriptEntry,
} from '../harness/run-case.js';
import { latitudeOf, type Latitude } from '../../core/latitude.js';
import { hasFlag, type Segment } from '../../core/segment.js';
import type { Reaction } from '../../core/reaction.js';
import { closesTimeWait } from '../harness/stayed.js';
import { expectationOf } from './compare.js';
import { TesterView, type Input, type Pending } from './concretize.js';
import { blameAt, type FuzzBlame } from './blame.js';
import { IsnWatch, type Moment } from './isn.js';
import { ISN_TICK_PARAMETER } from '../params.js';
import { RTO_MIN_PARAMETER } from '../../core/latitude.js';
import { fieldOf } from '../harness/blame.js';
import { baseName } from '../../core/notation.js';
import { Model } from './model.js';
import type { Offers } from './offers.js';
import { parameterDefaults } from '../../core/spec/parameters.js';
import type { Spec } from '../../core/spec/types.js';
import type { Walk } from './steps.js';

/** Where the IUT and the model first part ways, and the step's transition, field, rules and labels. */
export type WalkFailure = Problem & { readonly index: number; readonly blame: FuzzBlame };

export interface WalkResult {
  /** Steps run on both the IUT and the model (steps the profile has no answer to are left out). */
  readonly steps: number;
  readonly failure?: WalkFailure;
  /** What the profile offered at each step run: picks in a printed walk read as what they were. */
  readonly offered: readonly Offers[];
  /**
   * At each step run, the timers a wait may be drawn at the edge of (a wait drawn so reads as
   * which one): those the model runs whose expiry the IUT's must match (edgeTimers).
   */
  readonly pending: readonly Pending[];
  /**
   * The inputs each step made, and of those (by index) the ones sent to the IUT: an input the
   * profile has no answer to is made but never sent, and a printed walk leaves it out.
   */
  readonly made: readonly (readonly Input[])[];
  readonly sent: readonly (readonly number[])[];
  readonly transcript: readonly TranscriptEntry[];
  readonly bindings: Readonly<Record<string, number>>;
  readonly log?: readonly string[];
}

/** Did the model send a SYN at another ISN than the IUT's? */
function differs(expected: Reaction, iutSyn: Segment): boolean {
  const syn = expected.segments.find((s) => hasFlag(s, 'SYN'));
  return syn !== undefined && syn.seq !== iutSyn.seq;
}

export class Walker {
  readonly params: Readonly<Record<string, number>>;
  private readonly model: Model;
  /** What RFC 9293 allows besides the model's one behaviour (the spec's latitude, timers on the declared granularity as run judges them). */
  private readonly latitude: Latitude;
  private readonly spec: Spec;

  constructor(
    spec: Spec,
    private readonly iut: Adapter,
    profile: Profile,
    private readonly ends: Endpoints,
  ) {
    this.spec = spec;
    this.params = { ...parameterDefaults(spec), ...iut.params };
    this.model = new Model(spec, this.params, profile, ends);
    this.latitude = latitudeOf(spec.latitude);
  }

  async run(walk: Walk): Promise<WalkResult> {
    const { iut } = this;
    let model = this.model;
    const view = new TesterView(walk.peerIsn, this.params, this.ends);
    const transcript: TranscriptEntry[] = [];
    const judge = judgeFor(iut, view.bindings, this.ends, this.latitude, this.params);
    const offered: Offers[] = [];
    const pending: Pending[] = [];
    /** The timers the model ran at each step: a wait in which the IUT acted early blames them. */
    const running: Pending[] = [];
    /** Milliseconds the model's clock advanced: the IUT's ran ahead when the judge waited for a late timer. */
    let modelMs = 0;
    const made: Input[][] = [];
    const sent: number[][] = [];
    /** The transitions the model took at each step, and the state it was in before: a failure names them. */
    const took: string[][] = [];
    const states: string[] = [];
    const isns = new IsnWatch(iut.params[ISN_TICK_PARAMETER]);
    const clock = walkClock(iut.capabilities.virtualClock, transcript);
    let opens = 0;
    let steps = 0;
    let index = 0;
    const result = (problem?: Problem & { readonly index: number }): WalkResult => ({
      steps,
      offered,
      pending,
      made,
      sent,
      transcript,
      bindings: view.bindings.all(),
      ...(problem
        ? {
            failure: {
              ...problem,
              blame: blameAt(
                this.spec,
                model.allowed,
                took[problem.index] ?? [],
                states[problem.index] ?? model.state,
                running[problem.index] ?? [],
                fieldOf(problem.message),
              ),
            },
            ...(iut.log ? { log: iut.log() } : {}),
          }
        : {}),
    });
    model.reset();
    /**
     * The endpoint that ignored a RST in TIME_WAIT (RFC 1337), while it explains what the IUT did
     * as well as the model does (without a state query the two look alike until a later step):
     * the model of the walk without that RST, and the step the RST came at.
     */
    let stay: { model: Model; index: number } | undefined;
    const stays = judge.allows('time_wait_rst') !== undefined;
    try {
      await iut.reset(walk.iutIsn !== undefined ? { isn: walk.iutIsn } : {});
      for (; index < walk.steps.length; index++) {
        let ran = false;
        offered.push(model.offered);
        running.push(model.pending());
        pending.push(edgeTimers(running[index]!, clock.now() - modelMs, iut.params));
        states.push(model.state);
        took.push([]);
        sent.push([]);
        const inputs = view.concretize(walk.steps[index]!, model.offered, pending[index]!);
        made.push(inputs);
        for (const [i, input] of inputs.entries()) {
          const before = model.state;
          let expected = model.take(input);
          if (!expected) continue;
          // Both endpoints must have an answer: an input only one has is not made.
          const stayedBefore = stay?.model.state;
          let stayed = stay?.model.take(input);
          if (stay && !stayed) {
            model.undo();
            continue;
          }
          // The endpoint that ignored a RST in TIME_WAIT ignores the next one too.
          if (stay && input.kind === 'deliver' && closesTimeWait(input.segment, stayedBefore!, stay.model.state)) {
            stay.model.undo();
            stayed = { segments: [], app: [] };
          }
          if (!stay && stays && input.kind === 'deliver' && closesTimeWait(input.segment, before, model.state)) {
            stay = { model: model.withoutLast(), index };
            stayed = { segments: [], app: [] };
          }
          ran = true;
          sent[index]!.push(i);
          took[index]!.push(...model.took);
          // A timer the model fired may fire later on the implementation's tick, never sooner.
          const moved = input.kind === 'advance' && (model.moved || !!stay?.model.moved);
          const from = clock.now();
          const got = await act(iut, judge, transcript, input, index, moved);
          const at: Moment = { from, to: clock.now() };
          if (input.kind === 'advance') modelMs += input.ms;
          // The IUT picks its own ISNs; the models follow, so every number compares exactly.
          const iutSyn = got.segments.find((s) => hasFlag(s, 'SYN'));
          if (iutSyn && differs(expected, iutSyn)) expected = model.realign(iutSyn.seq);
          if (iutSyn && stayed && differs(stayed, iutSyn)) stayed = stay!.model.realign(iutSyn.seq);
          for (const s of got.segments) view.observe(s);
          const alt: Alt | undefined =
            stay && stayed
              ? {
                  expect: expectationOf(stayed, stay.model.state, view, stay.model.latitude()),
                  took: false,
                  alive: false,
                }
              : undefined;
          const problem = await checkReaction(
            expectationOf(expected, model.state, view, model.latitude()),
            got,
            iut,
            view.bindings,
            this.ends,
            transcript,
            [],
            [],
            judge,
            index,
            undefined,
            alt,
          );
          if (stay && alt?.took) {
            // Only the endpoint that stayed explains this step: the walk goes on with it.
            model = stay.model;
            judge.stayedInTimeWait(stay.index);
            stay = undefined;
          } else if (alt && !alt.alive) stay = undefined;
          if (problem) return result({ ...withoutIndex(problem), index: problem.index ?? index });
          if (model.opened && iutSyn) {
            opens++;
            const name = baseName(opens === 1 ? 'iss' : `iss#${opens}`);
            const wrong = isns.open(name, iutSyn.seq, at, opens === 1 && walk.iutIsn !== undefined);
            if (wrong) return result({ message: wrong, index });
          }
        }
        if (ran) steps++;
      }
      // The walk is over; ACKs still owed get the time the RFC gives them.
      const owed = await awaitOwed(iut, judge, transcript, index - 1);
      if (owed) return result({ ...withoutIndex(owed), index: owed.index ?? index - 1 });
    } catch (err) {
      // A misbehaving implementation fails the walk with what happened.
      if (!(err instanceof ImplementationError)) throw err;
      return result({ index, message: err.text });
    }
    return result();
  }
}

/**
 * The timers whose edges (T-1, T, T + granularity) a wait may be drawn at: those whose expiry
 * the IUT's must match to the millisecond. Not the retransmission timer of an implementation
 * that declares an RTO_MIN (its RTO adapts to the round trips it measures, RFC 6298 (2.2),
 * so its timer is not the spec's), and none once the judge has waited beyond the walk for a
 * timer fired late on a coarse tick (`aheadMs` > 0): the IUT's timers started again from when
 * it fired, which the walk knows only to within the granularity.
 */
function edgeTimers(running: Pending, aheadMs: number, params: Readonly<Record<string, number>>): Pending {
  if (aheadMs > 0) return [];
  return params[RTO_MIN_PARAMETER] === undefined ? running : running.filter((p) => p.timer !== 'rexmt');
}

/**
 * The IUT's clock as the walk knows it, in ms: on a virtual clock the time it was advanced so
 * far (exact: the waits of the transcript, with those the judge adds for a timer on a coarse
 * tick); on a real one the time since the walk began (each input's effects happen between the
 * readings before and after it).
 */
function walkClock(virtual: boolean, transcript: readonly TranscriptEntry[]): { now(): number } {
  if (virtual) {
    // Summed as the transcript grows: it only ever grows during a walk.
    let [seen, ms] = [0, 0];
    return {
      now: () => {
        for (; seen < transcript.length; seen++) {
          const e = transcript[seen]!;
          if (e.kind === 'advance') ms += e.ms;
        }
        return ms;
      },
    };
  }
  const start = performance.now();
  return { now: () => performance.now() - start };
}
