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
import { equalBytes, hasFlag, segLen, type Segment } from '../../core/segment.js';
import * as seq from '../../core/seq.js';

/**
 * The spec parameter (spec/machine.yaml) counting a SYN's retransmissions at the initial RTO
 * before back-off starts: 0 as RFC 6298 (5.5) has it; a family's variation records its own.
 */
export const SYN_LINEAR_PARAMETER = 'SYN_LINEAR_TIMEOUTS';

/** RFC 6298 (2.4): "Whenever RTO is computed, if it is less than 1 second, then the RTO SHOULD be rounded up to 1 second." */
export const RTO_FLOOR_MS = 1000;

export interface RtoTiming {
  /** The implementation's declared lower bound of its RTO (RTO_MIN), ms; the spec's RTO when it declares none. */
  readonly minMs: number;
  /** How far a measured interval may be off (a real clock's tolerance), ms; 0 on a virtual clock. */
  readonly toleranceMs: number;
  /**
   * How many retransmissions of a SYN a known variation lets come at an unchanged interval
   * before back-off starts (Linux's tcp_syn_linear_timeouts); absent: none, as RFC 6298 (5.5)
   * requires.
   */
  readonly synLinear?: number;
  /**
   * The implementation runs RACK-TLP (RFC 8985) and the latitude allows its tail loss probe:
   * once per flight, the data or FIN at the tail may be sent again before the RTO expires.
   */
  readonly probe?: boolean;
}

/** What the implementation sent that is not yet acknowledged: SND.UNA up to SND.NXT. */
interface Unacked {
  /** SND.UNA. */
  seq: number;
  /** Its SYN is not yet acknowledged. */
  syn: boolean;
  data: Uint8Array;
  /** Its FIN, after the data, is sent and not yet acknowledged. */
  fin: boolean;
}

/** An early retransmission, accepted: how long after the previous sending it came. */
export interface Early {
  readonly segment: Segment;
  readonly intervalMs: number;
  /** Sooner than RFC 6298 (2.4)'s 1 s floor. */
  readonly belowFloor: boolean;
  /** A SYN retransmitted at the previous interval, not twice it: only the known variation (synLinear) allows it. */
  readonly linear: boolean;
  /**
   * A tail loss probe (RFC 8985 §7) explains it: `this` one is the probe, sooner than the
   * RTO's minimum; `before` the retransmission before it was, and this one is the RTO re-armed
   * from it, not backed off.
   */
  readonly probe?: 'this' | 'before';
}

/** Why a retransmission of the right segment still came too soon (the judge reports it). */
export interface TooSoon {
  readonly segment: Segment;
  readonly intervalMs: number;
  /** The least interval allowed: RTO_MIN for a first retransmission, twice the previous interval after. */
  readonly leastMs: number;
  readonly backoff: boolean;
}

/** One retransmission timer per connection (RFC 6298 §5), timed from what the judge saw. */
export class Retransmissions {
  private unacked: Unacked | undefined;
  /** When the timer was started or the earliest unacknowledged segment last sent. */
  private at = 0;
  /** The interval between the last two sendings, once something has been retransmitted. */
  private interval: number | undefined;
  /** Retransmissions of the earliest unacknowledged segment since its timer started. */
  private count = 0;
  /**
   * The flight's octets from its start (its sequence number) and whether they end with a
   * SYN or FIN, for a probe sent before an ACK arrived: kept when the flight is all
   * acknowledged, until the endpoint sends something else, since the probe may cross that ACK.
   */
  private flight: { seq: number; data: Uint8Array; syn: boolean; fin: boolean } | undefined;
  /** A tail loss probe was sent in this flight (RFC 8985 §7.3: one per episode, until new data is acknowledged). */
  private probed = false;
  /** The segment early() just took for a probe: sent() starts the RTO afresh from it. */
  private probing: Segment | undefined;
  /**
   * An ACK of new data came since the last sending: the RTO may have been computed afresh
   * from a sample (2.3), so the interval now running is no baseline for back-off.
   */
  private sampled = false;
  /** Retransmissions seen before the plan expected one, not yet set against one it expects, and the last of them. */
  private unmatched = 0;
  private last: Segment | undefined;
  /** A retransmission came sooner than the plan's on this connection: its timers run ahead of the plan. */
  private aheadOfPlan = false;
  /** The end of the furthest segment sent on this connection: SND.NXT, also when nothing is unacknowledged. */
  private end: number | undefined;

  constructor(private readonly timing: RtoTiming) {}

  /** SND.NXT, when something is unacknowledged. */
  private get nxt(): number | undefined {
    const u = this.unacked;
    return u && seq.add(u.seq, (u.syn ? 1 : 0) + u.data.length + (u.fin ? 1 : 0));
  }

