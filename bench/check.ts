/**
 * The trace checker's speed: a synthetic capture of many connections (bench/synthetic-capture.ts)
 * checked from the file's octets to the verdicts, in process, as `tcpconform check` does after
 * reading the file and the spec. Segments per second, median of rounds.
 */
import type { Spec } from '../core/spec/types.js';
import { checkCapture } from '../src/check/check.js';
import { syntheticCapture } from './synthetic-capture.js';

export function benchCheck(spec: Spec, rounds: number, connections = 10_000): string {
  const { file, packets } = syntheticCapture(connections);
  const wall: number[] = [];
  // CPU time too: on a shared machine the wall clock also counts other processes' turns.
  const cpu: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    const r = checkCapture(file, spec, 'memo');
    const used = process.cpuUsage(c);
    const ms = performance.now() - t;
    if (r.violations !== 0) throw new Error(`bench: the synthetic capture should pass, got ${r.violations} violations`);
    wall.push((packets / ms) * 1000);
    cpu.push((packets / (used.user + used.system)) * 1e6);
  }
  const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
  return `\`tcpconform check\`, in process: ${packets} segments in ${connections} connections (pcap, raw IPv4): ${median(wall)} segments/s by the wall clock, ${median(cpu)} per second of CPU time (medians of ${rounds} rounds; target >= 100000)`;
}
