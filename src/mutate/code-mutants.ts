/**
 * Code mutants: Stryker changes the generated reference (generated/reference/) one small edit
 * at a time and runs the generated suite against each change (stryker.config.json). A mutant
 * the suite lets live is either a case the plan does not make yet, or an edit no test can
 * see, which the reference templates mark ignored with the reason. This module runs Stryker
 * and boils its JSON report (the mutation-testing-report-schema) down to what a person reads.
 */
import { readFile } from 'node:fs/promises';

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
  readonly timeout: number;
  readonly ignored: readonly IgnoredMutant[];
  /** Survived and not covered mutants, by file and line. */
  readonly survivors: readonly Survivor[];
}

export type CodeMutantsResult =
  | ({ readonly installed: true } & CodeMutantsSummary)
  | { readonly installed: false; readonly message: string };

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
  /** Stryker's configuration, relative to the working directory (the package root). */
  readonly configFile?: string;
  /** Where the JSON report goes; the configuration's jsonReporter.fileName otherwise. */
  readonly reportFile?: string;
}

const DEFAULT_CONFIG = 'stryker.config.json';

/**
 * Run Stryker with the package's configuration from the working directory, and summarise
 * its JSON report. Stryker is a devDependency, so an installed tcpconform may lack it: then
 * the result says so instead of failing.
 */
export async function runCodeMutants(opts: CodeMutantsOptions = {}): Promise<CodeMutantsResult> {
  let core: typeof import('@stryker-mutator/core');
  try {
    core = await import('@stryker-mutator/core');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    return {
      installed: false,
      message: 'code mutants need Stryker: npm install --save-dev @stryker-mutator/core @stryker-mutator/mocha-runner',
    };
  }
  const configFile = opts.configFile ?? DEFAULT_CONFIG;
  const reportFile =
    opts.reportFile ??
    (JSON.parse(await readFile(configFile, 'utf8')) as { jsonReporter: { fileName: string } }).jsonReporter.fileName;
  // Only the reports that are files: the text lines come from formatCodeMutants.
  await new core.Stryker({
    configFile,
    reporters: ['json', 'html'],
    jsonReporter: { fileName: reportFile },
  }).runMutationTest();
  return { installed: true, ...summariseReport(JSON.parse(await readFile(reportFile, 'utf8')) as MutationReport) };
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
  const valid = killed + timeout + survived + noCoverage;
  return {
    score: valid === 0 ? 100 : (100 * (killed + timeout)) / valid,
    killed,
    survived,
    noCoverage,
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
    `killed ${s.killed}, timeout ${s.timeout}, survived ${s.survived}, no coverage ${s.noCoverage}, ignored ${s.ignored.length}`,
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
