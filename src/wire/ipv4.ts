/**
 * IPv4 framing (RFC 791) of TCP segments, for the kernel adapter's TUN device: a minimal
 * header on the way in, and on the way out only what tells a TCP segment of ours from the
 * kernel's other traffic (IPv6 router solicitations, other protocols).
 */
import { internetChecksum } from './checksum.js';
import { ipv4, type Addresses } from './tcp-header.js';

const TCP = 6;

/** An IPv4 packet carrying `tcp` from addrs.src to addrs.dst (no options, DF set, TTL 64). */
export function wrapIpv4(tcp: Uint8Array, addrs: Addresses, id: number): Uint8Array {
  const total = 20 + tcp.length;
  const header = [
    0x45,
    0,
    total >> 8,
    total & 0xff,
    (id >> 8) & 0xff,
    id & 0xff,
    0x40,
    0,
    64,
    TCP,
    0,
    0,
    ...ipv4(addrs.src),
    ...ipv4(addrs.dst),
  ];
  const sum = internetChecksum(header);
  header[10] = sum >> 8;
  header[11] = sum & 0xff;
  const out = new Uint8Array(total);
  out.set(header, 0);
  out.set(tcp, 20);
  return out;
}

export interface Ipv4Tcp {
  readonly addrs: Addresses;
  readonly tcp: Uint8Array;
}

/** The TCP segment inside an unfragmented IPv4 packet, or undefined for anything else. */
export function unwrapIpv4(packet: Uint8Array): Ipv4Tcp | undefined {
  if (packet.length < 20 || packet[0]! >> 4 !== 4 || packet[9] !== TCP) return undefined;
  const headerLen = (packet[0]! & 0x0f) * 4;
  const total = (packet[2]! << 8) | packet[3]!;
  const fragmented = (packet[6]! & 0x3f) !== 0 || packet[7] !== 0; // MF set or an offset: not a whole segment
  if (headerLen < 20 || total < headerLen || total > packet.length || fragmented) return undefined;
  const addr = (at: number) => Array.from(packet.subarray(at, at + 4)).join('.');
  return { addrs: { src: addr(12), dst: addr(16) }, tcp: packet.slice(headerLen, total) };
}
