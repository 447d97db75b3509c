/**
 * Code mutants: Stryker changes the hand-written code that judges implementations (the
 * harness's field checks and case runner, sequence arithmetic, the TCP header and capture
 * parsers, the adapter protocol's messages; stryker.config.json lists it) one small edit at a
 * time and runs this package's unit tests of it against each change. A mutant they let live
 * is a verdict the tests do not pin down, or an edit no test could see. This module runs
 * Stryker and boils its JSON report (the mutation-testing-report-schema) down to what a
 * person reads.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/** A mutant Stryker was told to leave alone, with the reason given where it was disabled. */
export interface IgnoredMutant {
  readonly file: string;
  readonly line: number;
  readonly mutator: string;
  readonly reason: string;
}

/** A mutant every test that reached it let live. */
export interface Survivor {
  readonly file: string;
  readonly line: number;
  readonly mutator: string;
  readonly replacement: string;
  /** The titles of the tests that ran the mutated code (empty: no test reached it). */
  readonly coveredBy: readonly string[];
}

export interface CodeMutantsSummary {
  /** (killed + timeout) / (killed + timeout + survived + noCoverage), in percent. */
  readonly score: number;
  readonly killed: number;
  readonly survived: number;
  readonly noCoverage: number;
  /** Mutants the code could not run with (a module that no longer loads): out of the score, as Stryker counts. */
  readonly errors: number;
  readonly timeout: number;
  readonly ignored: readonly IgnoredMutant[];
  /** Survived and not covered mutants, by file and line. */
  readonly survivors: readonly Survivor[];
}

export type CodeMutantsResult =
  | ({ readonly ran: true } & CodeMutantsSummary)
  | { readonly ran: false; readonly message: string };

/** The part of a mutation-testing-report-schema report read here. */
export interface MutationReport {
  readonly files: Readonly<Record<string, { readonly mutants: readonly ReportMutant[] }>>;
  readonly testFiles?: Readonly<
    Record<string, { readonly tests: readonly { readonly id: string; readonly name: string }[] }>
  >;
}

interface ReportMutant {
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: string;
  readonly statusReason?: string;
  readonly coveredBy?: readonly string[];
  readonly location: { readonly start: { readonly line: number } };
}

export interface CodeMutantsOptions {
  /** The package's root, where Stryker runs: the working directory unless given. */
  readonly root?: string;
  /** Stryker's configuration, relative to the root. */
  readonly configFile?: string;
  /** Where the JSON report goes, relative to the root; the configuration's jsonReporter.fileName otherwise. */
  readonly reportFile?: string;
}

const DEFAULT_CONFIG = 'stryker.config.json';

interface StrykerConfig {
  readonly jsonReporter: { readonly fileName: string };
  readonly mochaOptions: { readonly spec: readonly string[] };
}

/**
 * Run Stryker with the package's configuration from the working directory, and summarise
 * its JSON report. Stryker is a devDependency and the tests it runs come with a clone of the
 * repository, not with the installed package: without either the result says so instead of
 * failing.
 */
export async function runCodeMutants(opts: CodeMutantsOptions = {}): Promise<CodeMutantsResult> {
  const root = opts.root ?? process.cwd();
  const configFile = opts.configFile ?? DEFAULT_CONFIG;
  if (!existsSync(resolve(root, configFile)))
    return { ran: false, message: `code mutants need ${configFile} and the tests it runs, from a clone of tcpconform` };
  const config = JSON.parse(await readFile(resolve(root, configFile), 'utf8')) as StrykerConfig;
  const missing = config.mochaOptions.spec.filter((f) => !existsSync(resolve(root, f)));
  if (missing.length > 0)
    return { ran: false, message: `code mutants need the tests ${configFile} runs: ${missing.join(', ')} not found` };
  let core: typeof import('@stryker-mutator/core');
  try {
    core = await import('@stryker-mutator/core');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    return {
      ran: false,
      message: 'code mutants need Stryker: npm install --save-dev @stryker-mutator/core @stryker-mutator/mocha-runner',
    };
  }
  const reportFile = opts.reportFile ?? config.jsonReporter.fileName;
  // Stryker takes its project from the working directory.
  const previous = process.cwd();
  process.chdir(root);
  try {
    // Only the reports that are files: the text lines come from formatCodeMutants.
    await new core.Stryker({
      configFile,
      reporters: ['json', 'html'],
      jsonReporter: { fileName: reportFile },
    }).runMutationTest();
  } finally {
    process.chdir(previous);
  }
  return { ran: true, ...(await readCodeMutants(resolve(root, reportFile))) };
}

/** The summary of a Stryker JSON report already written (the last `npm run mutate:code`, say). */
export async function readCodeMutants(reportFile: string): Promise<CodeMutantsSummary> {
  return summariseReport(JSON.parse(await readFile(reportFile, 'utf8')) as MutationReport);
}

export function summariseReport(report: MutationReport): CodeMutantsSummary {
  const names = new Map(
    Object.values(report.testFiles ?? {}).flatMap((f) => f.tests.map((t) => [t.id, t.name] as const)),
  );
  const all = Object.entries(report.files)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([file, f]) =>
      [...f.mutants]
        .sort((a, b) => a.location.start.line - b.location.start.line)
        .map((m) => ({ file, line: m.location.start.line, m })),
    );
  const count = (status: string) => all.filter((x) => x.m.status === status).length;
  const [killed, survived, noCoverage, timeout] = ['Killed', 'Survived', 'NoCoverage', 'Timeout'].map(count) as [
    number,
    number,
    number,
    number,
  ];
  const errors = count('RuntimeError') + count('CompileError');
  const valid = killed + timeout + survived + noCoverage;
  return {
    score: valid === 0 ? 100 : (100 * (killed + timeout)) / valid,
    killed,
    survived,
    noCoverage,
    errors,
    timeout,
    ignored: all
      .filter((x) => x.m.status === 'Ignored')
      .map(({ file, line, m }) => ({ file, line, mutator: m.mutatorName, reason: m.statusReason ?? '' })),
    survivors: all
      .filter((x) => x.m.status === 'Survived' || x.m.status === 'NoCoverage')
      .map(({ file, line, m }) => ({
        file,
        line,
        mutator: m.mutatorName,
        replacement: m.replacement ?? '',
        coveredBy: (m.coveredBy ?? []).map((id) => names.get(id) ?? id),
      })),
  };
}

/** The summary as text lines: the counts, each survivor, the ignored ones by reason, then the score. */
export function formatCodeMutants(s: CodeMutantsSummary): string[] {
  const byReason = new Map<string, number>();
  for (const i of s.ignored) byReason.set(i.reason, (byReason.get(i.reason) ?? 0) + 1);
  return [
    `killed ${s.killed}, timeout ${s.timeout}, survived ${s.survived}, no coverage ${s.noCoverage}, ignored ${s.ignored.length}, errors ${s.errors}`,
    ...s.survivors.map(
      (v) =>
        `survived: ${v.file}:${v.line} ${v.mutator} -> ${oneLine(v.replacement)} (${v.coveredBy.length === 0 ? 'no test reaches it' : `${v.coveredBy.length} test(s) ran it`})`,
    ),
    ...[...byReason].map(([reason, n]) => `ignored ${n}: ${reason}`),
    `code mutants: score ${s.score.toFixed(2)}%`,
  ];
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}
