/**
 * A large capture for measuring `tcpconform check`: many loopback-like connections, each a
 * handshake, a request and a reply with their ACKs, and a four-way teardown (11 segments),
 * written as classic pcap with raw IPv4 frames (pcapOf, which bench/pathological-capture.ts
 * shares). Segments come from src/wire/tcp-header.ts.
 */
import type { Flag, Segment } from '../core/segment.js';
import { bytes } from '../core/segment.js';
import * as seq from '../core/seq.js';
import { encodeSegment } from '../src/wire/tcp-header.js';

const LINKTYPE_IPV4 = 228;

export function syntheticCapture(connections: number): { file: Uint8Array; packets: number } {
  const frames: CapturedSegment[] = [];
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
      frames.push({ time, src, dst, flags, seq: sn, ack: an, payload, mss });
      time += 10;
    }
  }
  return { file: pcapOf(frames), packets: frames.length };
}

/** One end of a connection: an IPv4 address and a port. */
export interface End {
  readonly addr: string;
  readonly port: number;
}

/** A segment as captured: when (µs since the epoch), from where to where, and its fields. */
export interface CapturedSegment {
  readonly time: number;
  readonly src: End;
  readonly dst: End;
  readonly flags: readonly Flag[];
  readonly seq: number;
  readonly ack: number;
  readonly payload: Uint8Array;
  readonly mss?: number | undefined;
  readonly window?: number;
}

/** A classic pcap file of raw IPv4 frames, one per segment, in the order given. */
export function pcapOf(segments: readonly CapturedSegment[]): Uint8Array {
  const records: Uint8Array[] = [];
  for (const s of segments) {
    const segment: Segment = {
      srcPort: s.src.port,
      dstPort: s.dst.port,
      seq: seq.wrap(s.seq),
      ack: seq.wrap(s.ack),
      flags: s.flags,
      window: s.window ?? 65535,
      mss: s.mss,
      payload: s.payload,
    };
    const tcp = encodeSegment(segment, { src: s.src.addr, dst: s.dst.addr });
    records.push(record(s.time, ipv4(s.src.addr, s.dst.addr, tcp)));
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
  return file;
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
