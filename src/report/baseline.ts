/**
 * `run --baseline REPORT.json`: this run against an earlier one's JSON report, test by test,
 * a test being its case ID (stable across runs, and across spec edits that do not touch its
 * case). What counts as worse, and so exits 1:
 * - a test that passed and now fails, or is now pending (it is no longer checked: a lost
 *   capability, a test now too slow, an implementation that no longer starts);
 * - a test that was pending and now fails;
 * - a new test (not in the baseline) that fails.
 * Better, listed apart: a test that failed and now passes, or was pending and now passes.
 * A test that failed and is now pending is neither (it fails no longer, but is not checked):
 * listed as changed. New tests that pass or are pending, and tests gone (no longer planned, or
 * left out by --grep or --case), are listed, never worse. Warnings and known variations do
 * not count: a pass is a pass.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { render, t, type Lang, type Text } from '../i18n/text.js';
import { failureText, pendingText, type RunReport, type TestRecord } from './records.js';

export type Outcome = TestRecord['state'];

/** A test of the baseline: its case ID, title and outcome. */
export interface BaselineTest {
  readonly id: string;
  readonly title: string;
  readonly state: Outcome;
}

export interface Baseline {
  readonly file: string;
  readonly tests: ReadonlyMap<string, BaselineTest>;
}

/** One test's change: `why` is this run's failure's first line or pending reason. */
export interface Change {
  readonly id: string;
  readonly title: string;
  readonly was: Outcome | 'absent';
  readonly now: Outcome | 'absent';
  readonly why?: string;
}

export interface BaselineDiff {
  readonly file: string;
  readonly regressions: readonly Change[];
  readonly improvements: readonly Change[];
  /** Neither worse nor better: failed, now pending. */
  readonly changed: readonly Change[];
  /** New tests that pass or are pending (a new failing test is a regression). */
  readonly added: readonly Change[];
  readonly gone: readonly Change[];
}

/** The case ID at the end of a title: "… (IUT as client) [fin-wait-1-ack/client]". */
const ID_IN_TITLE = /\[([^\][\s]+)\]$/;

/** A test's case ID, from its record (the case it ran) or its title. */
export function caseIdOf(r: Pick<TestRecord, 'title' | 'result'>): string | undefined {
  return r.result?.testCase.id ?? ID_IN_TITLE.exec(r.title)?.[1];
}

/**
 * Read an earlier run's JSON report (`--reporter json`). A file that is missing, not JSON or
 * not such a report is a usage error (exit 2) that says which and how to make one.
 */
export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UsageError(
      `--baseline ${file}: ${missing ? 'no such file (write one with --update-baseline)' : (err as Error).message}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--baseline ${file}: not JSON: ${(err as Error).message}`);
  }
  const bad = (why: string) =>
    new UsageError(`--baseline ${file}: not a tcpconform JSON report (--reporter json): ${why}`);
  const report = data as { tests?: unknown; passes?: unknown; failures?: unknown; pending?: unknown };
  if (typeof data !== 'object' || data === null || !Array.isArray(report.tests)) throw bad('no "tests" list');
  const titles = (key: 'passes' | 'failures' | 'pending') => {
    const list = report[key];
    if (!Array.isArray(list)) throw bad(`no "${key}" list`);
    return new Set(list.map((x) => (x as { fullTitle?: unknown }).fullTitle));
  };
  const [passes, failures] = [titles('passes'), titles('failures')];
  titles('pending');
  const tests = new Map<string, BaselineTest>();
  report.tests.forEach((x, i) => {
    const test = x as { title?: unknown; fullTitle?: unknown; caseId?: unknown };
    if (typeof test?.title !== 'string' || typeof test.fullTitle !== 'string') throw bad(`tests[${i}] has no title`);
    const id = typeof test.caseId === 'string' ? test.caseId : ID_IN_TITLE.exec(test.title)?.[1];
    if (id === undefined) throw bad(`tests[${i}] names no case ID ("${test.title}")`);
    const state = failures.has(test.fullTitle) ? 'failed' : passes.has(test.fullTitle) ? 'passed' : 'pending';
    tests.set(id, { id, title: test.title, state });
  });
  return { file, tests };
}

/** This run's tests against the baseline. */
export function compareToBaseline(baseline: Baseline, report: RunReport): BaselineDiff {
  const regressions: Change[] = [];
  const improvements: Change[] = [];
  const changed: Change[] = [];
  const added: Change[] = [];
  const seen = new Set<string>();
  for (const r of report.records) {
    const id = caseIdOf(r);
    if (id === undefined) continue;
    seen.add(id);
    const before = baseline.tests.get(id);
    const why = whyOf(r, report);
    const change: Change = {
      id,
      title: r.title,
      was: before?.state ?? 'absent',
      now: r.state,
      ...(why ? { why } : {}),
    };
    if (!before) (r.state === 'failed' ? regressions : added).push(change);
    else if (before.state === r.state) continue;
    else if (r.state === 'failed' || (before.state === 'passed' && r.state === 'pending')) regressions.push(change);
    else if (r.state === 'passed') improvements.push(change);
    else changed.push(change);
  }
  const gone = [...baseline.tests.values()]
    .filter((b) => !seen.has(b.id))
    .map((b) => ({ id: b.id, title: b.title, was: b.state, now: 'absent' as const }));
  return { file: baseline.file, regressions, improvements, changed, added, gone };
}

/** The first line of a failure, or the pending reason. */
function whyOf(r: TestRecord, report: RunReport): string | undefined {
  if (r.state === 'pending') return pendingText(r, report.lang) || undefined;
  if (r.state !== 'failed') return undefined;
  return failureText(r, report)
    .split('\n')
    .find((line) => line.trim() !== '')
    ?.trim();
}

/** The comparison as lines: a summary, then each regression, improvement, change, new test and test gone. */
export function formatBaselineDiff(diff: BaselineDiff, lang: Lang): string[] {
  const outcome = (o: Change['was']) => render(t(`baseline.${o}`), lang);
  const line = (key: 'baseline.regression' | 'baseline.improvement' | 'baseline.changed', c: Change) =>
    render(t(key, { id: c.id, was: outcome(c.was), now: outcome(c.now), why: c.why ?? '' }), lang);
  const summary: Text = t('baseline.summary', {
    file: diff.file,
    regressions: diff.regressions.length,
    improvements: diff.improvements.length,
    changed: diff.changed.length,
    added: diff.added.length,
    gone: diff.gone.length,
  });
  return [
    render(summary, lang),
    ...diff.regressions.map((c) => line('baseline.regression', c)),
    ...diff.improvements.map((c) => line('baseline.improvement', c)),
    ...diff.changed.map((c) => line('baseline.changed', c)),
    ...diff.added.map((c) => render(t('baseline.added', { id: c.id, now: outcome(c.now) }), lang)),
    ...diff.gone.map((c) => render(t('baseline.gone', { id: c.id, was: outcome(c.was) }), lang)),
  ];
}
