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
 */
import { hasFlag, payloadRanges, type Flag, type Segment } from '../../core/segment.js';
import type { Packet } from './packets.js';
import type { TcpConnection } from './connections.js';

/** A super-segment cut into the run the wire carried. */
export interface SuperSegment {
  readonly frame: number;
  /** The end that sent it. */
  readonly from: string;
  readonly octets: number;
  /** The peer's MSS it was cut at. */
  readonly mss: number;
  readonly pieces: number;
}

/** Which end of the connection the capture was taken near, from the handshake's timing; undefined when it cannot be told. */
export type Near = 'client' | 'server' | undefined;

export interface CapturePoint {
  readonly near: Near;
  readonly superSegments: readonly SuperSegment[];
}

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
  for (const p of c.packets)
    if (hasFlag(p.segment, 'SYN') && p.segment.mss !== undefined) mss.set(p.src, p.segment.mss);
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
      const segment: Segment = { ...s, seq: (s.seq + a) >>> 0, flags, payload: s.payload.subarray(a, b) };
      packets.push({ ...p, segment });
    });
  }
  return { packets, point: { near: nearOf(c), superSegments } };
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
