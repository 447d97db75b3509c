/**
 * What the path between the capture point and an endpoint may have done to the segments the
 * capture saw: lose them (their sender sends them again) or duplicate them (the capture shows
 * the network duplicating frames). The checker (checker.ts) reads these as capture gaps, not
 * as the endpoint's faults: a capture taken away from the endpoint cannot show what reached it.
 */
import { controlKey, hasFlag, segLen, type Segment } from '../../core/segment.js';
import type { Packet } from './packets.js';

/** What makes two segments of an endpoint the same one sent again. */
export function repeatKey(s: Omit<Segment, 'srcPort' | 'dstPort' | 'window'>): string {
  return `${controlKey(s.flags)} ${s.seq} ${hasFlag(s, 'ACK') ? s.ack : ''} ${s.payload.length}`;
}

/**
 * The inputs of `self` (the peer's segments that occupy sequence space) that the peer sent
 * again later, from the same SN with the same SYN and FIN, each with the frame of its first
 * copy: the peer concluded the first was lost.
 */
export function resentLater(self: string, packets: readonly Packet[]): ReadonlyMap<number, number> {
  const out = new Map<number, number>();
  /** The frames of inputs not yet seen again, by where they start. */
  const open = new Map<string, number[]>();
  for (const p of packets) {
    if (p.src === self || segLen(p.segment) === 0) continue;
    const s = p.segment;
    const key = `${s.seq} ${hasFlag(s, 'SYN')} ${hasFlag(s, 'FIN')}`;
    const before = open.get(key);
    if (before) for (const frame of before.splice(0)) out.set(frame, p.frame);
    open.set(key, [...(before ?? []), p.frame]);
  }
  return out;
}

/**
 * A copy of a data segment sooner than this after the first (µs) is no retransmission: Linux's
 * shortest timer that resends (the tail-loss probe's floor) is 10 ms, the RTO's 200 ms.
 */
const COPY_US = 10_000;

/**
 * Whether the capture shows the network (or the capture itself) duplicating the connection's
 * segments: a segment that occupies sequence space seen twice, from the same end with the same
 * numbers, sooner than any timer of its sender could have sent it again.
 */
export function duplicating(packets: readonly Packet[]): boolean {
  const first = new Map<string, number>();
  for (const p of packets) {
    if (segLen(p.segment) === 0) continue;
    const key = `${p.src} ${repeatKey(p.segment)}`;
    const at = first.get(key);
    if (at === undefined) first.set(key, p.time);
    else if (p.time - at < COPY_US) return true;
  }
  return false;
}
