/**
 * A large capture for measuring `tcpconform check`: many loopback-like connections, each a
 * handshake, a request and a reply with their ACKs, and a four-way teardown (11 segments),
 * written as classic pcap with raw IPv4 frames. Segments come from src/wire/tcp-header.ts.
 */
import type { Flag, Segment } from '../core/segment.js';
import { bytes } from '../core/segment.js';
import * as seq from '../core/seq.js';
import { encodeSegment } from '../src/wire/tcp-header.js';

const LINKTYPE_IPV4 = 228;

export function syntheticCapture(connections: number): { file: Uint8Array; packets: number } {
  const records: Uint8Array[] = [];
  let time = 1_700_000_000 * 1e6;
  const request = bytes('GET / HTTP/1.0\r\n\r\n');
  const reply = bytes('HTTP/1.0 200 OK\r\n\r\nhello');
  for (let i = 0; i < connections; i++) {
    const client = { addr: `10.${(i >> 16) & 0xff}.${(i >> 8) & 0xff}.${i & 0xff}`, port: 1024 + (i % 60000) };
    const server = { addr: '10.255.0.1', port: 80 };
    const c = seq.wrap(i * 2654435761);
    const s = seq.wrap(i * 40503 + 0x7fff_0000);
    const steps: [boolean, readonly Flag[], number, number, Uint8Array, number?][] = [
      [true, ['SYN'], c, 0, new Uint8Array(0), 1460],
      [false, ['SYN', 'ACK'], s, c + 1, new Uint8Array(0), 1460],
      [true, ['ACK'], c + 1, s + 1, new Uint8Array(0)],
      [true, ['ACK', 'PSH'], c + 1, s + 1, request],
      [false, ['ACK'], s + 1, c + 1 + request.length, new Uint8Array(0)],
      [false, ['ACK', 'PSH'], s + 1, c + 1 + request.length, reply],
      [true, ['ACK'], c + 1 + request.length, s + 1 + reply.length, new Uint8Array(0)],
      [true, ['FIN', 'ACK'], c + 1 + request.length, s + 1 + reply.length, new Uint8Array(0)],
      [false, ['ACK'], s + 1 + reply.length, c + 2 + request.length, new Uint8Array(0)],
      [false, ['FIN', 'ACK'], s + 1 + reply.length, c + 2 + request.length, new Uint8Array(0)],
      [true, ['ACK'], c + 2 + request.length, s + 2 + reply.length, new Uint8Array(0)],
    ];
    for (const [fromClient, flags, sn, an, payload, mss] of steps) {
      const [src, dst] = fromClient ? [client, server] : [server, client];
      const segment: Segment = {
        srcPort: src.port,
        dstPort: dst.port,
        seq: seq.wrap(sn),
        ack: seq.wrap(an),
        flags,
        window: 65535,
        mss,
        payload,
      };
      records.push(record(time, ipv4(src.addr, dst.addr, encodeSegment(segment, { src: src.addr, dst: dst.addr }))));
      time += 10;
    }
  }
  const header = new Uint8Array(24);
  const v = new DataView(header.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 65535, true);
  v.setUint32(20, LINKTYPE_IPV4, true);
  const file = new Uint8Array(24 + records.reduce((n, r) => n + r.length, 0));
  file.set(header);
  let at = 24;
  for (const r of records) {
    file.set(r, at);
    at += r.length;
  }
  return { file, packets: records.length };
}

function ipv4(src: string, dst: string, tcp: Uint8Array): Uint8Array {
  const ip = new Uint8Array(20 + tcp.length);
  const v = new DataView(ip.buffer);
  ip[0] = 0x45;
  v.setUint16(2, ip.length);
  ip[8] = 64;
  ip[9] = 6;
  ip.set(src.split('.').map(Number), 12);
  ip.set(dst.split('.').map(Number), 16);
  ip.set(tcp, 20);
  return ip;
}

function record(micros: number, data: Uint8Array): Uint8Array {
  const r = new Uint8Array(16 + data.length);
  const v = new DataView(r.buffer);
  v.setUint32(0, Math.floor(micros / 1e6), true);
  v.setUint32(4, micros % 1e6, true);
  v.setUint32(8, data.length, true);
  v.setUint32(12, data.length, true);
  r.set(data, 16);
  return r;
}
