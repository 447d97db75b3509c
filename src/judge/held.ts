/**
 * Data the spec sends at once that the endpoint holds back: the Nagle algorithm (RFC 9293
 * §3.7.4, SHLD-7) buffers a short segment while sent data is unacknowledged, and sends it,
 * joined with what came after it, once everything sent is acknowledged or a full-sized segment
 * can go. A FIN the application asks for meanwhile waits behind the held data and may ride on
 * its last segment (§3.10.4: the FIN is formed once all preceding SENDs are segmentized).
 *
 * Held data is a stretch of the spec's own sequence space: its octets, SNs and FIN are the
 * spec's, and a segment that sends some of it must start where it starts and carry a prefix of
 * it. Holding moves octets in time; it never changes one.
 */
import type { SegmentPattern } from '../../core/case.js';
import { hasFlag, text, type Segment } from '../../core/segment.js';
import * as seq from '../../core/seq.js';

/** What the endpoint holds back, from `seq`. */
export interface Held {
  /** The SN of the first octet held (or of the FIN, when only the FIN is left). */
  readonly seq: number;
  readonly data: string;
  /** The FIN after the data is held too. */
  readonly fin: boolean;
  /** The ANs the spec's segments for it carry: a segment sending it may carry one of them, or the latest AN. */
  readonly acks: readonly number[];
  /** The spec's first segment held, and the step whose transition sends it: held data never sent is its failure. */
  readonly pattern: SegmentPattern;
  readonly index: number;
}

/** A segment of the spec's the endpoint may hold or join: data and/or a FIN, with ACK, no SYN or RST, no option. */
export function isStreamPattern(p: SegmentPattern): boolean {
  const ctl = p.flags.filter((f) => f !== 'PSH');
  const plain = ctl.length === 1 && ctl[0] === 'ACK';
  const fin = ctl.length === 2 && ctl.includes('FIN') && ctl.includes('ACK');
  return p.ack !== undefined && p.mss === 'absent' && ((plain && p.data.length > 0) || fin);
}

/** The SN just past the held octets: where the next data (or the FIN) belongs. */
export function heldEnd(h: Held): number {
  return seq.add(h.seq, h.data.length);
}

/**
 * `h` with the spec's segment `p` (SN `sn`, AN `ack`) held after it; undefined when `p` does
 * not continue it (another SN, or anything after a held FIN).
 */
export function holdMore(
  h: Held | undefined,
  p: SegmentPattern,
  sn: number,
  ack: number,
  index: number,
): Held | undefined {
  const fin = p.flags.includes('FIN');
  if (!h) return { seq: sn, data: p.data, fin, acks: [ack], pattern: p, index };
  if (h.fin || sn !== heldEnd(h)) return undefined;
  return { ...h, data: h.data + p.data, fin, acks: [...h.acks, ack] };
}

/**
 * Does `s` send the first part of `h`: from its SN, a prefix of its octets, the FIN only
 * after all of them? Returns what is still held after it (undefined: nothing), or false.
 */
export function sendsHeld(h: Held, s: Segment): Held | undefined | false {
  if (s.seq !== h.seq || !hasFlag(s, 'ACK') || hasFlag(s, 'SYN') || hasFlag(s, 'RST') || s.mss !== undefined)
    return false;
  const fin = hasFlag(s, 'FIN');
  const n = s.payload.length;
  if ((n === 0 && !fin) || n > h.data.length || text(s.payload) !== h.data.slice(0, n)) return false;
  if (fin && (!h.fin || n !== h.data.length)) return false;
  if (fin) return undefined;
  if (n === h.data.length && !h.fin) return undefined;
  return { ...h, seq: seq.add(h.seq, n), data: h.data.slice(n) };
}

/** `h` after the peer acknowledged up to `ack`: what it acknowledges is no longer owed. */
export function ackedHeld(h: Held, ack: number): Held | undefined {
  if (!seq.gt(ack, h.seq)) return h;
  const n = seq.sub(ack, h.seq);
  if (n > h.data.length) return undefined;
  if (n === h.data.length && !h.fin) return undefined;
  return { ...h, seq: ack, data: h.data.slice(n) };
}
