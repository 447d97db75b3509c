/**
 * Captures made to be hard for `tcpconform check`'s engine (issue 14: linear time on every
 * capture, pathological ones included), one connection each, generated here rather than
 * checked in:
 * - unacknowledged: after the handshake the client sends `n` data segments 20 µs apart and the
 *   server acknowledges none of them until one cumulative ACK at the end: every input is still
 *   in flight when the server's only answer comes;
 * - crossed: both ends send data at once, every segment of each acknowledging only what the
 *   other had sent `lag` segments earlier (a capture in the middle of a long fat path): each
 *   output is explained only with that many inputs not yet taken;
 * - one-sided: only the client's segments (`tcpdump -Q out` on an uploader): its peer's are
 *   inferred (src/check/capture-point.ts).
 */
import type { Flag } from '../core/segment.js';
import { pcapOf, type CapturedSegment, type End } from './synthetic-capture.js';

export const PATHOLOGIES = ['unacknowledged', 'crossed', 'one-sided'] as const;
export type Pathology = (typeof PATHOLOGIES)[number];

const DATA = new Uint8Array(100).fill(0x61);
const NONE = new Uint8Array(0);
const CLIENT: End = { addr: '10.0.0.1', port: 40000 };
const SERVER: End = { addr: '10.0.0.2', port: 80 };
const C_ISN = 1000;
const S_ISN = 500_000;

export function pathologicalCapture(shape: Pathology, n: number, lag = 24): { file: Uint8Array; packets: number } {
  const out: CapturedSegment[] = [];
  let time = 1_700_000_000 * 1e6;
  const at = (fromClient: boolean, flags: readonly Flag[], sn: number, an: number, payload = NONE, mss?: number) => {
    const [src, dst] = fromClient ? [CLIENT, SERVER] : [SERVER, CLIENT];
    out.push({ time, src, dst, flags, seq: sn, ack: an, payload, ...(mss !== undefined ? { mss } : {}) });
    time += shape === 'unacknowledged' ? 20 : 10;
  };
  let c = C_ISN + 1;
  let s = S_ISN + 1;
  at(true, ['SYN'], C_ISN, 0, NONE, 1460);
  if (shape !== 'one-sided') at(false, ['SYN', 'ACK'], S_ISN, c, NONE, 1460);
  at(true, ['ACK'], c, s);
  if (shape === 'crossed') {
    // What each end has sent, segment by segment: each acknowledges the other's as it was `lag` segments ago.
    const sentC: number[] = [c];
    const sentS: number[] = [s];
    for (let i = 0; i < n / 2; i++) {
      at(true, ['ACK', 'PSH'], c, sentS[Math.max(0, sentS.length - 1 - lag)]!, DATA);
      c += DATA.length;
      sentC.push(c);
      at(false, ['ACK', 'PSH'], s, sentC[Math.max(0, sentC.length - 1 - lag)]!, DATA);
      s += DATA.length;
      sentS.push(s);
    }
    // The path drains: each end acknowledges all the other sent, then both close.
    at(true, ['ACK'], c, s);
    at(false, ['ACK'], s, c);
  } else {
    for (let i = 0; i < n; i++) {
      at(true, ['ACK', 'PSH'], c, s, DATA);
      c += DATA.length;
    }
    if (shape === 'unacknowledged') at(false, ['ACK'], s, c);
  }
  at(true, ['FIN', 'ACK'], c, s);
  if (shape !== 'one-sided') {
    at(false, ['ACK'], s, c + 1);
    at(false, ['FIN', 'ACK'], s, c + 1);
  }
  at(true, ['ACK'], c + 1, s + 1);
  return { file: pcapOf(out), packets: out.length };
}
