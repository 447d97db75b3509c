/**
 * Crafted captures, layer by layer, for what no stack on this machine sends by itself: VLAN
 * tags, tunnels (GRE, VXLAN, 6in4, PPPoE, MPLS, IPsec ESP), a whole TCP connection on any of
 * them. Each function builds one header as its RFC or IEEE standard lays it out, around the
 * octets it is given, so a test reads as the stack of headers it makes.
 */
import { bytes, type Flag, type Segment } from '../../core/segment.js';
import { encodeSegment } from '../../src/wire/tcp-header.js';

type Octets = Uint8Array | readonly number[];

export const cat = (...parts: Octets[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));
const be16 = (n: number) => [n >> 8, n & 0xff];
const be32 = (n: number) => [n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
const dotted = (a: string) => a.split('.').map(Number);

export const PROTOCOL = { IPV4: 4, TCP: 6, UDP: 17, IPV6: 41, GRE: 47, ESP: 50 } as const;
export const ETHERTYPE = { IPV4: 0x0800, IPV6: 0x86dd, VLAN: 0x8100, QINQ: 0x88a8, PPPOE: 0x8864, MPLS: 0x8847 };

/** IPv4 (RFC 791) from `src` to `dst`, no options, carrying `payload` as `protocol`. */
export function ipv4(src: string, dst: string, protocol: number, payload: Octets): Uint8Array {
  const length = 20 + payload.length;
  return cat([0x45, 0, ...be16(length), 0, 0, 0x40, 0, 64, protocol, 0, 0, ...dotted(src), ...dotted(dst)], payload);
}

/** IPv6 (RFC 8200) from 2001:db8::`src` to 2001:db8::`dst`, carrying `payload` as `next`. */
export function ipv6(src: number, dst: number, next: number, payload: Octets): Uint8Array {
  const addr = (n: number) => [0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), n];
  return cat([0x60, 0, 0, 0, ...be16(payload.length), next, 64, ...addr(src), ...addr(dst)], payload);
}

/** UDP (RFC 768); the checksum 0, "not computed", which IPv4 allows. */
export function udp(srcPort: number, dstPort: number, payload: Octets): Uint8Array {
  return cat([...be16(srcPort), ...be16(dstPort), ...be16(8 + payload.length), 0, 0], payload);
}

/** An Ethernet II frame, tagged with each of `tags` (outermost first: 802.1ad then 802.1Q, or 802.1Q alone). */
export function ethernet(
  ethertype: number,
  payload: Octets,
  tags: readonly { readonly tpid: number; readonly id: number }[] = [],
): Uint8Array {
  const macs = [2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2];
  return cat(macs, ...tags.map((t) => [...be16(t.tpid), ...be16(t.id)]), be16(ethertype), payload);
}

/** GRE (RFC 2784) without options around an IPv4 packet. */
export const gre = (inner: Octets) => cat([0, 0, ...be16(ETHERTYPE.IPV4)], inner);

/** VXLAN (RFC 7348) over UDP port 4789: an 8-octet header with VNI `vni`, then an Ethernet frame. */
export const vxlan = (innerFrame: Octets, vni = 42) =>
  udp(49152, 4789, cat([0x08, 0, 0, 0, ...be32(vni << 8)], innerFrame));

/** A PPPoE session frame's payload (RFC 2516): version/type, code 0, session, length, then PPP's IPv4 protocol. */
export const pppoe = (ip: Octets, session = 7) => cat([0x11, 0, ...be16(session), ...be16(2 + ip.length), 0, 0x21], ip);

/** One MPLS label stack entry (RFC 3032), bottom of stack, TTL 64, before an IP packet. */
export const mpls = (ip: Octets, label = 100) => cat(be32((label << 12) | 0x100 | 64), ip);

/** IPsec ESP (RFC 4303): SPI, sequence number, then octets no one outside the tunnel can read. */
export const esp = (sealed: Octets) => cat(be32(0x1000), be32(1), sealed);

export interface Flow {
  readonly client: string;
  readonly server: string;
  readonly clientPort: number;
  readonly serverPort: number;
}

