/**
 * Where a connection was captured, as far as its frames tell, and what that changes in them.
 *
 * Offload: a host that hands its NIC a segment larger than the peer's MSS (TSO/GSO) is
 * captured, at the sender, before the NIC cuts it into MSS-sized segments; a receiver whose
 * NIC or driver merges arriving segments (GRO/LRO) is captured, at the receiver, after they
 * were merged. Either way the wire carried a run of segments of at most the peer's MSS, so a
 * data segment larger than that is judged as that run (the same SN space, ACK and AN on each,
 * FIN and PSH on the last) and counted as an accepted variation naming offload. Which of the
 * two it was is told by the timing of the handshake (the end near the capture point answers
 * at once, the far one a round trip later); when both answer alike (both ends on one host),
 * it is said that it cannot be told.
 *
 * One-sided: a connection whose frames all come from one end, which acknowledges something
 * (so the other end was there and sending: `tcpdump -Q out`, a half-duplex tap). The silent
 * end is not judged. The visible end is judged as far as its own segments allow: each advance
 * of its AN says the silent end sent that much, so the segments it must have sent are put in
 * before it (inferred, never judged): a SYN+ACK or SYN for its handshake, data for each advance,
 * and, for the last advance of a connection the visible end closes, a FIN; each acknowledges
 * all the visible end had sent, and announces no MSS (segment sizes are not judged).
 */
import { hasFlag, payloadRanges, segLen, type Flag, type Segment } from '../../core/segment.js';
import * as seq from '../../core/seq.js';
import type { Packet } from './packets.js';
import type { TcpConnection } from './connections.js';

/** A super-segment cut into the run the wire carried. */
export interface SuperSegment {
  readonly frame: number;
  /** The end that sent it. */
  readonly from: string;
  readonly octets: number;
  /** The peer's MSS it was cut at (less the timestamps option's 12 octets when both SYNs carry it). */
  readonly mss: number;
  readonly pieces: number;
}

/** Which end of the connection the capture was taken near, from the handshake's timing; undefined when it cannot be told. */
export type Near = 'client' | 'server' | undefined;

export interface CapturePoint {
  readonly near: Near;
  readonly superSegments: readonly SuperSegment[];
  /** The end whose frames alone are in the capture, when it is one-sided. */
  readonly only?: string;
}

/** The octets the timestamps option takes on every segment, with its padding. */
const TIMESTAMPS = 12;

/** One end answering this many times faster than the other puts the capture point beside it. */
const NEAR_RATIO = 4;
/** ... and the slower one must take at least this long (µs): below it, both are on one host. */
const NEAR_MIN_US = 1_000;

/**
 * The packets of a connection with each super-segment cut into the run it stands for (the
 * pieces keep its frame number and time), and where the capture was taken.
 */
export function cutOffload(c: TcpConnection): { packets: Packet[]; point: CapturePoint } {
  // The MSS each end announced in its SYN: what the other end may send it in one segment.
  const mss = new Map<string, number>();
  const syns = c.packets.filter((p) => hasFlag(p.segment, 'SYN'));
  // With timestamps on (both SYNs carry them) each segment's 12 octets of option come out of the MSS (RFC 7323 §3).
  const stamped = new Set(syns.filter((p) => p.syn?.timestamps).map((p) => p.src)).size === 2;
  for (const p of syns) if (p.segment.mss !== undefined) mss.set(p.src, p.segment.mss - (stamped ? TIMESTAMPS : 0));
  const packets: Packet[] = [];
  const superSegments: SuperSegment[] = [];
  for (const p of c.packets) {
    const max = mss.get(p.dst);
    const s = p.segment;
    if (max === undefined || s.payload.length <= max || hasFlag(s, 'SYN') || hasFlag(s, 'RST')) {
      packets.push(p);
      continue;
    }
    const ranges = payloadRanges(s.payload.length, max);
    superSegments.push({ frame: p.frame, from: p.src, octets: s.payload.length, mss: max, pieces: ranges.length });
    ranges.forEach(([a, b], i) => {
      const last = i === ranges.length - 1;
      const flags = s.flags.filter((f: Flag) => last || (f !== 'FIN' && f !== 'PSH'));
      const segment: Segment = { ...s, seq: seq.add(s.seq, a), flags, payload: s.payload.subarray(a, b) };
      packets.push({ ...p, segment });
    });
  }
  const only = oneSided(c);
  return {
    packets: only === undefined ? packets : [...inferSilent(packets, only)],
    point: { near: nearOf(c), superSegments, ...(only !== undefined ? { only } : {}) },
  };
}

/** The end whose frames alone the capture holds, if it acknowledges something the other sent. */
function oneSided(c: TcpConnection): string | undefined {
  const src = c.packets[0]!.src;
  if (c.packets.some((p) => p.src !== src)) return undefined;
  return c.packets.some((p) => hasFlag(p.segment, 'ACK')) ? src : undefined;
}

