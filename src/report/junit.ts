/**
 * `--reporter junit`: JUnit XML as CI systems read it: one <testsuite> per spec file, a
 * <failure> with the whole failure report (its type: the kind, violation or blocked),
 * <skipped> with the reason; warnings and unverified steps in the test's <system-out>, never
 * as failures; the scorecard as properties and text of its own <testsuite>.
 */
import { counts, failureText, notesText, pendingText, ruleSentence, type RunReport } from './records.js';
import { formatScorecard, scoreText } from './scorecard.js';

/** Text for XML: the five special characters escaped, characters XML cannot hold removed. */
export function xml(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const secs = (ms: number) => (ms / 1000).toFixed(3);

export function junitReport(report: RunReport): string {
  const suites = [...new Set(report.records.map((r) => r.suite))];
  const c = counts(report.records);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(report.tool)}" tests="${c.tests}" failures="${c.failures}" errors="0" skipped="${c.pending}" time="${secs(report.end.getTime() - report.start.getTime())}">`,
  ];
  for (const suite of suites) {
    const records = report.records.filter((r) => r.suite === suite);
    const sc = counts(records);
    const time = records.reduce((n, r) => n + r.durationMs, 0);
    out.push(
      `  <testsuite name="${xml(suite)}" tests="${sc.tests}" failures="${sc.failures}" errors="0" skipped="${sc.pending}" time="${secs(time)}" timestamp="${report.start.toISOString().slice(0, 19)}">`,
    );
    for (const r of records) {
      const open = `    <testcase classname="${xml(`tcpconform.${suite.split(' ')[0]}`)}" name="${xml(r.title)}" time="${secs(r.durationMs)}"`;
      const notes = notesText(r, report.lang, report);
      const out_ = notes ? [`      <system-out>${xml(notes)}</system-out>`] : [];
      if (r.state === 'passed') {
        out.push(...(out_.length > 0 ? [`${open}>`, ...out_, '    </testcase>'] : [`${open}/>`]));
      } else if (r.state === 'pending') {
        out.push(`${open}>`, `      <skipped message="${xml(pendingText(r, report.lang))}"/>`, '    </testcase>');
      } else {
        const text = failureText(r, report);
        const v = r.result?.verdict;
        const kind = v?.status === 'failed' ? v.failure.blame.kind : 'error';
        out.push(
          `${open}>`,
          `      <failure message="${xml(text.split('\n')[0]!)}" type="${kind}">${xml(text)}</failure>`,
          ...out_,
          '    </testcase>',
        );
      }
    }
    out.push('  </testsuite>');
  }
  out.push('  <testsuite name="scorecard" tests="0" failures="0" errors="0" skipped="0" time="0">', '    <properties>');
  for (const s of report.scores) {
    out.push(
      `      <property name="${xml(`rule.${s.rule}`)}" value="${xml(`${scoreText(s, report.lang)} ${s.passed}/${s.passed + s.failed} warnings=${s.warnings} suspect=${s.suspect} unverified=${s.unverified} blocked=${s.blocked} pending=${s.pending}: ${ruleSentence(report, s.rule)}`)}"/>`,
    );
  }
  out.push(
    '    </properties>',
    `    <system-out>${xml(formatScorecard(report.scores, report.lang))}</system-out>`,
    '  </testsuite>',
    '</testsuites>',
  );
  return `${out.join('\n')}\n`;
}
