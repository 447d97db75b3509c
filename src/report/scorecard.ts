/**
 * The per-rule scorecard that ends every run: for each rule, the tests that check it, how
 * many passed, and a verdict.
 */
import type { CaseResult } from '../harness/run-case.js';
import { render, t, type Lang } from '../i18n/text.js';
import { displayWidth as width, padEnd, padStart } from './text-width.js';

/**
 * `variation`: every test passed, some only with a known variation of the implementation's
 * family. `warning`: passed, with departures from SHOULDs (or MAYs) that are no failure.
 * `unverified`: the tests ran but none could check the rule (without a state query, nothing
 * told the state it leads to from another): never counted as passed. `suspect`: a failure is
 * explained as well by a fault in this rule's step as in another's (Blame.also), and the run
 * cannot tell which: not FAIL, since no step certainly broke it, and not pass.
 */
export type RuleVerdict = 'pass' | 'variation' | 'warning' | 'FAIL' | 'suspect' | 'blocked' | 'unverified' | 'untested';

export interface RuleScore {
  readonly rule: string;
  readonly passed: number;
  /** Tests whose failing step names the rule: the step that checks it broke it. */
  readonly failed: number;
  /** Tests that stopped before checking the rule (while setting up, or at a step of another rule's). */
  readonly blocked: number;
  readonly pending: number;
  /** Tests that ran but could not check the rule. */
  readonly unverified: number;
  /** Failed tests that this rule's step or another's may equally explain. */
  readonly suspect: number;
  /** Departures from a SHOULD (or a MAY) at steps that check the rule, over all tests. */
  readonly warnings: number;
  /** Passed tests that showed a known variation. */
  readonly varied: number;
  readonly verdict: RuleVerdict;
}

/** What one test found about one rule. */
export type Outcome = 'passed' | 'failed' | 'suspect' | 'blocked' | 'pending' | 'unverified';

/**
 * What a test found about a rule it names: failed only when the failing step names it; passed
 * when a step that checks it passed and could be checked (or, for a rule the test names but no
 * step of its own does, when the whole test passed and was checked); blocked when the test
 * stopped before the rule was checked; unverified when the test passed without checking it.
 */
export function outcome(r: CaseResult, rule: string): Outcome {
  const v = r.verdict;
  if (v.status === 'pending') return 'pending';
  const { focus, steps } = r.testCase;
  const own = steps.flatMap((s, i) => (i >= focus && s.rules.includes(rule) ? [i] : []));
  if (v.status === 'failed') {
    const { blame, index } = v.failure;
    const candidates = [blame, ...(blame.also ?? [])];
    if (candidates.some((b) => b.rules.includes(rule))) return blame.also ? 'suspect' : 'failed';
    const stopped = Math.min(index, ...candidates.map((b) => b.index));
    return own.some((i) => i < stopped) ? 'passed' : 'blocked';
  }
  const unchecked = new Set((r.unverified ?? []).map((u) => u.index));
  const checked = own.length > 0 ? own.some((i) => !unchecked.has(i)) : ![...unchecked].some((i) => i >= focus);
  return checked ? 'passed' : 'unverified';
}

/**
 * The rules of each warning a case showed: a step departing only from a SHOULD or a MAY, and
 * each use of a warning-level latitude (a RST with ACK, an RTO under 1 s) at its step.
 */
export function warningRules(r: CaseResult): (readonly string[])[] {
  const latitude = (r.latitude ?? []).filter((n) => n.allowance.level === 'warning');
  return [
    ...(r.warnings ?? []).map((w) => w.blame.rules),
    ...latitude.map((n) => r.testCase.steps[n.index]?.rules ?? []),
  ];
}

export function scorecard(ruleIds: readonly string[], results: readonly CaseResult[]): RuleScore[] {
  return ruleIds.map((rule) => {
    const mine = results.filter((r) => r.testCase.rules.includes(rule));
    const outcomes = mine.map((r) => outcome(r, rule));
    const count = (s: Outcome) => outcomes.filter((o) => o === s).length;
    const suspect = count('suspect');
    const [passed, failed, blocked, unverified] = [
      count('passed'),
      count('failed'),
      count('blocked'),
      count('unverified'),
    ];
    const varied = mine.filter((r, i) => outcomes[i] === 'passed' && r.variations).length;
    const warnings = results.flatMap(warningRules).filter((rules) => rules.includes(rule)).length;
    const verdict: RuleVerdict =
      failed > 0
        ? 'FAIL'
        : suspect > 0
          ? 'suspect'
          : blocked > 0
            ? 'blocked'
            : passed > 0
              ? warnings > 0
                ? 'warning'
                : varied > 0
                  ? 'variation'
                  : 'pass'
              : unverified > 0
                ? 'unverified'
                : 'untested';
    return { rule, passed, failed, blocked, pending: count('pending'), unverified, suspect, warnings, varied, verdict };
  });
}

/** The verdict in words; a warning verdict says how many ("pass, 2 warnings"). */
export function verdictText(v: RuleVerdict, lang: Lang, warnings = 0): string {
  return render(v === 'warning' ? t('verdict.warning', { n: warnings }) : t(`verdict.${v}`), lang);
}

/** A score's verdict in words. */
export function scoreText(s: RuleScore, lang: Lang): string {
  return verdictText(s.verdict, lang, s.warnings);
}

export function formatScorecard(scores: readonly RuleScore[], lang: Lang = 'en'): string {
  const h = (k: Parameters<typeof t>[0]) => render(t(k), lang);
  const heads = [
    h('score.rule'),
    h('score.passed'),
    h('score.warnings'),
    h('score.suspect'),
    h('score.unverified'),
    h('score.blocked'),
    h('score.pending'),
    h('score.verdict'),
  ];
  const rows = scores.map((s) => [
    s.rule,
    `${s.passed}/${s.passed + s.failed}`,
    String(s.warnings),
    String(s.suspect),
    String(s.unverified),
    String(s.blocked),
    String(s.pending),
    scoreText(s, lang),
  ]);
  // Numbers right-aligned under their heads; the rule left-aligned; the verdict as it comes.
  const widths = heads.map((head, i) => Math.max(width(head), ...rows.map((r) => width(r[i]!))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? padEnd(c, widths[0]!) : i === cells.length - 1 ? c : padStart(c, widths[i]!)))
      .join('  ');
  return [line(heads), ...rows.map(line), `(${h('score.legend')})`].join('\n');
}