/** What the silent end must have sent, told by the visible end's ANs, put in before each segment that tells it. */
function* inferSilent(packets: readonly Packet[], visible: string): Generator<Packet> {
  const first = packets[0]!;
  const silent = first.dst;
  const closes = packets.some((p) => hasFlag(p.segment, 'FIN'));
  // The last AN the visible end sends: the silent end's FIN, if the visible end closed too.
  const lastAck = [...packets].reverse().find((p) => hasFlag(p.segment, 'ACK'))?.segment.ack;
  let finSent = false;
  let ownEnd: number | undefined;
  let own: Segment | undefined;
  /** The silent end's next SN; undefined until its SYN is inferred or seen acknowledged. */
  let next: number | undefined;
  const make = (p: Packet, seq: number, flags: Flag[], ack: number, length = 0): Packet => ({
    ...p,
    src: silent,
    dst: visible,
    segment: {
      srcPort: p.segment.dstPort,
      dstPort: p.segment.srcPort,
      seq,
      ack,
      flags,
      window: 0xffff,
      ...(flags.includes('SYN') ? { mss: 0xffff } : {}),
      payload: new Uint8Array(length),
    },
  });
  for (const p of packets) {
    const s = p.segment;
    if (hasFlag(s, 'SYN') && hasFlag(s, 'ACK') && next === undefined) {
      // The visible end answers a SYN the capture does not hold.
      yield make(p, seq.sub(s.ack, 1), ['SYN'], 0);
      next = s.ack;
    } else if (hasFlag(s, 'ACK') && !hasFlag(s, 'SYN')) {
      if (next === undefined && own && hasFlag(own, 'SYN') && !hasFlag(own, 'ACK')) {
        // The visible end opened; its first ACK answers the silent end's SYN+ACK.
        yield make(p, seq.sub(s.ack, 1), ['SYN', 'ACK'], seq.add(own.seq, 1));
        next = s.ack;
      } else if (next !== undefined && own && hasFlag(own, 'SYN') && hasFlag(own, 'ACK')) {
        // The visible end answered a SYN: the silent end's ACK of its SYN+ACK came before this.
        yield make(p, next, ['ACK'], ownEnd!);
      }
      if (next === undefined) next = s.ack;
      if (seq.gt(s.ack, next)) {
        const advance = seq.sub(s.ack, next);
        const fin = closes && s.ack === lastAck;
        // The visible end's FIN acknowledged first, as an ordinary close has it (a simultaneous one cannot be told).
        if (fin && finSent && advance === 1) yield make(p, next, ['ACK'], ownEnd!);
        yield make(p, next, fin ? ['FIN', 'ACK'] : ['ACK'], ownEnd ?? s.seq, fin ? advance - 1 : advance);
        next = s.ack;
      }
    }
    yield p;
    own = s;
    if (hasFlag(s, 'FIN')) finSent = true;
    const end = seq.add(s.seq, segLen(s));
    if (ownEnd === undefined || seq.gt(end, ownEnd)) ownEnd = end;
  }
}

/** The end the capture was taken beside: SYN to SYN+ACK is the server's turnaround seen from there, SYN+ACK to ACK the client's. */
function nearOf(c: TcpConnection): Near {
  const syn = c.packets.find((p) => p.src === c.client && hasFlag(p.segment, 'SYN') && !hasFlag(p.segment, 'ACK'));
  const synAck = c.packets.find((p) => p.src === c.server && hasFlag(p.segment, 'SYN') && hasFlag(p.segment, 'ACK'));
  const ack =
    synAck && c.packets.find((p) => p.src === c.client && p.time >= synAck.time && !hasFlag(p.segment, 'SYN'));
  if (!syn || !synAck || !ack) return undefined;
  const server = synAck.time - syn.time;
  const client = ack.time - synAck.time;
  if (server >= NEAR_MIN_US && server >= NEAR_RATIO * client) return 'client';
  if (client >= NEAR_MIN_US && client >= NEAR_RATIO * server) return 'server';
  return undefined;
}

/** What the capture point says of the offload seen, in words: "captured at the sender: TSO/GSO". */
export function describeOffload(c: TcpConnection, point: CapturePoint): string | undefined {
  const ss = point.superSegments;
  if (ss.length === 0) return undefined;
  const from = new Set(ss.map((s) => s.from));
  const near = point.near === undefined ? undefined : point.near === 'client' ? c.client : c.server;
  const where =
    near === undefined || from.size > 1
      ? "TSO/GSO at the sender or GRO/LRO at the receiver (the handshake's timing does not tell the capture point)"
      : from.has(near)
        ? 'captured at the sender: TSO/GSO'
        : 'captured at the receiver: GRO/LRO';
  const n = ss.length;
  return `offload, ${where}: ${n} segment${n === 1 ? '' : 's'} larger than the peer's MSS, each judged as the run of MSS-sized segments the wire carried (frames ${ss.map((s) => s.frame).join(', ')})`;
}

/** A one-sided capture in words, said once per connection. */
export function describeOneSided(c: TcpConnection, point: CapturePoint): string | undefined {
  if (point.only === undefined) return undefined;
  const [role, other] = point.only === c.client ? ['client', 'server'] : ['server', 'client'];
  return `one-sided capture: only the ${role}'s frames; the ${other} is not judged, and what it sent is inferred from the ${role}'s ACKs`;
}
