/**
 * What a run produced, gathered for the reporters: one record per mocha test with the case
 * result behind it, the per-rule scorecard, and the run's circumstances.
 */
import type { CaseResult, StepFailure } from '../harness/run-case.js';
import {
  describeStep,
  formatFailure,
  formatUnverified,
  formatWarning,
  ruleText,
  type RuleText,
} from '../harness/format.js';
import type { Blame } from '../harness/blame.js';
import type { BaselineDiff } from './baseline.js';
import { render, t, type Lang } from '../i18n/text.js';
import { warningRules, type RuleScore } from './scorecard.js';
import type { RunData } from './run-data.js';

export interface TestRecord {
  readonly suite: string;
  readonly title: string;
  readonly fullTitle: string;
  readonly file?: string | undefined;
  readonly durationMs: number;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly result?: CaseResult | undefined;
  /** An error that is not a conformance verdict (a harness bug, a broken test file). */
  readonly error?: string | undefined;
}

/** A known variation as the reports name it: where it is written (spec/linux.yaml, an engine's own file) and why. */
export interface KnownVariation {
  readonly id: string;
  readonly variant: string;
  /** `file:line` of its declaration. */
  readonly source: string;
  readonly why: string;
}

export interface RunReport {
  readonly tool: string;
  readonly adapter: string;
  readonly lang: Lang;
  readonly start: Date;
  readonly end: Date;
  readonly records: readonly TestRecord[];
  readonly scores: readonly RuleScore[];
  readonly rules: readonly RuleText[];
  /** The run's identity and raw results, for merge-reports (the JSON report's `run`). */
  readonly data?: RunData;
  /** The known variations the run accepts (the spec's, an implementation's declared ones), by ID. */
  readonly knownVariations?: readonly KnownVariation[];
  /** This run against an earlier report (`run --baseline`). */
  readonly baseline?: BaselineDiff;
}

/** The known variations a passed test showed, as the run declared them. */
export function variationsOf(r: TestRecord, report: Pick<RunReport, 'knownVariations'>): KnownVariation[] {
  if (r.state !== 'passed') return [];
  return (r.result?.variations ?? []).map(
    (id) => report.knownVariations?.find((v) => v.id === id) ?? { id, variant: '', source: '', why: '' },
  );
}

/** The failure text of a record, in the report's language. */
export function failureText(r: TestRecord, report: RunReport): string {
  if (r.result?.verdict.status === 'failed') return formatFailure(r.result, report.lang, report.rules);
  return r.error ?? '';
}

export function pendingText(r: TestRecord, lang: Lang): string {
  return r.result?.verdict.status === 'pending' ? render(r.result.verdict.reason, lang) : '';
}

export function ruleSentence(report: RunReport, id: string): string {
  return ruleText(id, report.lang, report.rules);
}

/** A failure or warning as data: the step (index, one line), its rules, labels, level, kind, field, and the message. */
export interface BlameData {
  readonly step: { readonly index: number; readonly description: string };
  readonly transition: string;
  readonly rules: readonly string[];
  readonly labels: readonly string[];
  readonly level: string | null;
  readonly kind: Blame['kind'];
  readonly field: Blame['field'];
  readonly message: string;
  readonly fits?: Blame['fits'];
}

function blameData(f: StepFailure, lang: Lang): BlameData {
  const { blame } = f;
  return {
    step: { index: blame.index + 1, description: render(describeStep(blame.step), lang) },
    transition: blame.transition,
    rules: blame.rules,
    labels: blame.labels,
    level: blame.level ?? null,
    kind: blame.kind,
    field: blame.field,
    message: render(f.message, lang),
    ...(blame.fits ? { fits: blame.fits } : {}),
  };
}

/** What a record's test found wrong or could not check, as data: the failure, the warnings, the unverified steps. */
export function findings(r: TestRecord, lang: Lang) {
  const res = r.result;
  if (!res) return {};
  const v = res.verdict;
  return {
    ...(v.status === 'failed' ? { blame: blameData(v.failure, lang) } : {}),
    ...(res.warnings ? { warnings: res.warnings.map((w) => blameData(w, lang)) } : {}),
    ...(res.unverified
      ? {
          unverified: res.unverified.map((u) => ({
            step: { index: u.index + 1, description: render(describeStep(res.testCase.steps[u.index]!), lang) },
            transition: u.transition,
            rules: u.rules,
            labels: u.labels,
            kind: 'unverified' as const,
            state: u.state,
            untold: u.untold,
          })),
        }
      : {}),
  };
}

/** The warnings, unverified steps, known variations and uses of latitude of a record, as text (empty when there are none). */
export function notesText(r: TestRecord, lang: Lang, known: Pick<RunReport, 'knownVariations'> = {}): string {
  const res = r.result;
  if (!res) return '';
  return [
    ...variationsOf(r, known).map((v) => render(t('note.variation', { ...v }), lang)),
    ...(res.warnings ?? []).map((w) => formatWarning(res, w, lang)),
    ...(res.unverified ?? []).map((u) => formatUnverified(res, u, lang)),
    ...(res.latitude ?? []).map((n) =>
      render(
        t(n.allowance.level === 'warning' ? 'note.latitude.warning' : 'note.latitude', {
          step: n.index + 1,
          id: n.allowance.id,
          rfc: n.allowance.rfc,
          labels: n.allowance.labels.join(', ') || '-',
          message: render(n.message, lang),
        }),
        lang,
      ),
    ),
  ].join('\n');
}

export function counts(records: readonly TestRecord[]) {
  return {
    tests: records.length,
    passes: records.filter((r) => r.state === 'passed').length,
    failures: records.filter((r) => r.state === 'failed').length,
    pending: records.filter((r) => r.state === 'pending').length,
    warnings: records.reduce((n, r) => n + (r.result ? warningRules(r.result).length : 0), 0),
    unverified: records.filter((r) => r.state === 'passed' && r.result?.unverified).length,
  };
}
