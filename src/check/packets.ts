/**
 * From captured frames to TCP segments: the link-layer header (Ethernet with its 802.1Q and
 * 802.1ad tags, Linux cooked SLL and SLL2, raw IP, BSD loopback), then IPv4 or IPv6 (through
 * IPv6 extension headers), then the TCP header (src/wire/tcp-header.ts). A frame that holds no
 * readable TCP segment is skipped with the reason, never an error: a capture holds ARP, DNS,
 * fragments and damaged packets too. Tunnels (GRE, VXLAN, 6in4, PPPoE, MPLS, IPsec, ...) are
 * not looked into: their frames are counted by kind, so the report can say once per kind
 * what it did not read.
 */
import type { Segment } from '../../core/segment.js';
import { readHeader } from '../wire/tcp-header.js';
import type { Frame } from './frames.js';
import { synOptions, type SynOptions } from './options.js';

export interface Packet {
  readonly frame: number;
  /** Microseconds since the epoch. */
  readonly time: number;
  readonly src: string;
  readonly dst: string;
  readonly segment: Segment;
  /**
   * The 802.1Q / 802.1ad VLAN IDs the frame was tagged with, outermost first ("100" or
   * "100.200"); absent when untagged. The same addresses on two VLANs are two flows.
   */
  readonly vlan?: string;
  /** A SYN's window scale and timestamps options (src/check/options.ts); absent on other segments. */
  readonly syn?: SynOptions;
}

export interface Decoded {
  readonly packets: Packet[];
  /** Why frames were skipped, with how many each. */
  readonly skipped: ReadonlyMap<string, number>;
  /** Frames inside a tunnel or encapsulation that is not read, by its kind ("GRE tunnels (IP protocol 47)"). */
  readonly tunnelled: ReadonlyMap<string, number>;
}

