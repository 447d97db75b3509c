/**
 * What a transition's actions mean, written once. The planner runs them on symbolic terms
 * (generator/plan/execute.ts: the IUT's ISN and its parameters stay unknowns), the machine on
 * plain numbers modulo 2^32 (core/machine.ts: the trace checker and the interpreted
 * reference). Each says how its values and its data behave and where the effects go; the
 * order of the actions, what each reads and what a segment sent carries are decided here.
 */
import type { Action, NotifyAction, ParsedExpr } from './spec/types.js';
import { payloadRanges, type Flag } from './segment.js';

/**
 * What `resend: unacked` does, in words: the spec format's description of the action, and
 * the contract's (docs/contract.md). One segment, never the whole of what is unacknowledged:
 * the latitude `rto` (spec/latitude.yaml) lets a real stack repacketize it.
 */
export const RESEND_MEANING =
  'Send again the earliest unacknowledged segment, one segment only (not all the unacknowledged data): <SEQ=SND.UNA><ACK=RCV.NXT><CTL=ACK> with at most SND.MSS octets of the data from SND.UNA, or, when all the data is acknowledged, the FIN that follows it (<SEQ=SND.UNA><ACK=RCV.NXT><CTL=FIN,ACK>)';

/** The connection variables the builtin resend reads. */
export const RESEND_NEEDS = ['SND.UNA', 'SND.NXT', 'SND.MSS', 'RCV.NXT'] as const;
type ResendNeed = (typeof RESEND_NEEDS)[number];

/** A resend of data is a plain ACK; of the FIN, a FIN+ACK. */
const RESEND_FLAGS: readonly Flag[] = Object.freeze(['ACK']);
const RESEND_FIN_FLAGS: readonly Flag[] = Object.freeze(['FIN', 'ACK']);
/** The control flags a resend may carry ("ACK", "FIN+ACK"). */
export const RESEND_KEYS: readonly string[] = Object.freeze(['ACK', 'FIN+ACK']);

/** A segment an action sends: undefined ack and mss for none. */
export interface Sending<V, D> {
  readonly flags: readonly Flag[];
  readonly seq: V;
  readonly ack: V | undefined;
  readonly mss: V | undefined;
  readonly data: D;
}

/**
 * How one run sees values (V) and data (D), and where its effects go. The methods that are
 * given the action are where a run may find it cannot go on (the planner meets an unknown
 * size there), and say which action.
 */
export interface Interpretation<V, D> {
  /** No data. */
  readonly none: D;
  /** The value of one of the transition's expressions. */
  value(e: ParsedExpr): V;
  set(name: string, v: V): void;
  /** A connection variable the resend reads. */
  get(name: ResendNeed, a: Action): V;
  /** `v + n`: the sequence number `n` octets after `v`. */
  plus(v: V, n: number): V;
  /** A segment size (a send's max, the peer's MSS) as a plain number. */
  size(v: V, a: Action): number;
  /** How many octets `to` is past `from`. */
  distance(from: V, to: V, a: Action): number;
  length(data: D): number;
  slice(data: D, from: number, to: number): D;
  /** Keep data sent from `start`, for a resend. */
  keep(start: V, data: D): void;
  /**
   * The data kept, from the sequence number of its first octet (one may forget what is
   * acknowledged); none kept, none from SND.UNA.
   */
  kept(a: Action): { readonly start: V; readonly data: D };
  send(segment: Sending<V, D>): void;
  deliver(data: D): void;
  /** Tell the application; the action says what, and the latitude the RFC leaves. */
  notify(a: NotifyAction): void;
  startTimer(name: string, after: V): void;
  stopTimer(name: string): void;
}

/**
 * Perform the actions in order. `data` is the input's: the segment's payload, or the data of
 * a send call.
 */
export function perform<V, D>(actions: readonly Action[], data: D, run: Interpretation<V, D>): void {
  for (const a of actions) {
    switch (a.kind) {
      case 'set':
        // Assignments take effect one by one: a later one reads an earlier one's value.
        for (const s of a.assignments) run.set(s.name, run.value(s.value));
        break;
      case 'send': {
        const seq = run.value(a.seq);
        const ack = a.ack ? run.value(a.ack) : undefined;
        const mss = a.mss ? run.value(a.mss) : undefined;
        if (!a.data) {
          run.send({ flags: a.ctl, seq, ack, mss, data: run.none });
          break;
        }
        // The call's data, cut to the size the send allows; no data, no segment.
        const length = run.length(data);
        const max = a.max ? run.size(run.value(a.max), a) : Math.max(length, 1);
        run.keep(seq, data);
        for (const [from, to] of payloadRanges(length, max))
          run.send({ flags: a.ctl, seq: run.plus(seq, from), ack, mss, data: run.slice(data, from, to) });
        break;
      }
      case 'deliver':
        if (run.length(data) > 0) run.deliver(data);
        break;
      case 'resend': {
        // The earliest segment not yet acknowledged (RFC 9293 §3.10.8, RFC 6298 §5.4): the data
        // from SND.UNA, at most one segment of it; once all the data is acknowledged, the FIN
        // that follows it (SND.NXT is then one past the data).
        const una = run.get('SND.UNA', a);
        const nxt = run.get('SND.NXT', a);
        const ack = run.get('RCV.NXT', a);
        const sent = run.kept(a);
        const from = run.distance(sent.start, una, a);
        const end = run.length(sent.data);
        const last = run.distance(sent.start, nxt, a);
        if (from >= end && last > end) {
          run.send({ flags: RESEND_FIN_FLAGS, seq: una, ack, mss: undefined, data: run.none });
          break;
        }
        const to = Math.min(last, from + run.size(run.get('SND.MSS', a), a));
        run.send({ flags: RESEND_FLAGS, seq: una, ack, mss: undefined, data: run.slice(sent.data, from, to) });
        break;
      }
      case 'notify':
        run.notify(a);
        break;
      case 'start_timer':
        run.startTimer(a.timer, run.value(a.after));
        break;
      case 'stop_timer':
        run.stopTimer(a.timer);
        break;
    }
  }
}
