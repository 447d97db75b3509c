/**
 * The trace checker's speed: a synthetic capture of many connections (bench/synthetic-capture.ts)
 * checked from the file's octets to the verdicts, in process, as `tcpconform check` does after
 * reading the file and the spec; and each real capture of ../shared/captures/dev/, with the part
 * of its time spent reading (file format, headers, grouping by connection) apart from judging;
 * and pathological captures (bench/pathological-capture.ts). Segments per second, median of
 * rounds.
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
import { PATHOLOGIES, pathologicalCapture } from './pathological-capture.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** CPU time a measurement runs at least, µs: a small capture checked once takes less than the clock tells apart from noise. */
const MIN_CPU_US = 20_000;

/** Run `f` until it has used MIN_CPU_US of CPU time: the CPU time of one run, µs (median-able). */
function cpuPerRun(f: () => void): number {
  let runs = 0;
  const c = process.cpuUsage();
  let used = 0;
  do {
    f();
    runs++;
    const u = process.cpuUsage(c);
    used = u.user + u.system;
  } while (used < MIN_CPU_US);
  return used / runs;
}

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
  // One round of each first, so that no capture pays for compiling the code the others use.
  for (const name of files) {
    try {
      checkCapture(readFileSync(join(dir, name)), spec, 'rfc9293');
    } catch (err) {
      if (!(err instanceof CaptureError)) throw err;
    }
  }
  for (const name of files) {
    const bytes = readFileSync(join(dir, name));
    const cpu: number[] = [];
    const read: number[] = [];
    let segments = 0;
    try {
      for (let i = 0; i < rounds; i++) {
        read.push(
          cpuPerRun(() => {
            const { packets } = decodePackets(readCapture(bytes).frames);
            groupConnections(packets);
          }),
        );
        cpu.push(
          cpuPerRun(() => {
            segments = checkCapture(bytes, spec, 'rfc9293').segments;
          }),
        );
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
    `check on the ${files.length} dev captures (${dir}), rfc9293 profile, in process, per second of CPU time (medians of ${rounds} rounds of at least ${MIN_CPU_US / 1000} ms each, after one round of all to warm up):`,
    ...rows.map((r) =>
      r.segments === 0
        ? `  ${r.name}: no TCP segment it can read, not measured`
        : `  ${r.name}: ${r.segments} segments, ${Math.round(r.rate)} segments/s checked, ${Math.round(r.readRate)} segments/s read`,
    ),
    `  slowest: ${slowest.name}, ${Math.round(slowest.rate)} segments/s (target >= 50000); ${total} segments in all`,
  ];
}

/**
 * Each pathological capture (bench/pathological-capture.ts) of `segments` data segments,
 * checked in process (rfc9293 profile): segments per second of CPU time, the engine's work per
 * segment (Checker.work), and whether the search's bounds were reached. Lines to print.
 */
export function benchPathological(spec: Spec, rounds: number, segments = 20_000): string[] {
  return [
    `check on pathological captures of ${segments} data segments (bench/pathological-capture.ts), rfc9293 profile, in process, per second of CPU time (medians of ${rounds} rounds; target >= 50000):`,
    ...PATHOLOGIES.map((shape) => {
      const { file, packets } = pathologicalCapture(shape, segments);
      checkCapture(file, spec, 'rfc9293');
      let r: ReturnType<typeof checkCapture> | undefined;
      const cpu = Array.from({ length: rounds }, () =>
        cpuPerRun(() => {
          r = checkCapture(file, spec, 'rfc9293');
        }),
      );
      const bounded = r!.connections.flatMap((c) => [c.client, c.server]).filter((e) => e.bounded).length;
      return `  ${shape}: ${packets} segments, ${Math.round((packets / median(cpu)) * 1e6)} segments/s checked, ${(r!.checker.work / packets).toFixed(1)} units of work per segment, bounds reached at ${bounded} endpoint${bounded === 1 ? '' : 's'}`;
    }),
  ];
}
