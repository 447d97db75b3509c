/**
 * The per-rule scorecard that ends every run: for each rule, the tests that check it, how
 * many passed, and a verdict.
 */
import type { CaseResult } from '../harness/run-case.js';
import { render, t, type Lang } from '../i18n/text.js';
import { displayWidth as width, padEnd, padStart } from './text-width.js';

/** `variation`: every test passed, some only with a known variation of the implementation's family. */
export type RuleVerdict = 'pass' | 'variation' | 'FAIL' | 'blocked' | 'untested';

export interface RuleScore {
  readonly rule: string;
  readonly passed: number;
  /** Tests that failed at the rule's own step or after it. */
  readonly failed: number;
  /** Tests that failed while setting up, before reaching the rule's step: the rule was not checked. */
  readonly blocked: number;
  readonly pending: number;
  /** Passed tests that showed a known variation. */
  readonly varied: number;
  readonly verdict: RuleVerdict;
}

export type Outcome = 'passed' | 'failed' | 'blocked' | 'pending';

export function outcome(r: CaseResult): Outcome {
  const v = r.verdict;
  if (v.status === 'failed') return v.failure.index < r.testCase.focus ? 'blocked' : 'failed';
  return v.status;
}

export function scorecard(ruleIds: readonly string[], results: readonly CaseResult[]): RuleScore[] {
  return ruleIds.map((rule) => {
    const mine = results.filter((r) => r.testCase.rules.includes(rule));
    const count = (s: Outcome) => mine.filter((r) => outcome(r) === s).length;
    const passed = count('passed');
    const failed = count('failed');
    const blocked = count('blocked');
    const varied = mine.filter((r) => outcome(r) === 'passed' && r.variations).length;
    const verdict: RuleVerdict =
      failed > 0 ? 'FAIL' : blocked > 0 ? 'blocked' : varied > 0 ? 'variation' : passed > 0 ? 'pass' : 'untested';
    return { rule, passed, failed, blocked, pending: count('pending'), varied, verdict };
  });
}

export function verdictText(v: RuleVerdict, lang: Lang): string {
  return render(t(`verdict.${v}`), lang);
}

export function formatScorecard(scores: readonly RuleScore[], lang: Lang = 'en'): string {
  const h = (k: Parameters<typeof t>[0]) => render(t(k), lang);
  const heads = [h('score.rule'), h('score.passed'), h('score.blocked'), h('score.pending'), h('score.verdict')];
  const w0 = Math.max(width(heads[0]!), ...scores.map((s) => s.rule.length));
  const [w1, w2, w3] = [Math.max(10, width(heads[1]!)), Math.max(7, width(heads[2]!)), Math.max(7, width(heads[3]!))];
  const lines = [
    `${padEnd(heads[0]!, w0)}  ${padStart(heads[1]!, w1)}  ${padStart(heads[2]!, w2)}  ${padStart(heads[3]!, w3)}  ${heads[4]}`,
  ];
  for (const s of scores) {
    const run = `${s.passed}/${s.passed + s.failed}`;
    lines.push(
      `${padEnd(s.rule, w0)}  ${padStart(run, w1)}  ${padStart(String(s.blocked), w2)}  ${padStart(String(s.pending), w3)}  ${verdictText(s.verdict, lang)}`,
    );
  }
  lines.push(`(${h('score.legend')})`);
  return lines.join('\n');
}
