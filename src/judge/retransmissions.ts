/**
 * Retransmissions on the implementation's own timer, earlier than the plan's. The plan waits
 * out the spec's RTO (RFC 9293's 1 s when the implementation declares no other), but RFC 6298
 * computes the RTO from RTT samples (2.2-2.3): an implementation may retransmit sooner, down
 * to the lower bound it declares (RTO_MIN). RFC 6298 (2.4) says that bound SHOULD be 1 s: a
 * retransmission sooner than 1 s is a warning. After a timeout the RTO MUST double (5.5):
 * each later retransmission of the same segment comes at least twice the previous interval
 * after it. What is retransmitted is never loosened: the earliest unacknowledged segment
 * (5.4), with the same SN, flags and octets, and an AN the endpoint has already sent.
 */
import type { Reaction } from '../../core/reaction.js';
import { CONTROL_FLAGS, controlKey, equalBytes, hasFlag, segLen, type Segment } from '../../core/segment.js';
import * as seq from '../../core/seq.js';

/** RFC 6298 (2.4): "Whenever RTO is computed, if it is less than 1 second, then the RTO SHOULD be rounded up to 1 second." */
export const RTO_FLOOR_MS = 1000;

export interface RtoTiming {
  /** The implementation's declared lower bound of its RTO (RTO_MIN), ms; the spec's RTO when it declares none. */
  readonly minMs: number;
  /** How far a measured interval may be off (a real clock's tolerance), ms; 0 on a virtual clock. */
  readonly toleranceMs: number;
}

/** A segment the implementation sent that takes sequence space and is not yet acknowledged. */
interface Outstanding {
  segment: Segment;
  /** When it was last sent (the judge's clock). */
  at: number;
  /** The interval between its last two sendings, once it has been retransmitted. */
  interval: number | undefined;
  /** Retransmissions seen before the plan expected one, not yet set against one it expects. */
  early: number;
  /** As it was sent last (its AN then). */
  last: Segment;
  /**
   * An ACK of new data came since it was last sent: the RTO may have been computed afresh
   * from a sample (2.3), so the interval now running is no baseline for back-off.
   */
  sampled: boolean;
}

/** An early retransmission, accepted: how long after the previous sending it came. */
export interface Early {
  readonly segment: Segment;
  readonly intervalMs: number;
  /** Sooner than RFC 6298 (2.4)'s 1 s floor. */
  readonly belowFloor: boolean;
}

/** Why a retransmission of the right segment still came too soon (the judge reports it). */
export interface TooSoon {
  readonly segment: Segment;
  readonly intervalMs: number;
  /** The least interval allowed: RTO_MIN for a first retransmission, twice the previous interval after. */
  readonly leastMs: number;
  readonly backoff: boolean;
}

export class Retransmissions {
  private outstanding: Outstanding[] = [];
  /** SND.NXT: the end of all it has sent. */
  private nxt: number | undefined;
  /** A retransmission came sooner than the plan's on this connection: its timers run ahead of the plan. */
  private aheadOfPlan = false;

  constructor(private readonly timing: RtoTiming) {}

  /** The peer's segment arrived: what its ACK covers is no longer outstanding. */
  acked(s: Segment): void {
    // An ACK of what was never sent is dropped (§3.10.7.4), acknowledging nothing.
    if (!hasFlag(s, 'ACK') || (this.nxt !== undefined && seq.gt(s.ack, this.nxt))) return;
    const before = this.outstanding.length;
    this.outstanding = this.outstanding.filter((o) => !seq.le(seq.add(o.segment.seq, segLen(o.segment)), s.ack));
    let news = this.outstanding.length < before;
    // Part of a segment acknowledged: what is left of it is what is retransmitted (5.4).
    for (const o of this.outstanding) {
      if (!seq.lt(o.segment.seq, s.ack)) continue;
      o.segment = rest(o.segment, s.ack);
      o.last = rest(o.last, s.ack);
      news = true;
    }
    if (news) for (const o of this.outstanding) o.sampled = true;
  }

  /** The connection is gone: nothing is outstanding any more. */
  forget(): void {
    this.outstanding = [];
    this.nxt = undefined;
    this.aheadOfPlan = false;
  }