/** One segment of a flow: who sends it, its flags, SEG.SEQ, SEG.ACK and data. */
interface Step {
  readonly from: 'client' | 'server';
  readonly flags: Flag[];
  readonly seq: number;
  readonly ack: number;
  readonly data?: string;
  readonly mss?: number;
}

/**
 * A whole, conformant connection as IPv4 packets: three-way handshake with MSS, "ping" and
 * "pong", each acknowledged, then the client's FIN, the server's ACK and FIN, the last ACK.
 */
export function connection(flow: Flow, isnC = 1000, isnS = 5000): Uint8Array[] {
  const c = isnC;
  const s = isnS;
  const steps: Step[] = [
    { from: 'client', flags: ['SYN'], seq: c, ack: 0, mss: 1460 },
    { from: 'server', flags: ['SYN', 'ACK'], seq: s, ack: c + 1, mss: 1460 },
    { from: 'client', flags: ['ACK'], seq: c + 1, ack: s + 1 },
    { from: 'client', flags: ['PSH', 'ACK'], seq: c + 1, ack: s + 1, data: 'ping' },
    { from: 'server', flags: ['PSH', 'ACK'], seq: s + 1, ack: c + 5, data: 'pong' },
    { from: 'client', flags: ['ACK'], seq: c + 5, ack: s + 5 },
    { from: 'client', flags: ['FIN', 'ACK'], seq: c + 5, ack: s + 5 },
    { from: 'server', flags: ['ACK'], seq: s + 5, ack: c + 6 },
    { from: 'server', flags: ['FIN', 'ACK'], seq: s + 5, ack: c + 6 },
    { from: 'client', flags: ['ACK'], seq: c + 6, ack: s + 6 },
  ];
  return steps.map((step) => {
    const [src, dst, srcPort, dstPort] =
      step.from === 'client'
        ? [flow.client, flow.server, flow.clientPort, flow.serverPort]
        : [flow.server, flow.client, flow.serverPort, flow.clientPort];
    const segment: Segment = {
      srcPort,
      dstPort,
      seq: step.seq,
      ack: step.ack,
      flags: step.flags,
      window: 65535,
      mss: step.mss,
      payload: bytes(step.data ?? ''),
    };
    return ipv4(src, dst, PROTOCOL.TCP, encodeSegment(segment, { src, dst }));
  });
}

/** LINKTYPE_ETHERNET and LINKTYPE_RAW of the tcpdump.org list. */
export const LINKTYPE = { ETHERNET: 1, RAW: 101 } as const;

/** A classic little-endian microsecond pcap file of `frames`, one every millisecond. */
export function pcapFile(frames: readonly Octets[], linkType: number = LINKTYPE.ETHERNET): Uint8Array {
  const header = [...le32(0xa1b2c3d4), 2, 0, 4, 0, ...le32(0), ...le32(0), ...le32(65535), ...le32(linkType)];
  return cat(
    header,
    ...frames.map((f, i) => cat([...le32(1_700_000_000), ...le32(i * 1000), ...le32(f.length), ...le32(f.length)], f)),
  );
}

/** A little-endian pcapng file (one section, one interface, microseconds) of `frames` as Enhanced Packet Blocks. */
export function pcapngFile(frames: readonly Octets[], linkType: number = LINKTYPE.ETHERNET): Uint8Array {
  const block = (type: number, body: Octets) => {
    const padded = cat(body, new Array((4 - (body.length % 4)) % 4).fill(0));
    const length = 12 + padded.length;
    return cat(le32(type), le32(length), padded, le32(length));
  };
  const shb = block(0x0a0d0d0a, [...le32(0x1a2b3c4d), 1, 0, 0, 0, ...new Array(8).fill(0xff)]);
  const idb = block(1, [linkType & 0xff, linkType >> 8, 0, 0, ...le32(0)]);
  const epb = (f: Octets, i: number) =>
    block(6, [...le32(0), ...le32(0x60a), ...le32((i * 1000) >>> 0), ...le32(f.length), ...le32(f.length), ...f]);
  return cat(shb, idb, ...frames.map(epb));
}
