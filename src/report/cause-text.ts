/**
 * The end of a run in the terminal: the failures one block per cause (the cause once, how each
 * test it explains failed in kind, one example with its ladder, the tests listed), the totals
 * with the number of distinct causes, and what to do next (the first cause to fix, the command
 * that runs its test again).
 */
import { blameText } from '../harness/format.js';
import { render, t, type Text } from '../i18n/text.js';
import { caseIdOf, causeMessage, type Cause } from './causes.js';
import { counts, failureText, type RunReport } from './records.js';

/** Each cause as a block of lines, the cause explaining most tests first. */
export function causeBlocks(report: RunReport, causes: readonly Cause[]): string[] {
  const say = (x: Text) => render(x, report.lang);
  return causes.flatMap((c, i) => [
    '',
    `  ${i + 1}) ${say(heading(c, i, causes.length, report))}`,
    ...blameLines(c).map((l) => `     ${say(l)}`),
    '',
    `     ${say(t('cause.example', { id: caseIdOf(c.representative) }))}`,
    ...failureText(c.representative, report)
      .split('\n')
      .map((l) => (l === '' ? '' : `     ${l}`)),
    '',
    `     ${say(t('cause.tests', { n: c.records.length }))}`,
    ...c.records.map((r) => `       ${r.title}`),
  ]);
}

function heading(c: Cause, i: number, k: number, report: RunReport): Text {
  const n = c.records.length;
  if (!c.blame) return t('cause.error', { i: i + 1, k, n, what: causeMessage(c, report.lang) });
  return t('cause.heading', {
    i: i + 1,
    k,
    n,
    field: t(`field.${c.blame.field}`),
    transition: c.blame.transition,
    rules: c.blame.rules.join(' '),
    what: causeMessage(c, report.lang),
  });
}

/**
 * How the cause failed its tests, each way once with how many: a violation at the test's own
 * step, the same step blocking other tests while setting them up (the step's number differs
 * with the setup).
 */
function blameLines(c: Cause): Text[] {
  const ways = new Map<string, { line: Text; n: number }>();
  for (const r of c.records) {
    const v = r.result?.verdict;
    if (v?.status !== 'failed') continue;
    const line = blameText(v.failure.blame);
    const key = JSON.stringify(line);
    ways.set(key, { line, n: (ways.get(key)?.n ?? 0) + 1 });
  }
  return [...ways.values()].map((w) => t('cause.kinds', { line: w.line, n: w.n }));
}

/** Mocha's closing counts, with the number of distinct causes beside the failures. */
export function totals(report: RunReport, causes: readonly Cause[]): string[] {
  const c = counts(report.records);
  const ms = report.end.getTime() - report.start.getTime();
  const time = ms < 1000 ? `${ms}ms` : `${(ms / 1000).toFixed(1)}s`;
  return [
    '',
    render(t('totals.passing', { n: c.passes, time }), report.lang),
    ...(c.failures > 0 ? [render(t('totals.failing', { n: c.failures, k: causes.length }), report.lang)] : []),
    ...(c.pending > 0 ? [render(t('totals.pending', { n: c.pending }), report.lang)] : []),
  ].map((l) => (l === '' ? l : `  ${l}`));
}

/**
 * What to do next: fix the first cause and run its test again (`rerun`: the command for one
 * case, when the run knows how it was started), or, everything having passed, the larger profile.
 */
export function nextSteps(
  report: RunReport,
  causes: readonly Cause[],
  rerun: ((caseId: string) => string) | undefined,
): string[] {
  const say = (x: Text) => render(x, report.lang);
  const first = causes[0];
  if (!first) {
    const { pending } = counts(report.records);
    if (pending > 0) return [say(t('next.pending', { n: pending }))];
    return [say(t(report.data?.profile === 'memo' ? 'next.larger' : 'next.passed'))];
  }
  const id = caseIdOf(first.representative);
  const failed = causes.reduce((n, c) => n + c.records.length, 0);
  const line = first.blame
    ? t('next.fix', {
        field: t(`field.${first.blame.field}`),
        transition: first.blame.transition,
        rules: first.blame.rules.join(' '),
        n: first.records.length,
        failed,
      })
    : t('next.fixError', { n: first.records.length });
  return [say(line), `  ${rerun ? rerun(id) : `tcpconform run … --case ${id}`}`];
}
