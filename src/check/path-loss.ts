/**
 * Loss after the capture point: a segment the capture saw on its way to the endpoint, which
 * got no answer, and which its sender sent again later (its retransmission timer fired: no
 * answer reached it either), after which the endpoint was seen to send: it is there and its
 * path works. The likeliest reading is that the first copy never reached the endpoint (lost
 * beyond the capture point), so the endpoint owed it nothing: the missing answer is a capture
 * gap, not a violation, and the copy sent again is judged as the one that arrived. An input
 * never sent again, or sent again to an endpoint that sends nothing after it, whose answer
 * never comes, is still missing.
 *
 * An endpoint the capture has no segment of at all (SYNs to a host that never answers) is not
 * judged on what it owes: nothing shows that anything reached it (the path, a firewall beside
 * the capture point, or the host: a capture cannot tell which).
 */
import { controlKey, hasFlag, segLen, type Segment } from '../../core/segment.js';
import * as seq from '../../core/seq.js';
import type { Packet } from './packets.js';

/** What makes a segment the same one sent again: control flags, SN and length (the AN may have moved on). */
const resendKey = (s: Segment) => `${controlKey(s.flags)} ${s.seq} ${s.payload.length}`;

/**
 * For each segment sent to `self` that its sender sent again later, `self` sending something
 * after that copy: the frame of the copy.
 */
export function sentAgain(packets: readonly Packet[], self: string): ReadonlyMap<number, number> {
  const out = new Map<number, number>();
  const next = new Map<string, number>();
  let answered = false;
  for (let i = packets.length - 1; i >= 0; i--) {
    const p = packets[i]!;
    if (p.src === self) {
      answered = true;
      continue;
    }
    const key = resendKey(p.segment);
    const again = next.get(key);
    if (again !== undefined) out.set(p.frame, again);
    // Only a copy the endpoint sent something after can stand for the one that arrived.
    if (answered) next.set(key, p.frame);
  }
  return out;
}

/** Whether the capture has no segment from `self` at all. */
export const silent = (packets: readonly Packet[], self: string): boolean => !packets.some((p) => p.src === self);

/**
 * For each segment sent to `self` that occupies sequence space: the frame of the first later
 * segment of `self` whose AN covers it. Beside the peer, a capture times an answer with the
 * path's delay both ways in it: an ACK that came, late by the capture's clock, may have left
 * the endpoint in time (a mobile radio waking up takes a second).
 */
export function answeredLater(packets: readonly Packet[], self: string): ReadonlyMap<number, number> {
  const out = new Map<number, number>();
  const waiting: { frame: number; end: number }[] = [];
  for (const p of packets) {
    if (p.src !== self) {
      if (segLen(p.segment) > 0) waiting.push({ frame: p.frame, end: seq.add(p.segment.seq, segLen(p.segment)) });
      continue;
    }
    if (!hasFlag(p.segment, 'ACK') || hasFlag(p.segment, 'RST')) continue;
    for (let i = waiting.length - 1; i >= 0; i--) {
      if (seq.ge(p.segment.ack, waiting[i]!.end)) {
        out.set(waiting[i]!.frame, p.frame);
        waiting.splice(i, 1);
      }
    }
  }
  return out;
}
