/**
 * The per-rule scorecard that ends every run: for each rule, the tests that check it, how
 * many passed, and a verdict.
 */
import type { CaseResult } from '../harness/run-case.js';

export interface RuleScore {
  readonly rule: string;
  readonly passed: number;
  readonly failed: number;
  readonly pending: number;
  readonly verdict: 'pass' | 'FAIL' | 'untested';
}

export function scorecard(ruleIds: readonly string[], results: readonly CaseResult[]): RuleScore[] {
  return ruleIds.map((rule) => {
    const mine = results.filter((r) => r.testCase.rules.includes(rule));
    const count = (s: string) => mine.filter((r) => r.verdict.status === s).length;
    const passed = count('passed');
    const failed = count('failed');
    const verdict = failed > 0 ? 'FAIL' : passed > 0 ? 'pass' : 'untested';
    return { rule, passed, failed, pending: count('pending'), verdict };
  });
}

export function formatScorecard(scores: readonly RuleScore[]): string {
  const width = Math.max(4, ...scores.map((s) => s.rule.length));
  const lines = [`${'rule'.padEnd(width)}  passed/run  pending  verdict`];
  for (const s of scores) {
    const run = `${s.passed}/${s.passed + s.failed}`;
    lines.push(`${s.rule.padEnd(width)}  ${run.padStart(10)}  ${String(s.pending).padStart(7)}  ${s.verdict}`);
  }
  return lines.join('\n');
}
