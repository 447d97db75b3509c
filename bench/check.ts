/**
 * The trace checker's speed: a synthetic capture of many connections (bench/synthetic-capture.ts)
 * checked from the file's octets to the verdicts, in process, as `tcpconform check` does after
 * reading the file and the spec; and each real capture of ../shared/captures/dev/, with the part
 * of its time spent reading (file format, headers, grouping by connection) apart from judging.
 * Segments per second, median of rounds.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Spec } from '../core/spec/types.js';
import { readCapture } from '../src/check/capture.js';
import { CaptureError } from '../src/check/frames.js';
import { checkCapture } from '../src/check/check.js';
import { groupConnections } from '../src/check/connections.js';
import { decodePackets } from '../src/check/packets.js';
import { syntheticCapture } from './synthetic-capture.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

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
  return `\`tcpconform check\`, in process: ${packets} segments in ${connections} connections (pcap, raw IPv4): ${Math.round(median(wall))} segments/s by the wall clock, ${Math.round(median(cpu))} per second of CPU time (medians of ${rounds} rounds; target >= 100000)`;
}

/** The real captures to measure against (issue 14): each subdirectory's files, if the directory is there. */
export const DEV_CAPTURES = join(import.meta.dirname, '..', '..', 'shared', 'captures', 'dev');

/**
 * Each dev capture checked in process (rfc9293 profile), by CPU time: segments per second, and
 * the reading alone (readCapture, decodePackets, groupConnections) in segments per second; the
 * slowest capture named last. Lines to print.
 */
export function benchDevCaptures(spec: Spec, rounds: number, dir = DEV_CAPTURES): string[] {
  if (!existsSync(dir)) return [`check on the dev captures: ${dir} is not there, not measured`];
  const rows: { name: string; segments: number; rate: number; readRate: number }[] = [];
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(dir, d.name)).map((f) => join(d.name, f)))
    .sort();
  for (const name of files) {
    const bytes = readFileSync(join(dir, name));
    const cpu: number[] = [];
    const read: number[] = [];
    let segments = 0;
    try {
      for (let i = 0; i < rounds; i++) {
        let c = process.cpuUsage();
        const { packets } = decodePackets(readCapture(bytes).frames);
        groupConnections(packets);
        let used = process.cpuUsage(c);
        read.push(used.user + used.system);
        c = process.cpuUsage();
        segments = checkCapture(bytes, spec, 'rfc9293').segments;
        used = process.cpuUsage(c);
        cpu.push(used.user + used.system);
      }
    } catch (err) {
      // A capture with no TCP the readers can read (ARCNET): said, not measured.
      if (!(err instanceof CaptureError)) throw err;
      rows.push({ name, segments: 0, rate: Number.NaN, readRate: Number.NaN });
      continue;
    }
    // A capture read in under a microsecond of CPU counts as one.
    rows.push({
      name,
      segments,
      rate: (segments / Math.max(1, median(cpu))) * 1e6,
      readRate: (segments / Math.max(1, median(read))) * 1e6,
    });
  }
  const measured = rows.filter((r) => r.segments > 0);
  const slowest = measured.reduce((a, b) => (b.rate < a.rate ? b : a));
  const total = measured.reduce((n, r) => n + r.segments, 0);
  return [
    `check on the ${files.length} dev captures (${dir}), rfc9293 profile, in process, per second of CPU time (medians of ${rounds} rounds):`,
    ...rows.map((r) =>
      r.segments === 0
        ? `  ${r.name}: no TCP segment it can read, not measured`
        : `  ${r.name}: ${r.segments} segments, ${Math.round(r.rate)} segments/s checked, ${Math.round(r.readRate)} segments/s read`,
    ),
    `  slowest: ${slowest.name}, ${Math.round(slowest.rate)} segments/s (target >= 50000); ${total} segments in all`,
  ];
}
