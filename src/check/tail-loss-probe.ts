/**
 * A tail loss probe in a capture (the tail_loss_probe allowance, MAY-18, RFC 8985 §7): the
 * endpoint sends the last segment of its flight again when no ACK came for a probe timeout,
 * sooner than its RTO, and the probe may cross the ACK that would have made it needless. The
 * judge of a run allows it to an implementation that declares TLP; a capture cannot show the
 * implementation's parameters (as it cannot show its retry limit), so `check` allows it to
 * any endpoint: a segment of data it already sent, ending at SND.NXT (the tail), the same
 * octets, with the AN it has reached. It changes nothing: the judge goes on as before it.
 *
 * And a retransmission on the timer of less than the spec's (which resends up to the peer's
 * MSS from SND.UNA): a prefix of it, the earliest segment as it was first sent (RFC 6298
 * §5.4; the rto allowance lets a retransmission be repacketized).
 */
import type { Connection } from '../../core/machine.js';
import type { Transition } from '../../core/spec/types.js';
import { controlKey, equalBytes, hasFlag } from '../../core/segment.js';
import * as seq from '../../core/seq.js';
import type { Sent } from './checker.js';

export function isTailProbe(c: Connection, got: Sent): boolean {
  const kept = c.sent;
  if (!kept || got.payload.length === 0 || hasFlag(got, 'SYN') || hasFlag(got, 'RST')) return false;
  const fin = hasFlag(got, 'FIN') ? 1 : 0;
  const from = seq.diff(kept.start, got.seq);
  return (
    seq.add(got.seq, got.payload.length + fin) === c.get('SND.NXT') &&
    from >= 0 &&
    from + got.payload.length <= kept.data.length &&
    equalBytes(kept.data.subarray(from, from + got.payload.length), got.payload) &&
    hasFlag(got, 'ACK') &&
    got.ack === c.get('RCV.NXT')
  );
}

/** Is `got` a prefix of the retransmission `want` that the resending transition `t` sends? */
export function isResentPrefix(t: Transition, want: Sent, got: Sent): boolean {
  return (
    t.actions.some((a) => a.kind === 'resend') &&
    controlKey(want.flags) === controlKey(got.flags) &&
    got.seq === want.seq &&
    got.ack === want.ack &&
    got.payload.length > 0 &&
    got.payload.length < want.payload.length &&
    equalBytes(want.payload.subarray(0, got.payload.length), got.payload)
  );
}
