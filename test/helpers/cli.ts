/**
 * Running the real command line from tests, and reading its JSON report.
 */
import { expect } from 'chai';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { join } from 'node:path';
import { generate } from '../../generator/index.js';

/** The command from the sources (no build needed): the code under test, not dist/. */
export const CLI = join(process.cwd(), 'bin', 'tcpconform-dev.js');

/** How many test cases the memo profile has (what a run without --profile runs). */
export const SUITE_SIZE = generate('spec').cases.filter((c) => c.profile === 'memo').length;

export function tcpconform(args: readonly string[], opts: SpawnSyncOptions = {}) {
  return spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...opts,
  }) as ReturnType<typeof spawnSync> & {
    stdout: string;
    stderr: string;
  };
}

export interface JsonTest {
  readonly title: string;
  readonly fullTitle: string;
  readonly err: { readonly message?: string };
}

export interface JsonReport {
  readonly stats: {
    readonly tests: number;
    readonly passes: number;
    readonly failures: number;
    readonly pending: number;
  };
  readonly tests: readonly JsonTest[];
  readonly failures: readonly JsonTest[];
  readonly scorecard: readonly { readonly rule: string; readonly passed: number; readonly verdict: string }[];
}

/** `tcpconform run --reporter json ARGS`: the exit code, the parsed report and stderr. */
export function runJson(
  args: readonly string[],
  opts: SpawnSyncOptions = {},
): { status: number | null; report: JsonReport; stderr: string } {
  const r = tcpconform(['run', '--reporter', 'json', ...args], opts);
  if (r.error) throw r.error;
  try {
    return { status: r.status, report: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr };
  } catch {
    throw new Error(
      `no JSON report from tcpconform (exit ${r.status}); stderr:\n${r.stderr}\nstdout:\n${r.stdout.slice(0, 2000)}`,
    );
  }
}

/**
 * The run passed every generated test, none pending, and every rule's verdict is "pass"
 * (so the tests really ran against the implementation, not something else).
 */
export function expectFullPass({ status, report, stderr }: ReturnType<typeof runJson>): void {
  const failed = report.failures.map((t) => `${t.fullTitle}\n${t.err.message ?? ''}`).join('\n\n');
  expect(failed, 'failing tests').to.equal('');
  expect(report.stats).to.include({ tests: SUITE_SIZE, passes: SUITE_SIZE, failures: 0, pending: 0 });
  expect(report.scorecard.filter((r) => r.verdict !== 'pass').map((r) => `${r.rule}: ${r.verdict}`)).to.deep.equal([]);
  expect(status, stderr).to.equal(0);
}
