/**
 * `tcpconform run`: make sure the generated suite matches the spec (regenerating it if not),
 * run the plan's cases with mocha against the chosen implementation, and write the report.
 * Whatever the implementation does, the run completes and the report is written.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { digestMatches } from '../../generator/inputs.js';
import { profilesUpTo, profileView } from '../../core/spec/profiles.js';
import type { Spec } from '../../core/spec/types.js';
import { PROFILES } from '../../core/case.js';
import { VARIANTS, type Profile, type Variant } from '../../core/case.js';
import { LATITUDE, REQUIREMENTS, RULES, VARIATIONS } from '../../generated/spec-data.js';
import type { Allowance } from '../../core/latitude.js';
import { resultOf, setRunContext } from '../harness/context.js';
import { untoldStates } from '../harness/unverified.js';
import { settleBlame } from '../harness/settle.js';
import type { CaseResult } from '../harness/run-case.js';
import { LANGS, render, t } from '../i18n/text.js';
import { gradescopeReport } from '../report/gradescope.js';
import { htmlReport } from '../report/html.js';
import { jsonReport } from '../report/json.js';
import { junitReport } from '../report/junit.js';
import { variationsOf, type KnownVariation, type RunReport, type TestRecord } from '../report/records.js';
import { knownVariations, readDeclarations, withDeclared } from './declared.js';
import { compareToBaseline, formatBaselineDiff, readBaseline } from '../report/baseline.js';
import { formatWarning } from '../harness/format.js';
import { formatScorecard, scorecard } from '../report/scorecard.js';
import { withoutStateQuery } from '../adapters/without-state-query.js';
import { ADAPTER_OPTIONS, KERNEL_OPTIONS, chooseAdapter, withAdapter } from './choose-adapter.js';
import type { Io } from './io.js';
import { DEFAULT_OUT_DIR, DEFAULT_SPEC_DIR, shown } from './paths.js';
import { casesFor, casesOf, generateOnce } from './plan.js';
import { describePlanFor, planForAdapter } from './plan-for-adapter.js';
import { isDefault } from '../../generator/plan/plan-for.js';
import { addSuites, oneCase } from './suite.js';
import { EXIT, integer, oneOf, parse, UsageError } from './usage.js';

const REPORTERS = ['spec', 'json', 'junit', 'gradescope', 'html'] as const;
type ReporterName = (typeof REPORTERS)[number];

const WRITERS: Record<Exclude<ReporterName, 'spec'>, (r: RunReport) => string> = {
  json: jsonReport,
  junit: junitReport,
  gradescope: gradescopeReport,
  html: htmlReport,
};

/** Mocha's own output only for the terminal reporter; the others are written from the results. */
class Silent extends Mocha.reporters.Base {}