  /** The peer's segment arrived and the endpoint takes its ACK: what it covers is no longer retransmitted. */
  acked(s: Segment): void {
    const u = this.unacked;
    const nxt = this.nxt;
    // An ACK of what was never sent is dropped (§3.10.7.4), acknowledging nothing.
    if (!u || nxt === undefined || !hasFlag(s, 'ACK') || !seq.gt(s.ack, u.seq) || seq.gt(s.ack, nxt)) return;
    this.probed = false;
    if (s.ack === nxt) {
      this.unacked = undefined;
      return;
    }
    let n = seq.sub(s.ack, u.seq);
    if (u.syn) {
      u.syn = false;
      n--;
    }
    u.data = u.data.subarray(n);
    u.seq = s.ack;
    this.sampled = true;
  }

  /** The connection is gone: nothing is outstanding any more. */
  forget(): void {
    this.unacked = undefined;
    this.end = undefined;
    this.interval = undefined;
    this.unmatched = 0;
    this.last = undefined;
    this.aheadOfPlan = false;
  }

  /** The retransmission timer is running (something is unacknowledged) and ran ahead of the plan's on this connection. */
  get ahead(): boolean {
    return this.aheadOfPlan && this.unacked !== undefined;
  }

  /** A copy to go back to, for a judgement tried and given up. */
  copy(): Retransmissions {
    const c = new Retransmissions(this.timing);
    Object.assign(c, this);
    c.unacked = this.unacked && { ...this.unacked };
    return c;
  }

  /** Each of `segments` sent at its time in `times`. */
  sentAll(segments: readonly Segment[], times: readonly number[]): void {
    for (const [i, s] of segments.entries()) this.sent(s, times[i]!);
  }

  /**
   * The implementation sent `s` at `at`: new sequence space becomes unacknowledged (starting
   * the timer if none runs, 5.1), and a retransmission from SND.UNA starts the next interval.
   */
  sent(s: Segment, at: number): void {
    if (segLen(s) === 0 || hasFlag(s, 'RST')) return;
    if (s === this.probing) {
      // RFC 8985 §7.3: after the probe the RTO is armed again from it, at its current value.
      this.probing = undefined;
      this.interval = undefined;
      this.at = at;
      this.last = s;
      return;
    }
    const u = this.unacked;
    const end = seq.add(s.seq, segLen(s));
    const old = this.end !== undefined && !hasFlag(s, 'SYN') && seq.lt(s.seq, this.end);
    if (this.end === undefined || hasFlag(s, 'SYN') || seq.gt(end, this.end)) this.end = end;
    if (!u) {
      // Sequence space already acknowledged (a keep-alive probe's octet) starts nothing.
      if (old) return;
      this.unacked = { seq: s.seq, syn: hasFlag(s, 'SYN'), data: s.payload, fin: hasFlag(s, 'FIN') };
      this.flight = { seq: s.seq, data: s.payload, syn: hasFlag(s, 'SYN'), fin: hasFlag(s, 'FIN') };
      this.probed = false;
      this.at = at;
      this.interval = undefined;
      this.count = 0;
      this.sampled = false;
      return;
    }
    if (s.seq === this.nxt && !u.fin) {
      u.data = concat(u.data, s.payload);
      u.fin = hasFlag(s, 'FIN');
      if (this.flight) this.flight = { ...this.flight, data: concat(this.flight.data, s.payload), fin: u.fin };
      // The spec restarts its timer at its RTO when it sends new data; an implementation may too.
      this.sampled = true;
      return;
    }
    if (s.seq !== u.seq) return;
    this.interval = this.sampled ? undefined : at - this.at;
    this.count++;
    this.sampled = false;
    this.at = at;
    this.last = s;
  }

