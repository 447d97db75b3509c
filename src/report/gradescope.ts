/**
 * `--reporter gradescope`: an autograder results.json. Each test is worth one point; a
 * pending test is worth none (it could not be checked with this implementation's
 * capabilities) and says why. A failure costs the point; a warning (a departure from a SHOULD)
 * does not, and is shown in the test's output. Each test's `extra_data` carries what it blames.
 * The scorecard is the submission's overall output.
 */
import { failureText, findings, notesText, pendingText, type RunReport } from './records.js';
import { formatScorecard } from './scorecard.js';

export function gradescopeReport(report: RunReport): string {
  const tests = report.records.map((r) => ({
    name: r.title,
    number: r.result?.testCase.rules.join(' ') ?? '',
    score: r.state === 'passed' ? 1 : 0,
    max_score: r.state === 'pending' ? 0 : 1,
    // A pending test carries no status: it neither passed nor failed.
    ...(r.state === 'pending' ? {} : { status: r.state === 'passed' ? 'passed' : 'failed' }),
    output: [
      r.state === 'failed' ? failureText(r, report) : r.state === 'pending' ? pendingText(r, report.lang) : '',
      notesText(r, report.lang, report),
    ]
      .filter((x) => x !== '')
      .join('\n\n'),
    tags: r.result ? [...r.result.testCase.rules] : [],
    visibility: 'visible',
    ...(r.result && (r.state === 'failed' || r.result.warnings || r.result.unverified)
      ? { extra_data: findings(r, report.lang) }
      : {}),
  }));
  const body = {
    score: tests.reduce((n, t) => n + t.score, 0),
    execution_time: Math.round((report.end.getTime() - report.start.getTime()) / 1000),
    output: formatScorecard(report.scores, report.lang),
    visibility: 'visible',
    stdout_visibility: 'visible',
    tests,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
