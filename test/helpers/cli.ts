/**
 * The command line from tests: in this process through main() with its output captured (flags,
 * formats, messages), or as the real binary in a process of its own (exit codes, stdout and
 * stderr apart, and whatever needs a process: a run's suite, signals, a working directory).
 */
import { expect } from 'chai';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { memoCases } from './plan.js';

/** The command from the sources (no build needed): the code under test, not dist/. */
export const CLI = join(process.cwd(), 'bin', 'tcpconform-dev.js');

/** What a command did: its exit code and what it wrote. */
export interface Outcome {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `tcpconform ARGS` in this process, its output captured. Not for `run` with the terminal
 * reporter (mocha's spec reporter writes to the process's stdout itself).
 */
export async function cli(args: readonly string[]): Promise<Outcome> {
  // Imported as an ES module, as the binary does: mocha loads this file through tsx's CommonJS
  // hook, and main's own dynamic imports are ES modules, so a static import here would load a
  // second copy of the modules that define the errors main tells apart.
  const { main } = await import('../../src/cli/main.js');
  let stdout = '';
  let stderr = '';
  const status = await main([...args], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { status, stdout, stderr };
}

/** `tcpconform ARGS`, the binary in a process of its own. */
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

/** An adapter module with a planted fault: its SYN+ACK acknowledges one too few (rule H2). */
export const BROKEN = ['--module', join('test', 'fixtures', 'off-by-one-adapter.ts')];

/** `tcpconform run --reporter REPORTER --output DIR/report.REPORTER ARGS` in this process: what it printed and wrote. */
export async function reportTo(dir: string, reporter: string, ...args: string[]) {
  const file = join(dir, `report.${reporter}`);
  const r = await cli(['run', '--reporter', reporter, '--output', file, ...args]);
  return { ...r, text: existsSync(file) ? readFileSync(file, 'utf8') : '' };
}

/** What a run with the JSON reporter did: its exit code, its report and stderr. */
export interface JsonRun {
  readonly status: number | null;
  readonly report: JsonReport;
  readonly stderr: string;
}

function jsonRun(r: { status: number | null; stdout: string; stderr: string }): JsonRun {
  try {
    return { status: r.status, report: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr };
  } catch {
    throw new Error(
      `no JSON report from tcpconform (exit ${r.status}); stderr:\n${r.stderr}\nstdout:\n${r.stdout.slice(0, 2000)}`,
    );
  }
}

/** `tcpconform run --reporter json ARGS` in this process. */
export async function runJson(args: readonly string[]): Promise<JsonRun> {
  return jsonRun(await cli(['run', '--reporter', 'json', ...args]));
}

/** `tcpconform run --reporter json ARGS`, the binary in a process of its own. */
export function runJsonBinary(args: readonly string[]): JsonRun {
  const r = tcpconform(['run', '--reporter', 'json', ...args]);
  if (r.error) throw r.error;
  return jsonRun(r);
}

/**
 * The run passed every generated test, none pending, and every rule's verdict is "pass"
 * (so the tests really ran against the implementation, not something else).
 */
export function expectFullPass({ status, report, stderr }: JsonRun): void {
  const failed = report.failures.map((t) => `${t.fullTitle}\n${t.err.message ?? ''}`).join('\n\n');
  expect(failed, 'failing tests').to.equal('');
  const size = memoCases().length;
  expect(report.stats).to.include({ tests: size, passes: size, failures: 0, pending: 0 });
  expect(report.scorecard.filter((r) => r.verdict !== 'pass').map((r) => `${r.rule}: ${r.verdict}`)).to.deep.equal([]);
  expect(status, stderr).to.equal(0);
}
