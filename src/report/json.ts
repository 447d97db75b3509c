/**
 * `--reporter json`: mocha's JSON reporter shape (stats, tests, passes, failures, pending),
 * with the scorecard, each pending test's reason, and per test what it blames: the failure
 * (`blame`: step, transition, rules, labels, level, kind, field), its warnings and its
 * unverified steps, and the latitude it was judged with.
 */
import {
  counts,
  failureText,
  findings,
  pendingText,
  ruleSentence,
  type RunReport,
  type TestRecord,
  variationsOf,
} from './records.js';
import { scoreText } from './scorecard.js';
import { caseIdOf } from './baseline.js';
import { render } from '../i18n/text.js';
import { bytesAsBase64 } from './run-data.js';

export function jsonReport(report: RunReport): string {
  const test = (r: TestRecord) => {
    const message = failureText(r, report);
    const caseId = caseIdOf(r);
    return {
      title: r.title,
      // The test's identity across runs (run --baseline compares by it).
      ...(caseId !== undefined ? { caseId } : {}),
      fullTitle: r.fullTitle,
      ...(r.file ? { file: r.file } : {}),
      duration: r.durationMs,
      currentRetry: 0,
      err: r.state === 'failed' ? { message, stack: message } : {},
      ...(r.state === 'pending' ? { pendingReason: pendingText(r, report.lang) } : {}),
      ...findings(r, report.lang),
      // The known variations it passed with, each with where it is declared.
      ...(variationsOf(r, report).length > 0 ? { variations: variationsOf(r, report) } : {}),
      // Where the judge used the latitude RFC 9293 allows; level "warning" departs from what it describes.
      ...(r.result?.latitude
        ? {
            latitude: r.result.latitude.map((n) => ({
              step: n.index,
              allowance: n.allowance.id,
              level: n.allowance.level,
              rfc: n.allowance.rfc,
              labels: n.allowance.labels,
              message: render(n.message, report.lang),
            })),
          }
        : {}),
    };
  };
  const seen = new Set(report.records.flatMap((r) => variationsOf(r, report).map((v) => v.id)));
  const shown = (report.knownVariations ?? []).filter((v) => seen.has(v.id));
  const c = counts(report.records);
  const body = {
    stats: {
      suites: new Set(report.records.map((r) => r.suite)).size,
      ...c,
      start: report.start.toISOString(),
      end: report.end.toISOString(),
      duration: report.end.getTime() - report.start.getTime(),
    },
    tests: report.records.map(test),
    pending: report.records.filter((r) => r.state === 'pending').map(test),
    failures: report.records.filter((r) => r.state === 'failed').map(test),
    passes: report.records.filter((r) => r.state === 'passed').map(test),
    scorecard: report.scores.map((s) => ({
      ...s,
      verdictText: scoreText(s, report.lang),
      text: ruleSentence(report, s.rule),
    })),
    adapter: report.adapter,
    // The known variations this run's passed tests showed: id, family, file:line, why.
    ...(shown.length > 0 ? { knownVariations: shown } : {}),
    ...(report.baseline ? { baseline: report.baseline } : {}),
  };
  const text = JSON.stringify(body, null, 2);
  if (!report.data) return `${text}\n`;
  // What merge-reports needs to replay this run with others as one: data, not for reading, so
  // on one line (indented, it would be several times the size of the rest).
  return `${text.slice(0, -2)},\n  "run": ${JSON.stringify(report.data, bytesAsBase64)}\n}\n`;
}
