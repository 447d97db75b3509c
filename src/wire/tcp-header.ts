/**
 * Real TCP headers (RFC 9293 §3.1), for implementations that build and parse them: encoding,
 * decoding with every check a receiver makes, and the checksum over the IPv4 pseudo-header.
 */
import { internetChecksum } from './checksum.js';
import { FLAGS, normalizeFlags, type Flag, type Segment } from '../../core/segment.js';

const FLAG_BITS: Readonly<Record<Flag, number>> = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 };
const URG = 0x20;

export interface Addresses {
  readonly src: string;
  readonly dst: string;
}

export function ipv4(addr: string): number[] {
  const parts = addr.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255))
    throw new Error(`not an IPv4 address: ${addr}`);
  return parts;
}

/** The Internet checksum of the pseudo-header and the segment (RFC 9293 §3.1). */
export function tcpChecksum(tcp: Uint8Array, addrs: Addresses): number {
  const pseudo = [...ipv4(addrs.src), ...ipv4(addrs.dst), 0, 6, tcp.length >> 8, tcp.length & 0xff];
  return internetChecksum(pseudo, tcp);
}

export function encodeSegment(s: Segment, addrs: Addresses): Uint8Array {
  const options = s.mss !== undefined ? [2, 4, s.mss >> 8, s.mss & 0xff] : [];
  const headerLen = 20 + options.length;
  const out = new Uint8Array(headerLen + s.payload.length);
  const v = new DataView(out.buffer);
  v.setUint16(0, s.srcPort);
  v.setUint16(2, s.dstPort);
  v.setUint32(4, s.seq);
  v.setUint32(8, s.ack);
  out[12] = (headerLen / 4) << 4;
  out[13] = s.flags.reduce((bits, f) => bits | FLAG_BITS[f], 0);
  v.setUint16(14, s.window);
  out.set(options, 20);
  out.set(s.payload, headerLen);
  v.setUint16(16, tcpChecksum(out, addrs));
  return out;
}

/** The flags of every combination of the five modelled bits, built once: a capture decodes them by the hundred thousand. */
const FLAG_SETS: readonly (readonly Flag[])[] = Array.from({ length: 32 }, (_, bits) =>
  Object.freeze(normalizeFlags(FLAGS.filter((f) => bits & FLAG_BITS[f]))),
);

export type Decoded =
  | { readonly ok: true; readonly segment: Segment }
  | { readonly ok: false; readonly problem: string };

/** Decode a header as a receiver would, reporting the first thing wrong with it. */
export function decodeSegment(bytes: Uint8Array, addrs: Addresses): Decoded {
  if (bytes.length >= 20 && (bytes[12]! >> 4) * 4 <= bytes.length && bytes[12]! >> 4 >= 5) {
    const sum = tcpChecksum(bytes, addrs);
    if (sum !== 0) {
      const got = ((bytes[16]! << 8) | bytes[17]!).toString(16).padStart(4, '0');
      return {
        ok: false,
        problem: `raw header: bad checksum 0x${got} (the pseudo-header uses ${addrs.src} -> ${addrs.dst})`,
      };
    }
    if (bytes[13]! & URG) return { ok: false, problem: 'raw header: URG is set; tcpconform does not use urgent data' };
  }
  const d = readHeader(bytes);
  // A copy: the caller's buffer may be reused.
  return d.ok ? { ok: true, segment: { ...d.segment, payload: d.segment.payload.slice() } } : d;
}

/**
 * The header's fields without the checks only a receiver can make: no checksum (a capture
 * taken on the sending host holds the partial sum checksum offload leaves) and URG ignored.
 * The payload is a view into `bytes`, not a copy: a capture's packets are read by the thousand.
 */
export function readHeader(bytes: Uint8Array): Decoded {
  const bad = (problem: string): Decoded => ({ ok: false, problem });
  if (bytes.length < 20) return bad(`raw header: ${bytes.length} octets, a TCP header has at least 20`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = (bytes[12]! >> 4) * 4;
  if (headerLen < 20 || headerLen > bytes.length)
    return bad(`raw header: data offset ${headerLen / 4} words does not fit a ${bytes.length}-octet segment`);
  const flags = FLAG_SETS[bytes[13]! & 0x1f]!;
  let mss: number | undefined;
  for (let i = 20; i < headerLen; ) {
    const kind = bytes[i]!;
    if (kind === 0) break;
    if (kind === 1) {
      i++;
      continue;
    }
    const len = bytes[i + 1];
    if (len === undefined || len < 2 || i + len > headerLen)
      return bad(`raw header: option kind ${kind} at offset ${i} has a bad length`);
    if (kind === 2) {
      if (len !== 4) return bad(`raw header: MSS option with length ${len}, must be 4`);
      mss = v.getUint16(i + 2);
    }
    i += len;
  }
  return {
    ok: true,
    segment: {
      srcPort: v.getUint16(0),
      dstPort: v.getUint16(2),
      seq: v.getUint32(4),
      ack: v.getUint32(8),
      flags,
      window: v.getUint16(14),
      mss,
      payload: bytes.subarray(headerLen),
    },
  };
}
