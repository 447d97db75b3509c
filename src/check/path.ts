/**
 * What the path between the capture point and an endpoint may have done to the segments the
 * capture saw: lose them (their sender sends them again) or duplicate them (the capture shows
 * the network duplicating frames). The checker (checker.ts) reads these as capture gaps, not
 * as the endpoint's faults: a capture taken away from the endpoint cannot show what reached it.
 * An endpoint the capture has no segment of at all (SYNs to a host that never answers) is not
 * judged on what it owes: nothing shows that anything reached it (the path, a firewall beside
 * the capture point, or the host: a capture cannot tell which). And beside the peer, the
 * capture's clock times the endpoint's answers with the path's delay both ways in them.
 */
import { controlKey, hasFlag, segLen } from '../../core/segment.js';
import * as seq from '../../core/seq.js';
import type { Sent } from './checker.js';
import type { Packet } from './packets.js';

/** What makes two segments of an endpoint the same one sent again. */
export function repeatKey(s: Sent): string {
  return `${controlKey(s.flags)} ${s.seq} ${hasFlag(s, 'ACK') ? s.ack : ''} ${s.payload.length}`;
}

/**
 * The inputs of `self` (the peer's segments that occupy sequence space) whose first octet the
 * peer sent again later, before `self` acknowledged it, each with the frame of the copy: the
 * peer concluded it was lost (a retransmission may join or split what it resends).
 */
export function resentLater(self: string, packets: readonly Packet[]): ReadonlyMap<number, number> {
  const out = new Map<number, number>();
  // Inputs not yet acknowledged nor sent again: what is in flight to `self`, kept in sequence
  // order from `head` on, so a copy finds what it covers by binary search and an ACK drops from
  // the front. Scanning all of them at every segment made a long unacknowledged flight quadratic.
  const open: Packet[] = [];
  let head = 0;
  let base: number | undefined;
  const off = (x: number) => (x - base!) >>> 0;
  /** The first place from `head` whose first octet is not before `x`. */
  const lowerBound = (x: number): number => {
    let lo = head;
    let hi = open.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (off(open[mid]!.segment.seq) < off(x)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const p of packets) {
    const s = p.segment;
    if (p.src === self) {
      // What it acknowledged reached it.
      if (hasFlag(s, 'ACK')) while (head < open.length && seq.le(end(open[head]!.segment), s.ack)) head++;
      if (head > 64 && head * 2 > open.length) {
        open.splice(0, head);
        head = 0;
      }
      continue;
    }
    if (segLen(s) === 0) continue;
    base ??= s.seq;
    const from = seq.lt(s.seq, base) ? head : lowerBound(s.seq);
    let to = from;
    const kept: Packet[] = [];
    for (; to < open.length && seq.lt(open[to]!.segment.seq, end(s)); to++) {
      const q = open[to]!;
      if (hasFlag(q.segment, 'SYN') === hasFlag(s, 'SYN') && seq.le(s.seq, q.segment.seq)) out.set(q.frame, p.frame);
      else kept.push(q);
    }
    open.splice(from, to - from, ...kept);
    open.splice(lowerBound(s.seq), 0, p);
  }
  return out;
}

const end = (s: Sent): number => seq.add(s.seq, segLen(s));

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
      if (segLen(p.segment) > 0) waiting.push({ frame: p.frame, end: end(p.segment) });
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
