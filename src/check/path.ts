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
  // Inputs not yet acknowledged nor sent again: what is in flight to `self`, kept from `head` on
  // in order of their first octet, so a copy finds what it covers and an ACK what it covers by
  // binary search. Scanning all of them at every segment made a long flight quadratic.
  const open: Packet[] = [];
  let head = 0;
  let base: number | undefined;
  const start = (q: Packet) => (q.segment.seq - base!) >>> 0;
  for (const p of packets) {
    const s = p.segment;
    if (p.src === self) {
      // What it acknowledged reached it: only inputs that start before the AN can end by it.
      if (!hasFlag(s, 'ACK') || base === undefined) continue;
      const upTo = lowerBound(open, head, (s.ack - base) >>> 0, start);
      const kept = open.slice(head, upTo).filter((q) => !seq.le(end(q.segment), s.ack));
      open.splice(head, upTo - head, ...kept);
      if (head > 64 && head * 2 > open.length) {
        open.splice(0, head);
        head = 0;
      }
      continue;
    }
    if (segLen(s) === 0) continue;
    base ??= below(s.seq);
    const at = (s.seq - base) >>> 0;
    const from = lowerBound(open, head, at, start);
    let to = from;
    const kept: Packet[] = [];
    for (; to < open.length && seq.lt(open[to]!.segment.seq, end(s)); to++) {
      const q = open[to]!;
      if (hasFlag(q.segment, 'SYN') === hasFlag(s, 'SYN') && seq.le(s.seq, q.segment.seq)) out.set(q.frame, p.frame);
      else kept.push(q);
    }
    open.splice(from, to - from, ...kept);
    open.splice(lowerBound(open, head, at, start), 0, p);
  }
  return out;
}

/**
 * Where sequence numbers are counted from to sort them: half the space before the first one,
 * so those within 2^31 of it sort as seq.lt compares them.
 */
const below = (first: number): number => (first - 0x8000_0000) >>> 0;

/** The first index from `lo` of `xs`, in order of `key`, whose key is not below `k`. */
function lowerBound<T>(xs: readonly T[], lo: number, k: number, key: (x: T) => number): number {
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(xs[mid]!) < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
  // Kept in order of where they end, so an ACK takes what it covers from the front (a scan of
  // all at every ACK made a long unanswered flight quadratic).
  const waiting: { frame: number; end: number }[] = [];
  let base: number | undefined;
  const ending = (w: { end: number }) => (w.end - base!) >>> 0;
  for (const p of packets) {
    if (p.src !== self) {
      if (segLen(p.segment) === 0) continue;
      base ??= below(p.segment.seq);
      const w = { frame: p.frame, end: end(p.segment) };
      waiting.splice(lowerBound(waiting, 0, ending(w), ending), 0, w);
      continue;
    }
    if (!hasFlag(p.segment, 'ACK') || hasFlag(p.segment, 'RST') || base === undefined) continue;
    let covered = 0;
    while (covered < waiting.length && seq.ge(p.segment.ack, waiting[covered]!.end)) covered++;
    for (const w of waiting.splice(0, covered)) out.set(w.frame, p.frame);
  }
  return out;
}
