/**
 * The per-rule scorecard that ends every run: for each rule, the tests that check it, how
 * many passed, and a verdict.
 */
import type { CaseResult } from '../harness/run-case.js';

export interface RuleScore {
  readonly rule: string;
  readonly passed: number;
  /** Tests that failed at the rule's own step or after it. */
  readonly failed: number;
  /** Tests that failed while setting up, before reaching the rule's step: the rule was not checked. */
  readonly blocked: number;
  readonly pending: number;
  readonly verdict: 'pass' | 'FAIL' | 'blocked' | 'untested';
}

function outcome(r: CaseResult): 'passed' | 'failed' | 'blocked' | 'pending' {
  const v = r.verdict;
  if (v.status === 'failed') return v.failure.index < r.testCase.focus ? 'blocked' : 'failed';
  return v.status;
}

export function scorecard(ruleIds: readonly string[], results: readonly CaseResult[]): RuleScore[] {
  return ruleIds.map((rule) => {
    const mine = results.filter((r) => r.testCase.rules.includes(rule));
    const count = (s: ReturnType<typeof outcome>) => mine.filter((r) => outcome(r) === s).length;
    const passed = count('passed');
    const failed = count('failed');
    const blocked = count('blocked');
    const verdict = failed > 0 ? 'FAIL' : blocked > 0 ? 'blocked' : passed > 0 ? 'pass' : 'untested';
    return { rule, passed, failed, blocked, pending: count('pending'), verdict };
  });
}

export function formatScorecard(scores: readonly RuleScore[]): string {
  const width = Math.max(4, ...scores.map((s) => s.rule.length));
  const lines = [`${'rule'.padEnd(width)}  passed/run  blocked  pending  verdict`];
  for (const s of scores) {
    const run = `${s.passed}/${s.passed + s.failed}`;
    lines.push(`${s.rule.padEnd(width)}  ${run.padStart(10)}  ${String(s.blocked).padStart(7)}  ${String(s.pending).padStart(7)}  ${s.verdict}`);
  }
  lines.push('(blocked: the test failed while setting up, before the rule\'s own step, so the rule was not checked)');
  return lines.join('\n');
}
