/**
 * Segments RFC 9293 lets an endpoint send besides those the spec's transitions send: a window
 * update (§3.8.6.2.2, the receiver's window opening) and a keep-alive probe (§3.8.4, MAY-5).
 * Neither changes anything the peer relies on, so the judge lets one pass where the RFC allows
 * it and goes on as if it had not come. Each is recognised by numbers the judge has seen, never
 * guessed: a window update is a pure ACK from SND.NXT with the latest AN, whose window is wider
 * than the last one announced (the same window would be a duplicate ACK the spec does not
 * send); a probe is an ACK from SND.NXT − 1 with at most one octet, with nothing outstanding and
 * nothing received for the declared keep-alive time.
 */
import type { Allowance, AllowanceKind } from '../../core/latitude.js';
import { CONTROL_FLAGS, controlKey, hasFlag, segLen, type Segment } from '../../core/segment.js';
import * as seq from '../../core/seq.js';

/** States with a connection whose sending side is open and idle: where MUST-26 lets a probe go. */
const KEEP_ALIVE_STATES = new Set(['ESTABLISHED', 'CLOSE_WAIT']);

/** What the judge has seen of one connection, enough to tell an extra segment from a wrong one. */
export class Extras {
  /** SND.NXT as the endpoint's own segments show it. */
  private sndNxt: number | undefined;
  /** SND.UNA: the highest of the peer's ANs up to SND.NXT. */
  private sndUna: number | undefined;
  /** The last AN the endpoint sent. */
  private lastAck: number | undefined;
  /** The last window the endpoint announced. */
  private lastWindow: number | undefined;
  /** The judge's clock when the endpoint last received a segment. */
  private receivedAt = 0;

  constructor(
    private readonly allows: (kind: AllowanceKind) => Allowance | undefined,
    /** The declared keep-alive idle time (ms); 0: keep-alives off (MUST-25). */
    private readonly keepAliveMs: number,
  ) {}

  /** The connection is gone or starts afresh. */
  forget(): void {
    this.sndNxt = this.sndUna = this.lastAck = this.lastWindow = undefined;
  }

  /** The endpoint sent `s` (one the judge accepted). */
  sent(s: Segment): void {
    if (hasFlag(s, 'SYN')) this.forget();
    // A RST takes its SN from the segment it answers: it says nothing of SND.NXT.
    if (hasFlag(s, 'RST')) return;
    const end = seq.add(s.seq, segLen(s));
    // A RST's SN may be the AN of the segment it answers, anywhere: it says nothing of SND.NXT.
    if (!hasFlag(s, 'RST') && (this.sndNxt === undefined || seq.gt(end, this.sndNxt))) this.sndNxt = end;
    if (hasFlag(s, 'ACK')) {
      this.lastAck = s.ack;
      this.lastWindow = s.window;
    }
  }

  /** The last AN the endpoint sent. */
  get lastAn(): number | undefined {
    return this.lastAck;
  }

  /** SND.NXT as the endpoint's own segments show it: where its new data starts. */
  get nxt(): number | undefined {
    return this.sndNxt;
  }

  /** Something it sent is not yet acknowledged (SND.UNA < SND.NXT): what lets Nagle hold a short segment (§3.7.4). */
  get outstanding(): boolean {
    return this.sndNxt !== undefined && this.sndUna !== this.sndNxt;
  }

  /** The endpoint received `s` at the judge's `clock`. */
  received(s: Segment, clock: number): void {
    // The peer's own keep-alive probe (SN = RCV.NXT − 1, before the window) is unacceptable and
    // dropped (§3.10.7.4): no data or acknowledgment received for MUST-26's idle time (Linux's
    // timer runs on from the last acceptable segment).
    if (!this.isProbeOfPeer(s)) this.receivedAt = clock;
    // A RST's ACK acknowledges nothing: the RST resets or is dropped (§3.10.7.4).
    if (!hasFlag(s, 'ACK') || hasFlag(s, 'RST') || this.sndNxt === undefined || seq.gt(s.ack, this.sndNxt)) return;
    if (this.sndUna === undefined || seq.gt(s.ack, this.sndUna)) this.sndUna = s.ack;
  }

  /**
   * The allowance `s` is an extra segment under, if any, in `state` at `clock`. `s` must not be
   * one the spec expects: the judge asks only about segments nothing else explains.
   */
  extra(s: Segment, state: string, clock: number): AllowanceKind | undefined {
    if (this.sndNxt === undefined || this.lastAck === undefined || !hasFlag(s, 'ACK') || s.ack !== this.lastAck)
      return undefined;
    if (controlKey(s.flags.filter((f) => CONTROL_FLAGS.includes(f))) !== 'ACK') return undefined;
    if (this.isWindowUpdate(s)) return 'window_update';
    if (this.isKeepAlive(s, state, clock)) return 'keep_alive';
    return undefined;
  }

  /** §3.8.6.2.2: the receiver announces its window opening, and nothing else. */
  private isWindowUpdate(s: Segment): boolean {
    if (!this.allows('window_update')) return false;
    return (
      s.payload.length === 0 && s.seq === this.sndNxt && this.lastWindow !== undefined && s.window > this.lastWindow
    );
  }

  /** A keep-alive probe of the peer's: a pure ACK (or one octet) from RCV.NXT − 1, the AN last sent less one. */
  private isProbeOfPeer(s: Segment): boolean {
    return (
      this.lastAck !== undefined &&
      controlKey(s.flags.filter((f) => CONTROL_FLAGS.includes(f))) === 'ACK' &&
      s.payload.length <= 1 &&
      s.seq === seq.sub(this.lastAck, 1)
    );
  }

  /** §3.8.4: SN = SND.NXT − 1, zero or one garbage octet, after the idle time, nothing outstanding (MUST-26). */
  private isKeepAlive(s: Segment, state: string, clock: number): boolean {
    if (!this.allows('keep_alive') || this.keepAliveMs <= 0 || !KEEP_ALIVE_STATES.has(state)) return false;
    const idle = clock - this.receivedAt >= this.keepAliveMs;
    const outstanding = this.sndUna === undefined || this.sndUna !== this.sndNxt;
    return idle && !outstanding && s.payload.length <= 1 && s.seq === seq.sub(this.sndNxt!, 1);
  }
}
