/**
 * One fuzz walk: each abstract step is made concrete, taken by the model, then by the IUT,
 * and the IUT's reaction (segments, application events, state) must be the model's.
 */
import { ImplementationError, type Adapter, type Endpoints } from '../adapter.js';
import type { Reaction } from '../../core/reaction.js';
import type { Profile } from '../../core/case.js';
import { checkReaction, awaitOwed, withoutIndex, type Problem, type TranscriptEntry } from '../harness/run-case.js';
import { Judge } from '../judge/judge.js';
import { KEEPALIVE_PARAMETER, latitudeOf, type Latitude } from '../../core/latitude.js';
import { hasFlag } from '../../core/segment.js';
import { expectationOf } from './compare.js';
import { TesterView, type Input } from './concretize.js';
import { Model } from './model.js';
import type { Offers } from './offers.js';
import { parameterDefaults } from '../../core/spec/parameters.js';
import type { Spec } from '../../core/spec/types.js';
import type { Walk } from './steps.js';

export type WalkFailure = Problem & { readonly index: number };

export interface WalkResult {
  /** Steps run on both the IUT and the model (steps the profile has no answer to are left out). */
  readonly steps: number;
  readonly failure?: WalkFailure;
  /** What the profile offered at each step run: picks in a printed walk read as what they were. */
  readonly offered: readonly Offers[];
  readonly transcript: readonly TranscriptEntry[];
  readonly bindings: Readonly<Record<string, number>>;
  readonly log?: readonly string[];
}

export class Walker {
  readonly params: Readonly<Record<string, number>>;
  private readonly model: Model;
  /** What RFC 9293 allows besides the model's one behaviour (the spec's latitude; timer granularity is not applied here yet). */
  private readonly latitude: Latitude;

  constructor(
    spec: Spec,
    private readonly iut: Adapter,
    profile: Profile,
    private readonly ends: Endpoints,
  ) {
    this.params = { ...parameterDefaults(spec), ...iut.params };
    this.model = new Model(spec, this.params, profile, ends);
    this.latitude = latitudeOf(spec.latitude);
  }

  async run(walk: Walk): Promise<WalkResult> {
    const { iut, model } = this;
    const view = new TesterView(walk.peerIsn, this.params, this.ends);
    const transcript: TranscriptEntry[] = [];
    const judge = new Judge(view.bindings, this.ends, this.latitude, 0, iut.params[KEEPALIVE_PARAMETER] ?? 0);
    const offered: Offers[] = [];
    let steps = 0;
    let index = 0;
    const result = (failure?: WalkFailure): WalkResult => ({
      steps,
      offered,
      transcript,
      bindings: view.bindings.all(),
      ...(failure ? { failure, ...(iut.log ? { log: iut.log() } : {}) } : {}),
    });
    model.reset();
    try {
      await iut.reset(walk.iutIsn !== undefined ? { isn: walk.iutIsn } : {});
      for (; index < walk.steps.length; index++) {
        let ran = false;
        offered.push(model.offered);
        for (const input of view.concretize(walk.steps[index]!, model.offered)) {
          let expected = model.take(input);
          if (!expected) continue;
          ran = true;
          const got = await this.perform(input, transcript, judge);
          // The IUT picks its own ISNs; the model follows, so every number compares exactly.
          const iutSyn = got.segments.find((s) => hasFlag(s, 'SYN'));
          const modelSyn = expected.segments.find((s) => hasFlag(s, 'SYN'));
          if (iutSyn && modelSyn && iutSyn.seq !== modelSyn.seq) expected = model.realign(iutSyn.seq);
          for (const s of got.segments) view.observe(s);
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
          );
          if (problem) return result({ ...withoutIndex(problem), index: problem.index ?? index });
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

  private async perform(input: Input, transcript: TranscriptEntry[], judge: Judge): Promise<Reaction> {
    let reaction: Reaction;
    switch (input.kind) {
      case 'call':
        judge.input();
        transcript.push({ kind: 'call', call: input.call.call });
        reaction = await this.iut.call(input.call);
        break;
      case 'deliver':
        // What the segment acknowledges is no longer retransmitted: a retransmission is judged from SND.UNA.
        judge.input(input.segment);
        transcript.push({ kind: 'sent', segment: input.segment });
        judge.received(input.segment);
        reaction = await this.iut.deliver(input.segment);
        break;
      case 'advance':
        transcript.push({ kind: 'advance', ms: input.ms });
        reaction = await this.iut.advance(input.ms);
        judge.passed(input.ms);
        break;
    }
    for (const segment of reaction.segments) transcript.push({ kind: 'received', segment });
    return reaction;
  }
}
