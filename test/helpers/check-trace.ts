/**
 * Traces written segment by segment for `check` (the numbers of a real exchange, small enough
 * to read): a client and a server, their ISNs, a handshake, a download and a close, and the
 * findings of each verdict class.
 */
import { bytes, type Flag } from '../../core/segment.js';
import type { Spec } from '../../core/spec/types.js';
import { readSpec } from '../../generator/index.js';
import { checkPackets, classOf, type CheckResult, type VerdictClass } from '../../src/check/check.js';
import type { Finding } from '../../src/check/checker.js';
import type { Packet } from '../../src/check/packets.js';

export const SPEC = readSpec('spec');
export const C = '10.0.0.1:40000';
export const S = '10.0.0.2:80';
/** The client's and the server's ISN. */
export const IC = 1000;
export const IS = 5000;

/** One segment of a trace: who sent it, when (ms), flags, SN, AN, data, options. */
export interface Row {
  readonly from: 'c' | 's';
  readonly ms: number;
  readonly flags: readonly Flag[];
  readonly sn: number;
  readonly an?: number;
  readonly data?: string | number;
  readonly mss?: number;
  readonly window?: number;
}

export function trace(rows: readonly Row[]): Packet[] {
  return rows.map((r, i) => {
    const payload =
      typeof r.data === 'number' ? new Uint8Array(r.data).fill(0x61) : r.data ? bytes(r.data) : new Uint8Array(0);
    const [src, dst] = r.from === 'c' ? [C, S] : [S, C];
    return {
      frame: i + 1,
      time: 1_700_000_000_000_000 + r.ms * 1000,
      src,
      dst,
      segment: {
        srcPort: Number(src.split(':')[1]),
        dstPort: Number(dst.split(':')[1]),
        seq: r.sn,
        ack: r.an ?? 0,
        flags: r.flags,
        window: r.window ?? 65535,
        mss: r.mss,
        payload,
      },
    };
  });
}

export function check(rows: readonly Row[], profile: 'memo' | 'rfc9293' = 'rfc9293', spec = SPEC): CheckResult {
  return checkTrace(trace(rows), spec, profile);
}

/** Packets checked as a capture of them alone would be, against `spec`. */
export function checkTrace(
  packets: readonly Packet[],
  spec: Spec = SPEC,
  profile: 'memo' | 'rfc9293' = 'rfc9293',
): CheckResult {
  return checkPackets(packets, spec, profile, {
    frames: packets.length,
    skipped: new Map(),
    tunnelled: new Map(),
    warnings: [],
    end: packets.at(-1)!.time,
  });
}

/** Every finding of a class, with the endpoint it is about. */
export function findings(r: CheckResult, cls: VerdictClass): { role: string; f: Finding }[] {
  return r.connections.flatMap((c) =>
    (
      [
        ['client', c.client],
        ['server', c.server],
      ] as const
    ).flatMap(([role, e]) => e.findings.filter((f) => classOf(r.checker, f) === cls).map((f) => ({ role, f }))),
  );
}

export const handshake: Row[] = [
  { from: 'c', ms: 0, flags: ['SYN'], sn: IC, mss: 1460 },
  { from: 's', ms: 1, flags: ['SYN', 'ACK'], sn: IS, an: IC + 1, mss: 1460 },
  { from: 'c', ms: 2, flags: ['ACK'], sn: IC + 1, an: IS + 1 },
];

/** The server sends `n` segments of 100 octets, each acknowledged by the client at once. */
export function download(n: number, from: number, ms: number, ack = (i: number) => IS + 1 + 100 * (i + 1)): Row[] {
  return Array.from({ length: n }, (_, i) => [
    { from: 's', ms: ms + 10 * i, flags: ['ACK', 'PSH'], sn: IS + 1 + 100 * i, an: from, data: 100 } as Row,
    { from: 'c', ms: ms + 10 * i + 1, flags: ['ACK'], sn: from, an: ack(i) } as Row,
  ]).flat();
}

/** Both ends close: the client first, the server after it took the client's FIN. */
export function close(c: number, s: number, ms: number): Row[] {
  return [
    { from: 'c', ms, flags: ['FIN', 'ACK'], sn: c, an: s },
    { from: 's', ms: ms + 1, flags: ['ACK'], sn: s, an: c + 1 },
    { from: 's', ms: ms + 2, flags: ['FIN', 'ACK'], sn: s, an: c + 1 },
    { from: 'c', ms: ms + 3, flags: ['ACK'], sn: c + 1, an: s + 1 },
  ];
}