/** A frame skipped because what it carries is inside an encapsulation that is not read. */
class Tunnelled {
  constructor(readonly kind: string) {}
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
const UDP = 17;

/** Ethertypes that carry IP inside another encapsulation, which is not read. */
const TUNNEL_ETHERTYPES = new Map<number, Tunnelled>([
  [0x8863, new Tunnelled('PPPoE (ethertype 0x8863, discovery)')],
  [0x8864, new Tunnelled('PPPoE sessions (ethertype 0x8864)')],
  [0x8847, new Tunnelled('MPLS (ethertype 0x8847)')],
  [0x8848, new Tunnelled('MPLS (ethertype 0x8848, multicast)')],
  [0x88e5, new Tunnelled('MACsec (ethertype 0x88e5)')],
  [0x88e7, new Tunnelled('802.1ah provider backbone bridging (ethertype 0x88e7)')],
  [0x6558, new Tunnelled('transparent Ethernet bridging (ethertype 0x6558)')],
]);

/** IP protocols (IPv4 protocol, IPv6 next header) that are tunnels or IPsec. */
const TUNNEL_PROTOCOLS = new Map<number, Tunnelled>([
  [4, new Tunnelled('IPv4-in-IP tunnels (IP protocol 4)')],
  [41, new Tunnelled('6in4 tunnels (IP protocol 41, IPv6 in IP)')],
  [47, new Tunnelled('GRE tunnels (IP protocol 47)')],
  [50, new Tunnelled('IPsec ESP (IP protocol 50, encrypted)')],
  [51, new Tunnelled('IPsec AH (IP protocol 51)')],
  [97, new Tunnelled('EtherIP tunnels (IP protocol 97)')],
  [115, new Tunnelled('L2TPv3 tunnels (IP protocol 115)')],
  [137, new Tunnelled('MPLS-in-IP (IP protocol 137)')],
]);

/** UDP ports of tunnels, either end: a UDP datagram to or from one is taken to carry a tunnel. */
const TUNNEL_PORTS = new Map<number, Tunnelled>([
  [4789, new Tunnelled('VXLAN (UDP port 4789)')],
  [8472, new Tunnelled('VXLAN (UDP port 8472, Linux)')],
  [6081, new Tunnelled('Geneve (UDP port 6081)')],
  [1701, new Tunnelled('L2TP (UDP port 1701)')],
  [2152, new Tunnelled('GTP-U (UDP port 2152)')],
  [4500, new Tunnelled('IPsec NAT traversal (UDP port 4500)')],
  [6635, new Tunnelled('MPLS-in-UDP (UDP port 6635)')],
]);

/** IPv6 extension headers read past (RFC 8200 §4): hop-by-hop, routing, destination options. */
const IPV6_EXTENSIONS = new Set([0, 43, 60]);
const IPV6_FRAGMENT = 44;

export function decodePackets(frames: readonly Frame[]): Decoded {
  const packets: Packet[] = [];
  const skipped = new Map<string, number>();
  const tunnelled = new Map<string, number>();
  IPV4_TEXT.clear();
  IPV6_TEXT.clear();
  for (const f of frames) {
    const r = decodeFrame(f);
    if (typeof r === 'string') skipped.set(r, (skipped.get(r) ?? 0) + 1);
    else if (r instanceof Tunnelled) tunnelled.set(r.kind, (tunnelled.get(r.kind) ?? 0) + 1);
    else packets.push(r);
  }
  return { packets, skipped, tunnelled };
}

function decodeFrame(f: Frame): Packet | Tunnelled | string {
  const d = f.data;
  let at: number;
  let ethertype: number | undefined;
  let vlan: string | undefined;
  switch (f.linkType) {
    case LINK.EN10MB:
      if (d.length < 14) return 'Ethernet header truncated';
      at = 14;
      ethertype = u16(d, 12);
      while ((ethertype === ETHERTYPE.VLAN || ethertype === ETHERTYPE.QINQ) && d.length >= at + 4) {
        // The tag's low 12 bits are the VLAN ID (IEEE 802.1Q); the priority bits do not separate flows.
        const id = String(u16(d, at) & 0x0fff);
        vlan = vlan === undefined ? id : `${vlan}.${id}`;
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
  if (ethertype !== undefined && ethertype !== ETHERTYPE.IPV4 && ethertype !== ETHERTYPE.IPV6)
    return TUNNEL_ETHERTYPES.get(ethertype) ?? 'not IP';
  if (d.length <= at) return 'IP header truncated';
  const version = d[at]! >> 4;
  const r = version === 4 ? ipv4(f, d.subarray(at)) : version === 6 ? ipv6(f, d.subarray(at)) : `IP version ${version}`;
  return vlan !== undefined && typeof r === 'object' && !(r instanceof Tunnelled) ? { ...r, vlan } : r;
}

/** What an IP packet that is not TCP carries, when it is a tunnel: `payload` starts after the IP header(s). */
function notTcp(protocol: number, payload: Uint8Array): Tunnelled | string {
  const tunnel = TUNNEL_PROTOCOLS.get(protocol);
  if (tunnel) return tunnel;
  if (protocol === UDP && payload.length >= 4)
    return TUNNEL_PORTS.get(u16(payload, 2)) ?? TUNNEL_PORTS.get(u16(payload, 0)) ?? 'not TCP';
  return 'not TCP';
}

/** Octets read one by one, not through a DataView: a capture has frames by the hundred thousand. */
function u16(d: Uint8Array, at: number): number {
  return (d[at]! << 8) | d[at + 1]!;
}

function ipv4(f: Frame, ip: Uint8Array): Packet | Tunnelled | string {
  if (ip.length < 20) return 'IPv4 header truncated';
  const headerLen = (ip[0]! & 0x0f) * 4;
  // Total length 0: a segment handed to the NIC for TCP segmentation offload, captured before
  // the NIC cut it (Windows writes it so); the packet is then the octets captured.
  const total = u16(ip, 2) === 0 ? ip.length : u16(ip, 2);
  if (headerLen < 20 || total < headerLen || ip.length < headerLen) return 'IPv4 header malformed';
  // A fragment holds part of a segment; reassembly is not attempted (TCP avoids fragments, RFC 9293 §3.7.1).
  if (u16(ip, 6) & 0x3fff) return ip[9] === TCP ? 'IPv4 fragment (not reassembled)' : 'not TCP';
  if (ip[9] !== TCP) return notTcp(ip[9]!, ip.subarray(headerLen));
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

function ipv6(f: Frame, ip: Uint8Array): Packet | Tunnelled | string {
  if (ip.length < 40) return 'IPv6 header truncated';
  let next = ip[6]!;
  let at = 40;
  while (IPV6_EXTENSIONS.has(next)) {
    if (ip.length < at + 8) return 'IPv6 extension header truncated';
    next = ip[at]!;
    at += (ip[at + 1]! + 1) * 8;
  }
  if (next === IPV6_FRAGMENT) return 'IPv6 fragment (not reassembled)';
  if (next !== TCP) return notTcp(next, ip.subarray(Math.min(at, ip.length)));
  // The payload length counts the extension headers too.
  return tcp(f, ip.subarray(at), u16(ip, 4) - (at - 40), ipv6Text(ip, 8), ipv6Text(ip, 24));
}

/** As IPV4_TEXT, by the address's four 32-bit words. */
const IPV6_TEXT = new Map<string, string>();

function ipv6Text(ip: Uint8Array, at: number): string {
  const word = (i: number) => ((ip[i]! << 24) | (ip[i + 1]! << 16) | (ip[i + 2]! << 8) | ip[i + 3]!) >>> 0;
  const key = `${word(at)} ${word(at + 4)} ${word(at + 8)} ${word(at + 12)}`;
  let text = IPV6_TEXT.get(key);
  if (text === undefined) {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(u16(ip, at + i).toString(16));
    text = `[${groups.join(':')}]`;
    IPV6_TEXT.set(key, text);
  }
  return text;
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
  const packet = {
    frame: f.number,
    time: f.time,
    src: `${src}:${segment.srcPort}`,
    dst: `${dst}:${segment.dstPort}`,
    segment,
  };
  return segment.flags.includes('SYN') ? { ...packet, syn: synOptions(captured, (captured[12]! >> 4) * 4) } : packet;
}