export async function runCommand(args: string[], io: Io): Promise<number> {
  const opts = parse(args, {
    ...ADAPTER_OPTIONS,
    ...KERNEL_OPTIONS,
    grep: { type: 'string' },
    case: { type: 'string' },
    reporter: { type: 'string' },
    output: { type: 'string' },
    lang: { type: 'string' },
    profile: { type: 'string' },
    seed: { type: 'string' },
    'no-state-query': { type: 'boolean' },
    'identify-always': { type: 'boolean' },
    exact: { type: 'boolean' },
    variations: { type: 'string' },
    baseline: { type: 'string' },
    'update-baseline': { type: 'boolean' },
  });
  // A variant as a profile (linux) is the largest profile with the family's known variations.
  const chosenProfile = oneOf(opts.profile, [...PROFILES, ...VARIANTS], '--profile', 'memo');
  const variant = VARIANTS.find((v) => v === chosenProfile);
  const profile = variant ? PROFILES[PROFILES.length - 1]! : (chosenProfile as Profile);
  const included = profilesUpTo(profile);
  const reporter = oneOf(opts.reporter, REPORTERS, '--reporter', 'spec');
  const lang = oneOf(opts.lang, LANGS, '--lang', 'en');
  const seed = integer(opts.seed, '--seed');
  const grep = opts.grep !== undefined ? toRegExp(opts.grep) : undefined;
  const timeoutMs = integer(opts.timeout, '--timeout') ?? 2000;
  if (timeoutMs <= 0) throw new UsageError('--timeout must be at least 1 ms');
  // A machine-readable report on stdout owns stdout; everything else goes to stderr.
  const info = (line: string) =>
    (reporter === 'spec' || opts.output !== undefined ? io.stdout : io.stderr).write(`${line}\n`);

  // An earlier run to compare with, read before anything runs: a bad one costs no run.
  const update = opts['update-baseline'] === true;
  if (update && opts.baseline === undefined) throw new UsageError('--update-baseline needs --baseline FILE');
  const baseline =
    opts.baseline !== undefined && !(update && !existsSync(opts.baseline)) ? readBaseline(opts.baseline) : undefined;

  // Generating plans every case; the digest of its inputs says in milliseconds whether that is needed.
  const g = digestMatches(DEFAULT_SPEC_DIR, DEFAULT_OUT_DIR) ? undefined : await generateOnce(DEFAULT_SPEC_DIR);
  if (g) {
    const { compareWithDisk, writeFiles } = await import('../../generator/write.js');
    if (compareWithDisk(g.files, DEFAULT_OUT_DIR).length > 0) {
      // Compiled (dist/), this process runs the reference and the spec's data as they were built.
      const compiledStale = !import.meta.url.endsWith('.ts') && codeChanged(g.files);
      writeFiles(g.files, DEFAULT_OUT_DIR);
      info(`regenerated ${shown(DEFAULT_OUT_DIR)} from ${shown(DEFAULT_SPEC_DIR)}`);
      if (compiledStale)
        throw new UsageError(
          `the compiled reference predates ${shown(DEFAULT_SPEC_DIR)}: run \`npm run build\`, then run again`,
        );
    }
  }
  // The spec's rules, which failures and the scorecard quote: as just generated, or as built.
  const rules = g?.spec.rules ?? RULES;
  const planned = await casesOf(DEFAULT_SPEC_DIR, included);
  const chosenCase =
    opts.case !== undefined ? oneCase(planned, opts.case, await casesOf(DEFAULT_SPEC_DIR, PROFILES)) : undefined;

  const settleMs = integer(opts.settle, '--settle');
  if (settleMs !== undefined && settleMs <= 0) throw new UsageError('--settle must be at least 1 ms');
  if ((opts.slow || settleMs !== undefined) && !opts.kernel)
    throw new UsageError('--slow and --settle apply to --kernel only');
  const chosen = await chooseAdapter({ ...opts, seed, timeoutMs, settleMs });
  const seen = opts['no-state-query'] ? withoutStateQuery(chosen) : chosen;
  // What the implementation declares of itself (--variations, its own `declared`): checked before anything runs.
  const { declared, adapter } = await (async () => {
    try {
      const d = await readDeclarations(seen, opts.variations);
      return { declared: d, adapter: d ? withDeclared(seen, d) : seen };
    } catch (err) {
      await chosen.close();
      throw err;
    }
  })();
  const variants = [
    ...new Set(
      [variant, adapter.variant, ...(declared?.variations ?? []).map((v) => v.variant)].filter(
        (v): v is Variant => v !== undefined,
      ),
    ),
  ];
  // Planned for the implementation's own parameter values and around the calls it cannot make,
  // so no test is pending because the spec's defaults differ from what it does.
  const at = planForAdapter(adapter, planned);
  const forIt = await casesFor(DEFAULT_SPEC_DIR, included, at, undefined, declared);
  if (!isDefault(at)) info(`planned for this implementation: ${describePlanFor(at)}`);
  const cases = chosenCase ? [forIt.find((c) => c.id === chosenCase.id) ?? chosenCase] : forIt;
  // Read only when a wrong state found by outputs needs the states that fit.
  let model: Promise<Spec> | undefined;
  const spec = () =>
    (model ??= (async () =>
      profileView(
        declared?.spec ?? g?.spec ?? (await import('../../generator/index.js')).readSpec(DEFAULT_SPEC_DIR),
        profile,
      ))());
  const untold = untoldStates(forIt, profile);
  // --exact: the spec's one behaviour only, without the latitude RFC 9293 allows (to see what it changes).
  const latitude = opts.exact ? [] : (g?.spec.latitude ?? LATITUDE);
  setRunContext({
    adapter,
    lang,
    profile,
    identifyAlways: opts['identify-always'] === true,
    variants,
    variations: [...(g?.spec.variations ?? VARIATIONS), ...(declared?.variations ?? [])],
    spec,
    untold,
    latitude,
    requirements: g?.spec.requirements ?? REQUIREMENTS,
  });
  let records: TestRecord[] = [];
  const start = new Date();
  try {
    await withAdapter(adapter, async () => {
      const mocha = new Mocha({
        reporter: reporter === 'spec' ? 'spec' : Silent,
        timeout: 10 * 60_000,
        ...(grep ? { grep } : {}),
      });
      addSuites(mocha, cases, included, rules);
      await new Promise<void>((done) => {
        const runner = mocha.run(() => done());
        const record = (test: Mocha.Test, state: TestRecord['state'], err?: Error) => {
          const result = resultOf(test);
          records.push({
            suite: test.parent?.title ?? '',
            title: test.title,
            fullTitle: test.fullTitle(),
            file: test.file,
            durationMs: test.duration ?? 0,
            state,
            result,
            ...(err && !result ? { error: err.stack ?? err.message } : {}),
          });
        };
        runner.on('pass', (test) => record(test, 'passed'));
        runner.on('fail', (test, err) => record(test as Mocha.Test, 'failed', err));
        runner.on('pending', (test) => record(test, 'pending'));
      });
    });
  } finally {
    setRunContext(undefined);
  }

  // Over the whole run, choose whom each ambiguous failure blames; the reports say the same.
  const settled = await settleBlame(
    records.map((r) => r.result).filter((r): r is CaseResult => r !== undefined),
    { spec },
  );
  const byCase = new Map(settled.map((r) => [r.testCase, r]));
  records = records.map((r) => (r.result ? { ...r, result: byCase.get(r.result.testCase) } : r));
  const results = settled;
  // Every test must have run through this run's harness; if not, its verdict is not about this implementation.
  const unaccounted = records.filter((r) => !r.result && !r.error);
  if (unaccounted.length > 0)
    throw new Error(
      `internal: ${unaccounted.length} test(s) ran outside this run's harness, e.g. "${unaccounted[0]!.title}"`,
    );
  // The rules of the profiles run: a rule's source is the profile that introduced it.
  const scores = scorecard(
    rules.filter((r) => (included as readonly string[]).includes(r.source)).map((r) => r.id),
    results,
  );
  let report: RunReport = {
    tool: 'tcpconform',
    adapter: adapter.name,
    lang,
    start,
    end: new Date(),
    records,
    scores,
    rules: RULES,
    knownVariations: knownVariations(declared),
  };
  const diff = baseline ? compareToBaseline(baseline, report) : undefined;
  if (diff) report = { ...report, baseline: diff };
  if (reporter === 'spec') {
    summarize(report, info);
    info('');
    info(formatScorecard(scores, lang));
  } else if (opts.output === undefined) {
    io.stdout.write(WRITERS[reporter](report));
  }
  if (opts.output !== undefined) {
    const text = reporter === 'spec' ? WRITERS.json(report) : WRITERS[reporter](report);
    writeFileSync(opts.output, text);
    info(`report written to ${opts.output}`);
  }
  if (diff) for (const line of formatBaselineDiff(diff, lang)) info(line);
  if (update) {
    // The new baseline is this run's JSON report, whatever the reporter; writing it accepts this run.
    writeFileSync(opts.baseline!, WRITERS.json(report));
    info(render(t('baseline.updated', { file: opts.baseline!, n: records.length }), lang));
    return EXIT.ok;
  }
  // Against a baseline only what got worse fails the run; without one, any failure does.
  if (diff) return diff.regressions.length > 0 ? EXIT.failures : EXIT.ok;
  return records.some((r) => r.state === 'failed') ? EXIT.failures : EXIT.ok;
}

