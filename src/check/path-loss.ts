/**
 * Loss after the capture point: a segment the capture saw on its way to the endpoint, which
 * got no answer, and which its sender sent again later (its retransmission timer fired: no
 * answer reached it either). The likeliest reading is that the first copy never reached the
 * endpoint (lost on the path beyond the capture point), so the endpoint owed it nothing: the
 * missing answer is a capture gap, not a violation, and the copy sent again is judged as the
 * one that arrived. An input never sent again, whose answer never comes, is still missing.
 */
import { controlKey, type Segment } from '../../core/segment.js';
import type { Packet } from './packets.js';

/** What makes a segment the same one sent again: control flags, SN and length (the AN may have moved on). */
const resendKey = (s: Segment) => `${controlKey(s.flags)} ${s.seq} ${s.payload.length}`;

/** For each segment sent to `self` that its sender sent again later: the frame of the next copy. */
export function sentAgain(packets: readonly Packet[], self: string): ReadonlyMap<number, number> {
  const out = new Map<number, number>();
  const last = new Map<string, number>();
  for (let i = packets.length - 1; i >= 0; i--) {
    const p = packets[i]!;
    if (p.src === self) continue;
    const key = resendKey(p.segment);
    const again = last.get(key);
    if (again !== undefined) out.set(p.frame, again);
    last.set(key, p.frame);
  }
  return out;
}