  /** The retransmission timer is running (something is unacknowledged) and ran ahead of the plan's on this connection. */
  get ahead(): boolean {
    return this.aheadOfPlan && this.outstanding.length > 0;
  }

  /** A copy to go back to, for a judgement tried and given up. */
  copy(): Retransmissions {
    const c = new Retransmissions(this.timing);
    c.outstanding = this.outstanding.map((o) => ({ ...o }));
    c.nxt = this.nxt;
    c.aheadOfPlan = this.aheadOfPlan;
    return c;
  }

  /**
   * The implementation sent `s` at `at`: a new segment taking sequence space becomes
   * outstanding, and a resent one starts its next interval.
   */
  sent(s: Segment, at: number): void {
    if (segLen(s) === 0 || hasFlag(s, 'RST')) return;
    const end = seq.add(s.seq, segLen(s));
    if (this.nxt === undefined || seq.gt(end, this.nxt)) this.nxt = end;
    const o = this.outstanding.find((x) => same(x.segment, s));
    if (!o) {
      this.outstanding.push({ segment: s, at, interval: undefined, early: 0, last: s, sampled: false });
      return;
    }
    o.interval = o.sampled ? undefined : at - o.at;
    o.sampled = false;
    o.at = at;
    o.last = s;
  }

  /** Each of `segments` sent at its time in `times`. */
  sentAll(segments: readonly Segment[], times: readonly number[]): void {
    for (const [i, s] of segments.entries()) this.sent(s, times[i]!);
  }

  /**
   * Is `s`, sent at `at` where the plan expects nothing, a retransmission of the earliest
   * unacknowledged segment on an RTO the RFC allows? Its AN must be one of `acks` (what the
   * endpoint has acknowledged so far) or the one it carried before. Undefined when `s` is no
   * such retransmission at all, or one sooner than 1 s where `belowFloor` does not allow it.
   */
  early(
    s: Segment,
    at: number,
    acks: readonly (number | undefined)[],
    belowFloor: boolean,
  ): Early | TooSoon | undefined {
    const first = this.outstanding[0];
    if (!first || !same(first.segment, s)) return undefined;
    if (hasFlag(s, 'ACK') && !acks.includes(s.ack) && s.ack !== first.last.ack) return undefined;
    const intervalMs = at - first.at;
    const backoff = first.interval !== undefined;
    const leastMs = backoff ? 2 * first.interval! : this.timing.minMs;
    if (intervalMs + this.timing.toleranceMs < leastMs) return { segment: s, intervalMs, leastMs, backoff };
    // Sooner than RFC 6298's floor: accepted only where the latitude allows it (as a warning).
    const below = intervalMs < RTO_FLOOR_MS;
    if (below && !belowFloor) return undefined;
    first.early++;
    this.aheadOfPlan = true;
    return { segment: s, intervalMs, belowFloor: below };
  }

  /**
   * The plan expects `s`'s retransmission here, but it already came early: the timer the
   * implementation runs is ahead of the plan's, and the one it expects was that one.
   */
  cameEarly(matches: (s: Segment) => boolean): boolean {
    const o = this.outstanding.find((x) => x.early > 0 && matches(x.last));
    if (!o) return false;
    o.early--;
    return true;
  }
}

/** The same segment again: SN, control flags and octets (the AN may have moved on). */
function same(a: Segment, b: Segment): boolean {
  const ctl = (s: Segment) => controlKey(s.flags.filter((f) => CONTROL_FLAGS.includes(f)));
  return a.seq === b.seq && ctl(a) === ctl(b) && equalBytes(a.payload, b.payload);
}

/** What is left of `s` unacknowledged when the peer acknowledges up to `ack` (inside it): its SYN is acknowledged. */
function rest(s: Segment, ack: number): Segment {
  const syn = hasFlag(s, 'SYN') ? 1 : 0;
  const from = Math.max(0, seq.sub(ack, s.seq) - syn);
  return {
    ...s,
    seq: ack,
    flags: s.flags.filter((f) => f !== 'SYN'),
    payload: s.payload.subarray(Math.min(from, s.payload.length)),
  };
}

/** When each segment of a reaction was sent, on the judge's clock `now` at the reaction's end. */
export function timesOf(reaction: Reaction, now: number): number[] {
  return reaction.segments.map((_, i) => now - (reaction.ago?.[i] ?? 0));
}