function summarize(report: RunReport, info: (line: string) => void): void {
  const { records, lang } = report;
  const reasons = new Map<string, number>();
  for (const r of records) {
    if (r.result?.verdict.status !== 'pending') continue;
    const reason = render(r.result.verdict.reason, lang);
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  for (const [reason, n] of reasons) info(render(t('summary.pending', { n, reason }), lang));
  // Failures whose outputs a fault at any of several steps explains alike: said once, with the
  // steps, since each test's text (printed as it ran) names only the first.
  const ambiguous = new Map<string, number>();
  for (const r of records) {
    const v = r.result?.verdict;
    if (v?.status !== 'failed' || !v.failure.blame.also) continue;
    const b = v.failure.blame;
    const key = [b, ...b.also!].map((x) => `${x.transition} [${x.rules.join(' ')}]`).join(', ');
    ambiguous.set(key, (ambiguous.get(key) ?? 0) + 1);
  }
  for (const [steps, n] of ambiguous) info(render(t('summary.suspect', { n, steps }), lang));
  // Warnings and unchecked steps do not fail a test: they are shown, not hidden in a pass.
  // Each warning on its own; unchecked steps by the state they could not tell, with how many tests.
  for (const r of records) for (const w of r.result?.warnings ?? []) info(formatWarning(r.result!, w, lang));
  const doubts = new Map<
    string,
    { state: string; untold: readonly string[]; tests: Set<string>; steps: Set<string> }
  >();
  for (const r of records) {
    for (const u of r.result?.unverified ?? []) {
      const key = `${u.state} ${u.untold.join()}`;
      const d = doubts.get(key) ?? { state: u.state, untold: u.untold, tests: new Set(), steps: new Set() };
      d.tests.add(r.result!.testCase.id);
      d.steps.add(u.transition);
      doubts.set(key, d);
    }
  }
  for (const d of doubts.values())
    info(
      render(
        t('summary.unverified', {
          n: d.tests.size,
          state: d.state,
          untold: d.untold.includes('*') ? t('unverified.any') : d.untold.join(', '),
          steps: [...d.steps].join(', '),
        }),
        lang,
      ),
    );
  const varied = new Map<string, { n: number; v: KnownVariation }>();
  for (const v of records.flatMap((r) => variationsOf(r, report)))
    varied.set(v.id, { n: (varied.get(v.id)?.n ?? 0) + 1, v });
  for (const { n, v } of varied.values())
    info(render(t('summary.variation', { n, id: v.id, source: v.source, why: v.why }), lang));
  // The latitude used, per allowance: how many tests passed only thanks to it (warnings apart).
  const used = new Map<string, { n: number; allowance: Allowance }>();
  for (const r of records) {
    if (r.state !== 'passed') continue;
    for (const a of new Set((r.result?.latitude ?? []).map((x) => x.allowance)))
      used.set(a.id, { n: (used.get(a.id)?.n ?? 0) + 1, allowance: a });
  }
  for (const { n, allowance: a } of used.values())
    info(
      render(
        t(a.level === 'warning' ? 'summary.latitude.warning' : 'summary.latitude', {
          n,
          id: a.id,
          rfc: a.rfc,
          labels: a.labels.join(', ') || '-',
        }),
        lang,
      ),
    );
}

/** Do the generated files this process runs compiled (the reference, the spec's data) differ from these? */
function codeChanged(files: ReadonlyMap<string, string>): boolean {
  return [...files].some(([path, text]) => {
    if (!path.startsWith('reference/') && path !== 'spec-data.ts') return false;
    try {
      return readFileSync(join(DEFAULT_OUT_DIR, path), 'utf8') !== text;
    } catch {
      return true;
    }
  });
}

function toRegExp(pattern: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch (err) {
    throw new UsageError(`--grep: ${(err as Error).message}`);
  }
}
