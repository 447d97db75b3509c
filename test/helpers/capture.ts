/**
 * Real captures for the trace checker's tests: tcpdump on loopback while this process makes
 * TCP connections with Node's net module, and copies of a capture edited the way a tool or a
 * faulty stack would have written them (another byte order or link type, a field changed, a
 * frame dropped). The edits walk the classic pcap records themselves, independently of the
 * reader under test.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { tcpChecksum } from '../../src/wire/tcp-header.js';

/** Why tcpdump cannot capture here, or undefined when it can. */
export function captureUnavailable(): string | undefined {
  const which = spawnSync('tcpdump', ['--version'], { encoding: 'utf8' });
  if (which.error) return 'tcpdump is not installed (apt-get install -y tcpdump)';
  // Listing interfaces needs the capture permission that capturing needs.
  const list = spawnSync('tcpdump', ['-D'], { encoding: 'utf8' });
  if (list.status !== 0 || !/\blo\b/.test(list.stdout))
    return `tcpdump cannot capture on lo here: ${(list.stderr || list.stdout).trim().split('\n')[0]}`;
  return undefined;
}

/** Start tcpdump writing FILE; resolves once it says it is listening. */
export async function startTcpdump(
  file: string,
  port: number,
  extra: readonly string[] = ['-i', 'lo'],
): Promise<ChildProcess> {
  const child = spawn('tcpdump', [...extra, '-n', '-U', '--immediate-mode', '-w', file, 'tcp', 'port', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (/listening on/.test(err)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`tcpdump exited (${code}) before listening: ${err.trim()}`)));
    child.on('error', reject);
  });
  return child;
}

export async function stopTcpdump(child: ChildProcess): Promise<void> {
  // Let the last packets reach the file (-U writes each as it comes).
  await new Promise((r) => setTimeout(r, 200));
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/**
 * One connection: the client sends "ping", the server answers "pong" and, well after the
 * client's FIN (longer than Linux delays an ACK, 200 ms at most), closes too, so its ACK of
 * that FIN (W2) and its own FIN (W3) are separate
 * segments; the client then sends the final ACK (W4).
 */
export async function pingPong(port: number): Promise<void> {
  // allowHalfOpen: otherwise Node closes its side the moment the peer's FIN arrives.
  const server = net.createServer({ allowHalfOpen: true }, (s) => {
    s.on('data', () => s.write('pong'));
    s.on('end', () => setTimeout(() => s.end(), 250));
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  await new Promise<void>((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1', () => c.write('ping'));
    c.on('data', () => c.end());
    c.on('close', () => resolve());
    c.on('error', reject);
  });
  await new Promise((r) => server.close(r));
}

/** A free port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** A classic pcap file's records, found by walking it (little-endian, as this machine writes them). */
export interface PcapRecord {
  readonly at: number;
  readonly caplen: number;
}

export function records(file: Uint8Array): PcapRecord[] {
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const out: PcapRecord[] = [];
  for (let at = 24; at + 16 <= file.length; ) {
    const caplen = v.getUint32(at + 8, true);
    out.push({ at, caplen });
    at += 16 + caplen;
  }
  return out;
}

const ETHERNET = 14;

/** Edit the TCP header of frame `n` (1-based) of an Ethernet capture, then set its checksum right. */
export function editTcp(file: Uint8Array, n: number, edit: (tcp: DataView) => void): Uint8Array {
  const copy = Uint8Array.from(file);
  const r = records(copy)[n - 1]!;
  const ip = r.at + 16 + ETHERNET;
  const ihl = (copy[ip]! & 0x0f) * 4;
  const total = (copy[ip + 2]! << 8) | copy[ip + 3]!;
  const tcp = copy.subarray(ip + ihl, ip + total);
  const v = new DataView(tcp.buffer, tcp.byteOffset, tcp.byteLength);
  edit(v);
  v.setUint16(16, 0);
  const addr = (at: number) => Array.from(copy.subarray(at, at + 4)).join('.');
  v.setUint16(16, tcpChecksum(tcp, { src: addr(ip + 12), dst: addr(ip + 16) }));
  return copy;
}

/** The capture without frame `n`. */
export function dropFrame(file: Uint8Array, n: number): Uint8Array {
  const r = records(file)[n - 1]!;
  return Uint8Array.from([...file.subarray(0, r.at), ...file.subarray(r.at + 16 + r.caplen)]);
}

/** The same capture as a big-endian host would have written it. */
export function bigEndian(file: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(file);
  const v = new DataView(copy.buffer);
  const swap32 = (at: number) => v.setUint32(at, v.getUint32(at, true), false);
  const swap16 = (at: number) => v.setUint16(at, v.getUint16(at, true), false);
  for (const r of records(file)) for (const o of [0, 4, 8, 12]) swap32(r.at + o);
  swap32(0);
  swap16(4);
  swap16(6);
  [8, 12, 16, 20].forEach(swap32);
  return copy;
}

/**
 * The Ethernet capture with another link layer: the Ethernet header replaced by `prefix`
 * (nothing for raw IP; the address family for BSD loopback).
 */
export function relink(file: Uint8Array, linkType: number, prefix: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [file.subarray(0, 24)];
  for (const r of records(file)) {
    const head = Uint8Array.from(file.subarray(r.at, r.at + 16));
    const hv = new DataView(head.buffer);
    const delta = prefix.length - ETHERNET;
    hv.setUint32(8, r.caplen + delta, true);
    hv.setUint32(12, hv.getUint32(12, true) + delta, true);
    parts.push(head, prefix, file.subarray(r.at + 16 + ETHERNET, r.at + 16 + r.caplen));
  }
  const out = Uint8Array.from(parts.flatMap((p) => [...p]));
  new DataView(out.buffer).setUint32(20, linkType, true);
  return out;
}