  /**
   * Is `s`, sent at `at` where the plan expects nothing, a retransmission of the earliest
   * unacknowledged data (5.4: from SND.UNA, the octets sent before, repacketized as the
   * sender likes) on an RTO the RFC allows? Its AN must be one of `acks` (what the endpoint
   * has acknowledged so far). Undefined when `s` is no such retransmission at all, or one
   * sooner than 1 s where `belowFloor` does not allow it.
   */
  early(
    s: Segment,
    at: number,
    acks: readonly (number | undefined)[],
    belowFloor: boolean,
  ): Early | TooSoon | undefined {
    const anOk = !hasFlag(s, 'ACK') || acks.includes(s.ack) || s.ack === this.last?.ack;
    const intervalMs = at - this.at;
    const mayProbe = this.timing.probe === true && this.flight !== undefined && !this.flight.syn && !this.probed;
    // A probe: sooner than the RTO may be, or starting before SND.UNA (it left before the last
    // ACK arrived, which the RTO's retransmission from SND.UNA cannot).
    const probe = intervalMs < this.timing.minMs || !this.repacketizes(s);
    if (anOk && mayProbe && this.count === 0 && probe && this.tail(s)) {
      this.probed = true;
      this.probing = s;
      this.aheadOfPlan = true;
      return { segment: s, intervalMs, belowFloor: false, linear: false, probe: 'this' };
    }
    if (!this.repacketizes(s) || !anOk) return undefined;
    // Since an ACK of new data, or new data sent, the interval running is no baseline (sampled).
    const backoff = this.interval !== undefined && !this.sampled;
    // Within the known variation's first retransmissions of a SYN, the RTO is not doubled.
    const linear = backoff && this.unacked!.syn && this.count <= (this.timing.synLinear ?? 0);
    const leastMs = backoff ? (linear ? 1 : 2) * this.interval! : this.timing.minMs;
    // Each time seen may be up to the tolerance late: an interval is off by one tolerance,
    // and twice the previous one by two.
    const slack = this.timing.toleranceMs * (backoff ? 3 : 1);
    if (intervalMs + slack < leastMs) {
      // The first retransmission may have been the probe (it came before the RTO, which can be
      // longer than its minimum), and this one the RTO armed again from it.
      if (!(mayProbe && this.count === 1 && intervalMs + this.timing.toleranceMs >= this.timing.minMs))
        return { segment: s, intervalMs, leastMs, backoff };
      this.probed = true;
      this.unmatched++;
      this.aheadOfPlan = true;
      const belowFloor = intervalMs + this.timing.toleranceMs < RTO_FLOOR_MS;
      return { segment: s, intervalMs, belowFloor, linear: false, probe: 'before' };
    }
    // Sooner than RFC 6298's floor, by more than the clock can be off: accepted only where the
    // latitude allows it (as a warning). A 1 s RTO measured as 992 ms is on the floor.
    const below = intervalMs + this.timing.toleranceMs < RTO_FLOOR_MS;
    if (below && !belowFloor) return undefined;
    this.unmatched++;
    this.aheadOfPlan = true;
    return { segment: s, intervalMs, belowFloor: below, linear: linear && intervalMs + slack < 2 * this.interval! };
  }

  /** `s` is the tail of the flight, sent again (isTail). */
  private tail(s: Segment): boolean {
    return this.flight !== undefined && isTail(this.flight, s);
  }

  /** `s` starts at SND.UNA and carries what was sent from there: its SYN, a prefix of the data, the FIN only after all of it. */
  repacketizes(s: Segment): boolean {
    const u = this.unacked;
    if (!u || s.seq !== u.seq || hasFlag(s, 'RST') || hasFlag(s, 'SYN') !== u.syn) return false;
    if (s.payload.length > u.data.length || !equalBytes(s.payload, u.data.subarray(0, s.payload.length))) return false;
    return !hasFlag(s, 'FIN') || (u.fin && s.payload.length === u.data.length);
  }

  /**
   * The plan expects a retransmission here that already came early: the timer the
   * implementation runs is ahead of the plan's, and the one it expects was that one.
   */
  cameEarly(matches: (s: Segment) => boolean): boolean {
    if (this.unmatched === 0 || !this.last || !matches(this.last)) return false;
    this.unmatched--;
    return true;
  }
}

/** A flight: its octets from its first SN, and whether its FIN follows them. */
export interface Flight {
  readonly seq: number;
  readonly data: Uint8Array;
  readonly fin: boolean;
}

/**
 * `s` is the tail of `flight` (RFC 8985 §7.3: the last segment sent), sent again: it ends at
 * SND.NXT (with the FIN if one was sent) and starts anywhere in what the flight carried, since
 * it may have left before an ACK of its first octets, or of all of them, arrived. A tail loss
 * probe, for the judge of a run (Retransmissions) and for check (src/check/tail-loss-probe.ts).
 */
export function isTail(flight: Flight, s: Pick<Segment, 'flags' | 'seq' | 'payload'>): boolean {
  if (hasFlag(s, 'RST') || hasFlag(s, 'SYN') || hasFlag(s, 'FIN') !== flight.fin) return false;
  if (s.payload.length === 0 && !flight.fin) return false; // a pure ACK is no probe
  const from = seq.sub(s.seq, flight.seq);
  if (from > flight.data.length || from + s.payload.length !== flight.data.length) return false;
  return equalBytes(s.payload, flight.data.subarray(from));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** When each segment of a reaction was sent, on the judge's clock `now` at the reaction's end. */
export function timesOf(reaction: Reaction, now: number): number[] {
  return reaction.segments.map((_, i) => now - (reaction.ago?.[i] ?? 0));
}
