/**
 * `run --jobs N` against the serial run, end to end through the compiled command: the kernel
 * (memo profile, real time: the workers' gain is the waiting they overlap) and a process
 * implementation (the Python example: N processes on the machine's cores). Serial and parallel
 * runs alternate, so a busy spell on this shared machine slows both alike; medians, and the
 * ratio of the medians. Each run's results must be the serial run's, or the figure says so.
 */
import { spawnSync } from 'node:child_process';

interface Stats {
  readonly tests: number;
  readonly passes: number;
  readonly pending: number;
  readonly failures: number;
}

/** One `run --reporter json ARGS`: its wall time and stats (undefined: no report). */
export function timedRun(args: readonly string[]): { ms: number; stats?: Stats } {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['bin/tcpconform.js', 'run', '--reporter', 'json', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const ms = performance.now() - t;
  try {
    return { ms, stats: (JSON.parse(r.stdout) as { stats: Stats }).stats };
  } catch {
    return { ms };
  }
}

const counts = (s: Stats) => `${s.passes} passed, ${s.pending} pending, ${s.failures} failed`;

/** Serial and `--jobs N` runs of `args`, alternated, `rounds` each: the figure's lines, or why there is none. */
function compare(
  what: string,
  args: readonly string[],
  jobs: number,
  rounds: number,
  median: (xs: number[]) => number,
): string[] {
  const serial: number[] = [];
  const parallel: number[] = [];
  const differing = new Set<string>();
  let stats: Stats | undefined;
  for (let i = 0; i < rounds; i++) {
    const s = timedRun(args);
    const p = timedRun([...args, '--jobs', String(jobs)]);
    if (!s.stats || !p.stats) return [`${what}: not measured (a run gave no report)`];
    if (s.stats.passes === 0) return [`${what}: not measured, every test pending (the implementation cannot run here)`];
    if (counts(s.stats) !== counts(p.stats)) differing.add(`${counts(s.stats)} serial, ${counts(p.stats)} with --jobs`);
    stats = s.stats;
    serial.push(s.ms);
    parallel.push(p.ms);
  }
  const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return [
    `${what}, ${stats!.tests} tests: serial median ${sec(median(serial))}, --jobs ${jobs} median ${sec(median(parallel))} (alternated, ${rounds} runs each); ratio serial / --jobs ${jobs} = ${(median(serial) / median(parallel)).toFixed(2)}x; ${counts(stats!)}`,
    ...(differing.size > 0 ? [`  RESULTS DIFFER between serial and --jobs: ${[...differing].join('; ')}`] : []),
  ];
}

export function benchJobs(rounds: number, median: (xs: number[]) => number): string[] {
  return [
    // Where namespaces cannot be made, every test is pending with the reason: said, not timed.
    ...compare('kernel suite (`run --kernel`, memo profile, real time)', ['--kernel'], 4, rounds, median),
    ...compare(
      'process implementation (`run --exec`, the Python example, memo profile)',
      ['--exec', 'python3 examples/python/tcp_endpoint.py'],
      2,
      rounds,
      median,
    ),
  ];
}
