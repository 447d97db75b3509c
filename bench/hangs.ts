/**
 * What a misbehaving implementation costs a run, end to end through the compiled command, with
 * the test fixture behind the JSON-lines protocol (test/fixtures/iut/reference-over-jsonl.ts):
 * one that never answers close() (the teardown suite at --timeout 1000), waiting the full
 * timeout each time (`--hang-limit 0`, as every run did before) against the default, and one
 * that answers every close() with a malformed reply: its wall time and how many times the
 * program was started (once: no restart per test). Medians; the runs alternate.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timedRun } from './jobs.js';

const FIXTURE = 'node --import tsx test/fixtures/iut/reference-over-jsonl.ts';

export function benchHangs(rounds: number, median: (xs: number[]) => number): string[] {
  const hung = (limit: string) =>
    timedRun([
      '--exec',
      `${FIXTURE} --hang-on=close`,
      '--grep',
      'spec/teardown.yaml',
      '--timeout',
      '1000',
      '--hang-limit',
      limit,
    ]);
  const full: number[] = [];
  const less: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const f = hung('0');
    const l = hung('3');
    if (!f.stats || !l.stats || f.stats.failures !== l.stats.failures)
      return ['hung close(): not measured (a run gave no report, or the two runs failed different tests)'];
    full.push(f.ms);
    less.push(l.ms);
  }
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const dir = mkdtempSync(join(tmpdir(), 'tcpconform-bench-hangs-'));
  try {
    const times: number[] = [];
    let starts = 0;
    for (let i = 0; i < rounds; i++) {
      const file = join(dir, `starts-${i}`);
      times.push(timedRun(['--exec', `${FIXTURE} --malformed-on=close --starts=${file}`]).ms);
      starts = readFileSync(file, 'utf8').trim().split('\n').length;
    }
    return [
      `hung close(), teardown suite at --timeout 1000: --hang-limit 0 (the full timeout every time) median ${s(median(full))}, default (3) ${s(median(less))}, ratio ${(median(full) / median(less)).toFixed(1)}x (${rounds} runs each)`,
      `a malformed reply to every close(), memo suite: median ${s(median(times))}, the program started ${starts} time(s) per run (${rounds} runs)`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
