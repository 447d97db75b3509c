/**
 * From captured frames to TCP segments: the link-layer header (Ethernet, Linux cooked SLL
 * and SLL2, raw IP, BSD loopback), then IPv4 or IPv6, then the TCP header
 * (src/wire/tcp-header.ts). A frame that holds no readable TCP segment is skipped with the
 * reason, never an error: a capture holds ARP, DNS, fragments and damaged packets too.
 */
import type { Segment } from '../../core/segment.js';
import { readHeader } from '../wire/tcp-header.js';
import type { Frame } from './frames.js';

export interface Packet {
  readonly frame: number;
  /** Microseconds since the epoch. */
  readonly time: number;
  readonly src: string;
  readonly dst: string;
  readonly segment: Segment;
}

export interface Decoded {
  readonly packets: Packet[];
  /** Why frames were skipped, with how many each. */
  readonly skipped: ReadonlyMap<string, number>;
}

const LINK = {
  NULL: 0,
  EN10MB: 1,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;
/** DLT_RAW as some systems number it in files (12 on most BSDs, 14 on OpenBSD). */
const RAW_ALIASES = new Set([12, 14]);
const ETHERTYPE = { IPV4: 0x0800, IPV6: 0x86dd, VLAN: 0x8100, QINQ: 0x88a8 } as const;
const TCP = 6;

export function decodePackets(frames: readonly Frame[]): Decoded {
  const packets: Packet[] = [];
  const skipped = new Map<string, number>();
  IPV4_TEXT.clear();
  for (const f of frames) {
    const r = decodeFrame(f);
    if (typeof r === 'string') skipped.set(r, (skipped.get(r) ?? 0) + 1);
    else packets.push(r);
  }
  return { packets, skipped };
}

function decodeFrame(f: Frame): Packet | string {
  const d = f.data;
  let at: number;
  let ethertype: number | undefined;
  switch (f.linkType) {
    case LINK.EN10MB:
      if (d.length < 14) return 'Ethernet header truncated';
      at = 14;
      ethertype = u16(d, 12);
      while ((ethertype === ETHERTYPE.VLAN || ethertype === ETHERTYPE.QINQ) && d.length >= at + 4) {
        ethertype = u16(d, at + 2);
        at += 4;
      }
      break;
    case LINK.LINUX_SLL:
      if (d.length < 16) return 'Linux cooked header truncated';
      at = 16;
      ethertype = u16(d, 14);
      break;
    case LINK.LINUX_SLL2:
      if (d.length < 20) return 'Linux cooked (v2) header truncated';
      at = 20;
      ethertype = u16(d, 0);
      break;
    case LINK.NULL:
    case LINK.LOOP: {
      if (d.length < 4) return 'loopback header truncated';
      // NULL holds the address family in the capturing host's byte order, LOOP in network order.
      const big = ((d[0]! << 24) | (d[1]! << 16) | (d[2]! << 8) | d[3]!) >>> 0;
      const little = ((d[3]! << 24) | (d[2]! << 16) | (d[1]! << 8) | d[0]!) >>> 0;
      const family = f.linkType === LINK.LOOP ? big : Math.min(big, little);
      if (family !== 2 && family !== 24 && family !== 28 && family !== 30)
        return `loopback address family ${family} is not IP`;
      at = 4;
      break;
    }
    case LINK.RAW:
    case LINK.IPV4:
    case LINK.IPV6:
      at = 0;
      break;
    default:
      if (RAW_ALIASES.has(f.linkType)) {
        at = 0;
        break;
      }
      return `link type ${f.linkType} is not read (Ethernet, Linux cooked, raw IP and loopback are)`;
  }
  if (ethertype !== undefined && ethertype !== ETHERTYPE.IPV4 && ethertype !== ETHERTYPE.IPV6) return 'not IP';
  if (d.length <= at) return 'IP header truncated';
  const version = d[at]! >> 4;
  return version === 4 ? ipv4(f, d.subarray(at)) : version === 6 ? ipv6(f, d.subarray(at)) : `IP version ${version}`;
}

/** Octets read one by one, not through a DataView: a capture has frames by the hundred thousand. */
function u16(d: Uint8Array, at: number): number {
  return (d[at]! << 8) | d[at + 1]!;
}

function ipv4(f: Frame, ip: Uint8Array): Packet | string {
  if (ip.length < 20) return 'IPv4 header truncated';
  const headerLen = (ip[0]! & 0x0f) * 4;
  const total = (ip[2]! << 8) | ip[3]!;
  if (headerLen < 20 || total < headerLen || ip.length < headerLen) return 'IPv4 header malformed';
  if (ip[9] !== TCP) return 'not TCP';
  // A fragment holds part of a segment; reassembly is not attempted (TCP avoids fragments, RFC 9293 §3.7.1).
  if (((ip[6]! << 8) | ip[7]!) & 0x3fff) return 'IPv4 fragment (not reassembled)';
  return tcp(f, ip.subarray(headerLen), total - headerLen, ipv4Text(ip, 12), ipv4Text(ip, 16));
}

/** Address texts already built, by address: a capture names the same few hosts over and over. Emptied per capture. */
const IPV4_TEXT = new Map<number, string>();

function ipv4Text(ip: Uint8Array, at: number): string {
  const n = ((ip[at]! << 24) | (ip[at + 1]! << 16) | (ip[at + 2]! << 8) | ip[at + 3]!) >>> 0;
  let text = IPV4_TEXT.get(n);
  if (text === undefined) {
    text = `${ip[at]}.${ip[at + 1]}.${ip[at + 2]}.${ip[at + 3]}`;
    IPV4_TEXT.set(n, text);
  }
  return text;
}

function ipv6(f: Frame, ip: Uint8Array): Packet | string {
  if (ip.length < 40) return 'IPv6 header truncated';
  const v = new DataView(ip.buffer, ip.byteOffset, ip.byteLength);
  if (ip[6] !== TCP) return 'not TCP (or behind IPv6 extension headers, which are not read)';
  const addr = (at: number) =>
    `[${Array.from({ length: 8 }, (_, i) => v.getUint16(at + 2 * i).toString(16)).join(':')}]`;
  return tcp(f, ip.subarray(40), v.getUint16(4), addr(8), addr(24));
}

/** `length`: the segment's length as IP gives it; fewer octets may have been captured. */
function tcp(f: Frame, bytes: Uint8Array, length: number, src: string, dst: string): Packet | string {
  // Ethernet pads short frames: what lies beyond IP's length is not the segment's.
  const captured = bytes.subarray(0, Math.min(bytes.length, length));
  const h = readHeader(captured);
  if (!h.ok)
    return captured.length < 20 || captured.length < (captured[12]! >> 4) * 4
      ? 'TCP header not captured whole'
      : `TCP header malformed (${h.problem.replace(/^raw header: /, '')})`;
  let segment = h.segment;
  const dataLen = length - (captured[12]! >> 4) * 4;
  if (segment.payload.length < dataLen) {
    // Cut by the snapshot length: the data's length matters to the checks, its octets do not.
    const payload = new Uint8Array(dataLen);
    payload.set(segment.payload);
    segment = { ...segment, payload };
  }
  return { frame: f.number, time: f.time, src: `${src}:${segment.srcPort}`, dst: `${dst}:${segment.dstPort}`, segment };
}
