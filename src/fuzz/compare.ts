/**
 * What the IUT must do at a fuzz step: exactly what the model did. The model's reaction is
 * written as the harness's expectation, so a difference reads as it does in the suite
 * ("AN: expected IRS+1 (1000000001), got IRS+0 (1000000000)").
 */
import type { Reaction } from '../../core/reaction.js';
import type { Expectation, SegmentPattern, Term } from '../../core/case.js';
import type { NotifyAction } from '../../core/spec/types.js';
import { normalizeEvents } from '../harness/check.js';
import { hasFlag, text, type Segment } from '../../core/segment.js';
import * as seq from '../../core/seq.js';
import type { TesterView } from './concretize.js';

/** Farther than this from an ISN, a number is shown as itself (an RST's SN 0, an arbitrary AN). */
const NEAR = 1 << 24;

const near = (term: Term | undefined): term is Term => term !== undefined && Math.abs(seq.diff(0, term.off)) < NEAR;

/**
 * The model's reaction as the expectation; an event the spec leaves latitude for (by kind: it
 * may be left out, or another told instead) is expected with that latitude.
 */
export function expectationOf(
  model: Reaction,
  state: string,
  view: TesterView,
  latitude: ReadonlyMap<string, NotifyAction> = new Map(),
): Expectation {
  const app = normalizeEvents(model.app).map((e) => {
    const l = latitude.get(e.kind);
    return l ? { ...e, ...(l.optional ? { optional: l.optional } : {}), ...(l.or ? { or: l.or } : {}) } : e;
  });
  return { segments: model.segments.map((s) => patternOf(s, view)), app, state };
}

function patternOf(s: Segment, view: TesterView): SegmentPattern {
  const sn = view.issTerm(s.seq);
  const an: Term = { base: 'peer', off: seq.sub(s.ack, view.peerIsn) };
  return {
    flags: s.flags,
    seq: near(sn) ? sn : { off: s.seq },
    ...(hasFlag(s, 'ACK') ? { ack: near(an) ? an : { off: s.ack } } : {}),
    mss: s.mss === undefined ? 'absent' : { off: s.mss },
    data: text(s.payload),
  };
}
