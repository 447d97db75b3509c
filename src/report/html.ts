/**
 * `--reporter html`: one self-contained page (no scripts, no external files): the per-rule
 * table, then every failing test with its failure text and its exchange drawn as an SVG
 * ladder, then the pending tests with their reasons.
 */
import { render, t } from '../i18n/text.js';
import { xml } from './junit.js';
import { exchangeOf, ladderRows } from './ladder.js';
import { counts, failureText, notesText, pendingText, ruleSentence, type RunReport } from './records.js';
import { scoreText } from './scorecard.js';
import { svgLadder } from './svg-ladder.js';

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 4px 10px; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.pass td.verdict { background: #e6f4ea; } tr.FAIL td.verdict { background: #fce8e6; font-weight: bold; }
tr.blocked td.verdict { background: #fef7e0; } tr.untested td.verdict { background: #f1f3f4; }
tr.warning td.verdict { background: #fff4ce; } tr.suspect td.verdict { background: #fde7d9; } tr.unverified td.verdict { background: #f1f3f4; font-style: italic; }
section.failure { border-left: 4px solid #c01c28; padding-left: 1em; margin: 2em 0; }
pre { background: #f6f8fa; padding: 0.8em; overflow-x: auto; font-size: 12px; }
.diagram { overflow-x: auto; }
`;

export function htmlReport(report: RunReport): string {
  const say = (k: Parameters<typeof t>[0]) => xml(render(t(k), report.lang));
  const c = counts(report.records);
  const rows = report.scores
    .map(
      (s) =>
        `<tr class="${s.verdict}"><td>${xml(s.rule)}</td><td>${xml(ruleSentence(report, s.rule))}</td><td class="num">${s.passed}/${s.passed + s.failed}</td><td class="num">${s.warnings}</td><td class="num">${s.suspect}</td><td class="num">${s.unverified}</td><td class="num">${s.blocked}</td><td class="num">${s.pending}</td><td class="verdict">${xml(scoreText(s, report.lang))}</td></tr>`,
    )
    .join('\n');
  const failures = report.records
    .filter((r) => r.state === 'failed')
    .map(
      (r) => `<section class="failure">
<h3>${xml(r.title)}</h3>
<pre>${xml(failureText(r, report))}</pre>
${r.result ? `<div class="diagram">${svgLadder(ladderRows(exchangeOf(r.result), report.lang), report.lang)}</div>` : ''}
</section>`,
    )
    .join('\n');
  const notes = report.records
    .map((r) => notesText(r, report.lang, report))
    .filter((n) => n !== '')
    .map((n) => `<pre class="notes">${xml(n)}</pre>`)
    .join('\n');
  const pending = report.records
    .filter((r) => r.state === 'pending')
    .map((r) => `<li>${xml(r.title)}: ${xml(pendingText(r, report.lang))}</li>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${report.lang === 'zh' ? 'zh-CN' : 'en'}">
<head><meta charset="utf-8"><title>${xml(`${report.tool}: ${report.adapter}`)}</title><style>${STYLE}</style></head>
<body>
<h1>${xml(report.tool)}: ${xml(report.adapter)}</h1>
<p>${c.passes}/${c.tests} ${say('verdict.pass')}, ${c.failures} ${say('verdict.FAIL')}, ${c.pending} ${say('verdict.pending')} (${xml(report.start.toISOString())})</p>
<table class="scorecard">
<tr><th>${say('score.rule')}</th><th></th><th>${say('score.passed')}</th><th>${say('score.warnings')}</th><th>${say('score.suspect')}</th><th>${say('score.unverified')}</th><th>${say('score.blocked')}</th><th>${say('score.pending')}</th><th>${say('score.verdict')}</th></tr>
${rows}
</table>
<p><small>${say('score.legend')}</small></p>
${failures}
${notes ? `<h2>${say('score.warnings')} / ${say('score.unverified')}</h2>\n${notes}` : ''}
${pending ? `<h2>${say('verdict.pending')}</h2>\n<ul>\n${pending}\n</ul>` : ''}
</body>
</html>
`;
}
