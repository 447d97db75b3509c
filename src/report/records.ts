/**
 * What a run produced, gathered for the reporters: one record per mocha test with the case
 * result behind it, the per-rule scorecard, and the run's circumstances.
 */
import type { CaseResult } from '../harness/run-case.js';
import { formatFailure, ruleText, type RuleText } from '../harness/format.js';
import { render, type Lang } from '../i18n/text.js';
import type { RuleScore } from './scorecard.js';

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

export interface RunReport {
  readonly tool: string;
  readonly adapter: string;
  readonly lang: Lang;
  readonly start: Date;
  readonly end: Date;
  readonly records: readonly TestRecord[];
  readonly scores: readonly RuleScore[];
  readonly rules: readonly RuleText[];
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

export function counts(records: readonly TestRecord[]) {
  return {
    tests: records.length,
    passes: records.filter((r) => r.state === 'passed').length,
    failures: records.filter((r) => r.state === 'failed').length,
    pending: records.filter((r) => r.state === 'pending').length,
  };
}
