/**
 * The glue between mocha tests and the harness. The CLI installs a run context (the adapter,
 * the language); a generated test file run directly by mocha gets the reference adapter in
 * English.
 */
import { assert } from 'chai';
import type { Adapter } from '../adapter.js';
import type { Profile, TestCase, Variant } from '../../core/case.js';
import { testCase, type CaseScript, type SpecFacts } from '../../core/script.js';
import { ReferenceAdapter } from '../adapters/reference.js';
import type { Lang } from '../i18n/text.js';
import type { Allowance } from '../../core/latitude.js';
import type { Requirement } from '../../core/requirements.js';
import type { Spec } from '../../core/spec/types.js';
import { formatFailure, type RuleText } from './format.js';
import { runCase, type CaseResult, type KnownParameters, type RunOptions } from './run-case.js';

export interface RunContext {
  readonly adapter: Adapter;
  readonly lang: Lang;
  /** The profile run: a case identifies states with its inputs (default: the case's own profile). */
  readonly profile?: Profile;
  /** Identify states by outputs even where the adapter reports them. */
  readonly identifyAlways?: boolean;
  /** Implementation families whose known variations count as such, not as failures. */
  readonly variants?: readonly Variant[];
  /** The latitude the judge applies (spec `latitude:`); absent: the suite's own. */
  readonly latitude?: readonly Allowance[];
  /** The parameter values the spec's variations record, for the variants accepted (a family's SYN schedule). */
  readonly variations?: readonly KnownParameters[];
  /** RFC 9293's labels as the spec has them (spec `requirements:`); absent: the suite's own. */
  readonly requirements?: readonly Requirement[];
  /** The spec model of the profile run, read when a wrong state needs telling which states fit. */
  readonly spec?: () => Promise<Spec>;
  /** For each state, those no identification in the plan tells it from (see RunOptions). */
  readonly untold?: ReadonlyMap<string, readonly string[]>;
}

/**
 * What the harness needs of mocha's `this` in a test, written out so the package's published
 * types need neither mocha's nor any test framework's.
 */
export interface TestContext {
  /** The running test, which the result is kept for; a generated test's script takes its title. */
  readonly test?: { readonly title: string } | undefined;
  /** Mark the test pending (mocha: skip, which throws). */
  skip(): never;
}

let current: RunContext | undefined;
const results = new WeakMap<object, CaseResult>();

export function setRunContext(ctx: RunContext | undefined): void {
  current = ctx;
}

/** The case result behind a mocha test, once it has run. */
export function resultOf(test: object): CaseResult | undefined {
  return results.get(test);
}

/** The spec a suite's cases come from: what every case shares, and the rules a failure quotes. */
export interface SuiteSpec extends SpecFacts {
  readonly rules: readonly RuleText[];
  /** What RFC 9293 allows besides the spec's one behaviour: the judge applies it. */
  readonly latitude?: readonly Allowance[];
  /** RFC 9293's labels: a failure cites those that govern the field that differs. */
  readonly requirements?: readonly Requirement[];
}

/**
 * The body of every generated test, bound to the spec: the test's script read into a
 * TestCase (its title is the mocha test's), then run.
 */
export function conformance(spec: SuiteSpec): (mocha: TestContext, script: CaseScript) => Promise<void> {
  return (mocha, script) =>
    runConformanceCase(mocha, testCase(script, mocha.test?.title ?? '', spec), spec.rules, spec);
}

/** Run one case in the current context (see caseOptions); a failure's message quotes `rules`. */
export async function runConformanceCase(
  mocha: TestContext,
  tc: TestCase,
  rules: readonly RuleText[],
  suite: Pick<SuiteSpec, 'latitude' | 'requirements'> = {},
): Promise<void> {
  current ??= { adapter: new ReferenceAdapter(), lang: 'en' };
  const result = await runCase(current.adapter, tc, caseOptions(current, suite));
  reportVerdict(mocha, result, current.lang, rules);
}

/**
 * How the harness runs a case in `ctx`: the judge applies the context's latitude, else the
 * suite's, and a failure cites labels as the context's requirements, else the suite's, say.
 */
export function caseOptions(ctx: RunContext, suite: Pick<SuiteSpec, 'latitude' | 'requirements'> = {}): RunOptions {
  const { profile, identifyAlways, variants, variations, spec, untold } = ctx;
  const allowed = ctx.latitude ?? suite.latitude;
  const requirements = ctx.requirements ?? suite.requirements;
  return {
    ...(profile ? { profile } : {}),
    ...(identifyAlways ? { identifyAlways } : {}),
    ...(variants ? { variants } : {}),
    ...(variations ? { variations } : {}),
    ...(spec ? { spec } : {}),
    ...(untold ? { untold } : {}),
    ...(allowed ? { latitude: allowed } : {}),
    ...(requirements ? { requirements } : {}),
  };
}

/**
 * Give a mocha test the verdict of its case's result (however it was obtained: run here, by a
 * worker of a parallel run, or read back from a report): kept for the reports, pending as a
 * skip, a failure as an assertion whose message quotes `rules` in `lang`.
 */
export function reportVerdict(mocha: TestContext, result: CaseResult, lang: Lang, rules: readonly RuleText[]): void {
  if (mocha.test) results.set(mocha.test, result);
  const v = result.verdict;
  // Mocha reports a skipped test as pending; the reason is in the result, for the reports.
  if (v.status === 'pending') mocha.skip();
  if (v.status === 'failed') {
    try {
      assert.fail(formatFailure(result, lang, rules));
    } catch (err) {
      // The message says where the IUT went wrong; a stack into the harness would only hide it.
      (err as Error).stack = `${(err as Error).name}: ${(err as Error).message}`;
      throw err;
    }
  }
}
