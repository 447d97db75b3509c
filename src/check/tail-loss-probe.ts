/**
 * A tail loss probe in a capture (the tail_loss_probe allowance, MAY-18, RFC 8985 §7): the
 * endpoint sends the last segment of its flight again when no ACK came for a probe timeout,
 * sooner than its RTO, and the probe may cross the ACK that would have made it needless. The
 * judge of a run allows it to an implementation that declares TLP; a capture cannot show the
 * implementation's parameters (as it cannot show its retry limit), so `check` allows it to
 * any endpoint: the tail of what it sent (src/judge/retransmissions.ts isTail, as a run judges
 * it), with the AN it has reached. It changes nothing: the judge goes on as before it.
 *
 * And a retransmission on the timer of less than the spec's (which resends up to the peer's
 * MSS from SND.UNA): a prefix of it, the earliest segment as it was first sent (RFC 6298
 * §5.4; the rto allowance lets a retransmission be repacketized).
 */
import type { Connection } from '../../core/machine.js';
import type { Transition } from '../../core/spec/types.js';
import { controlKey, equalBytes, hasFlag } from '../../core/segment.js';
import * as seq from '../../core/seq.js';
import { isTail } from '../judge/retransmissions.js';
import type { Sent } from './checker.js';

/** Is `got` the tail of what `c` sent (the judge's isTail), with the AN it has reached? */
export function isTailProbe(c: Connection, got: Sent): boolean {
  const kept = c.sent;
  if (!kept || !hasFlag(got, 'ACK') || got.ack !== c.get('RCV.NXT')) return false;
  // The FIN was sent if SND.NXT is one past the data kept.
  const fin = seq.add(kept.start, kept.data.length + 1) === c.get('SND.NXT');
  if (!fin && seq.add(kept.start, kept.data.length) !== c.get('SND.NXT')) return false;
  return isTail({ seq: kept.start, data: kept.data, fin }, got);
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
