/**
 * `tcpconform run`: make sure the generated suite matches the spec (regenerating it if not),
 * run the plan's cases with mocha against the chosen implementation, and write the report.
 * Whatever the implementation does, the run completes and the report is written.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { digestMatches, inputsDigest } from '../../generator/inputs.js';
import { profilesUpTo, profileView } from '../../core/spec/profiles.js';
import type { Spec } from '../../core/spec/types.js';
import { PROFILES, VARIANTS, type Profile, type TestCase, type Variant } from '../../core/case.js';
import { LATITUDE, REQUIREMENTS, RULES, VARIATIONS } from '../../generated/spec-data.js';
import type { Allowance } from '../../core/latitude.js';
import { caseOptions, reportVerdict, resultOf, type RunContext } from '../harness/context.js';
import { untoldStates } from '../harness/unverified.js';
import { settleBlame } from '../harness/settle.js';
import { runCase, type CaseResult } from '../harness/run-case.js';
import { CasePool, type Timed } from '../harness/pool.js';
import { LANGS, render, t, type Lang } from '../i18n/text.js';
import { gradescopeReport } from '../report/gradescope.js';
import { htmlReport } from '../report/html.js';
import { jsonReport } from '../report/json.js';
import { junitReport } from '../report/junit.js';
import { variationsOf, type KnownVariation, type RunReport, type TestRecord } from '../report/records.js';
import { knownVariations, readDeclarations, withDeclared } from './declared.js';
import { compareToBaseline, formatBaselineDiff, readBaseline, type Baseline } from '../report/baseline.js';
import { RUN_DATA_FORMAT, type CaseData, type RunData } from '../report/run-data.js';
import { formatWarning, type RuleText } from '../harness/format.js';
import { formatScorecard, scorecard } from '../report/scorecard.js';
import { groupByCause } from '../report/causes.js';
import { causeBlocks, nextSteps, totals } from '../report/cause-text.js';
import { Progress, type ProgressOptions } from './progress.js';
import { rerunCommand } from './rerun.js';
import { withoutStateQuery } from '../adapters/without-state-query.js';
import { ADAPTER_OPTIONS, KERNEL_OPTIONS, openAdapters, withAdapters } from './choose-adapter.js';
import type { Io } from './io.js';
import { DEFAULT_OUT_DIR, DEFAULT_SPEC_DIR, shown } from './paths.js';
import { casesFor, casesOf, generateOnce } from './plan.js';
import { describePlanFor, planForAdapter } from './plan-for-adapter.js';
import { isDefault } from '../../generator/plan/plan-for.js';
import { addSuites, fullTitle, oneCase, runOrder } from './suite.js';
import { expectedCost, parseShard, shardOf } from './shard.js';
import { EXIT, integer, oneOf, parse, UsageError } from './usage.js';

export const REPORTERS = ['spec', 'json', 'junit', 'gradescope', 'html'] as const;
export type ReporterName = (typeof REPORTERS)[number];

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
    jobs: { type: 'string' },
    shard: { type: 'string' },
    verbose: { type: 'boolean' },
    'hang-limit': { type: 'string' },
  });
  const { variant, profile, included } = profileOf(opts.profile);
  const reporter = oneOf(opts.reporter, REPORTERS, '--reporter', 'spec');
  const lang = oneOf(opts.lang, LANGS, '--lang', 'en');
  const seed = integer(opts.seed, '--seed');
  const grep = opts.grep !== undefined ? toRegExp(opts.grep) : undefined;
  const timeoutMs = integer(opts.timeout, '--timeout') ?? 2000;
  if (timeoutMs <= 0) throw new UsageError('--timeout must be at least 1 ms');
  const jobs = integer(opts.jobs, '--jobs') ?? 1;
  if (jobs < 1) throw new UsageError('--jobs must be at least 1');
  const shard = parseShard(opts.shard);
  const info = infoFor(reporter, opts.output, io);
  // An earlier run to compare with, read before anything runs: a bad one costs no run.
  const { baseline, update } = baselineOption(opts.baseline, opts['update-baseline']);

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
  const hangLimit = integer(opts['hang-limit'], '--hang-limit');
  const workers = await openAdapters({ ...opts, seed, timeoutMs, settleMs, hangLimit }, jobs, info);
  const seen = workers.map((a) => (opts['no-state-query'] ? withoutStateQuery(a) : a));
  // What the implementation declares of itself (--variations, its own `declared`): checked before anything runs.
  const { declared, adapters } = await (async () => {
    try {
      const d = await readDeclarations(seen[0]!, opts.variations);
      return { declared: d, adapters: d ? seen.map((a) => withDeclared(a, d)) : seen };
    } catch (err) {
      await Promise.all(workers.map((a) => a.close()));
      throw err;
    }
  })();
  const adapter = adapters[0]!;
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
  // The whole run's tests in their order (what every shard of it agrees on), then this shard's.
  const whole = runOrder(
    chosenCase ? [forIt.find((c) => c.id === chosenCase.id) ?? chosenCase] : forIt,
    included,
  ).filter((c) => !grep || grep.test(fullTitle(c)));
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
  const context: RunContext = {
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
  };
  const cases = shard ? shardOf(whole, shard, (c) => expectedCost(adapter, c, caseOptions(context))) : whole;
  if (shard) info(`shard ${shard.index}/${shard.count}: ${cases.length} of ${whole.length} tests`);
  const start = new Date();
  const played = await withAdapters(adapters, async () => {
    const pool = new CasePool(adapters, cases, (a, tc) => runCase(a, tc, caseOptions(context)));
    try {
      return await playRun({
        cases,
        included,
        rules,
        lang,
        reporter,
        verbose: opts.verbose === true,
        source: (tc) => pool.result(tc),
      });
    } finally {
      // The adapters close only when no worker uses them any more.
      await pool.done;
    }
  });
  const order = new Map(whole.map((c, i) => [c.id, i]));
  return writeRun(played, {
    included,
    rules,
    lang,
    reporter,
    output: opts.output,
    io,
    spec,
    start,
    end: new Date(),
    ...(baseline ? { baseline } : {}),
    ...(update ? { updateBaseline: opts.baseline! } : {}),
    rerun: (id) => rerunCommand(args, id),
    data: {
      format: RUN_DATA_FORMAT,
      spec: inputsDigest(DEFAULT_SPEC_DIR).trim(),
      profile: opts.profile ?? 'memo',
      adapter: adapter.name,
      judging: (['exact', 'identify-always', 'no-state-query'] as const).filter((f) => opts[f]),
      knownVariations: knownVariations(declared),
      planFor: at,
      plan: planDigest(whole),
      tests: whole.length,
      ...(shard ? { shard } : {}),
      cases: played.cases.map((c) => ({ ...c, order: order.get(c.id)! })),
    },
  });
}

/** `--baseline FILE [--update-baseline]`: the earlier run (none yet is fine when updating) and whether to update it. */
export function baselineOption(
  file: string | undefined,
  updateFlag: boolean | undefined,
): { baseline: Baseline | undefined; update: boolean } {
  const update = updateFlag === true;
  if (update && file === undefined) throw new UsageError('--update-baseline needs --baseline FILE');
  const baseline = file !== undefined && !(update && !existsSync(file)) ? readBaseline(file) : undefined;
  return { baseline, update };
}

/** The profile a run's `--profile` names: a variant (linux) is the largest profile with the family's known variations. */
export function profileOf(value: string | undefined): {
  variant: Variant | undefined;
  profile: Profile;
  included: readonly Profile[];
} {
  const chosen = oneOf(value, [...PROFILES, ...VARIANTS], '--profile', 'memo');
  const variant = VARIANTS.find((v) => v === chosen);
  const profile = variant ? PROFILES[PROFILES.length - 1]! : (chosen as Profile);
  return { variant, profile, included: profilesUpTo(profile) };
}

/** Where the run's notes go: a machine-readable report on stdout owns stdout; everything else goes to stderr. */
export function infoFor(reporter: ReporterName, output: string | undefined, io: Io): (line: string) => void {
  return (line) => (reporter === 'spec' || output !== undefined ? io.stdout : io.stderr).write(`${line}\n`);
}

/** The digest that names a run's cases, in order: the shards of one run share it. */
export function planDigest(cases: readonly TestCase[]): string {
  return createHash('sha256')
    .update(cases.map((c) => c.id).join('\n'))
    .digest('hex');
}

/** What the ordered run gave: mocha's records (before blame is settled) and each case as the harness left it. */
interface Played {
  readonly records: TestRecord[];
  readonly cases: Omit<CaseData, 'order'>[];
}

interface PlayOptions {
  /** The tests, in the run's order. */
  readonly cases: readonly TestCase[];
  readonly included: readonly Profile[];
  readonly rules: readonly RuleText[];
  readonly lang: Lang;
  readonly reporter: ReporterName;
  /** The terminal reporter lists every test, not one line per suite. */
  readonly verbose?: boolean;
  /** Each case's result: from a worker (run), or read back from a report (merge-reports). */
  readonly source: (tc: TestCase) => Promise<Timed>;
}

/**
 * The run as mocha and its reporters see it: one test after another in the run's order, each
 * with its case's verdict as `source` gives it.
 */
export async function playRun(o: PlayOptions): Promise<Played> {
  const records: TestRecord[] = [];
  const cases: Omit<CaseData, 'order'>[] = [];
  const durations = new WeakMap<object, number>();
  const mocha = new Mocha({
    reporter: o.reporter === 'spec' ? Progress : Silent,
    reporterOptions: { lang: o.lang, verbose: o.verbose === true } satisfies ProgressOptions,
    timeout: 10 * 60_000,
  });
  addSuites(mocha, o.cases, o.included, async (test, tc) => {
    let timed: Timed;
    try {
      timed = await o.source(tc);
    } catch (err) {
      cases.push({ id: tc.id, durationMs: 0, error: (err as Error).stack ?? String(err) });
      throw err;
    }
    const { testCase: _, ...result } = timed.result;
    cases.push({ id: tc.id, durationMs: timed.ms, result });
    if (test.test) durations.set(test.test, timed.ms);
    reportVerdict(test, timed.result, o.lang, o.rules);
  });
  await new Promise<void>((done) => {
    const runner = mocha.run(() => done());
    const record = (test: Mocha.Test, state: TestRecord['state'], err?: Error) => {
      const result = resultOf(test);
      records.push({
        suite: test.parent?.title ?? '',
        title: test.title,
        fullTitle: test.fullTitle(),
        file: test.file,
        durationMs: durations.get(test) ?? test.duration ?? 0,
        state,
        result,
        ...(err && !result ? { error: err.stack ?? err.message } : {}),
      });
    };
    runner.on('pass', (test) => record(test, 'passed'));
    runner.on('fail', (test, err) => record(test as Mocha.Test, 'failed', err));
    runner.on('pending', (test) => record(test, 'pending'));
  });
  // Mocha leaves its process listeners (uncaughtException, unhandledRejection) until disposed.
  mocha.dispose();
  return { records, cases };
}

interface WriteOptions {
  readonly included: readonly Profile[];
  /** The spec's rules, with the profile that introduced each. */
  readonly rules: readonly (RuleText & { readonly source: string })[];
  readonly lang: Lang;
  readonly reporter: ReporterName;
  readonly output: string | undefined;
  readonly io: Io;
  readonly spec: () => Promise<Spec>;
  readonly start: Date;
  readonly end: Date;
  readonly data: RunData;
  /** An earlier run to compare with (`--baseline`): only what got worse fails. */
  readonly baseline?: Baseline;
  /** `--update-baseline`: write this run's JSON report to this file. */
  readonly updateBaseline?: string;
  /** The command that runs one case of this run again, for the run's last lines. */
  readonly rerun?: (caseId: string) => string;
}

/** Settle blame over the whole run, then write the report the reporter asks for; the exit code. */
export async function writeRun(played: Played, o: WriteOptions): Promise<number> {
  const info = infoFor(o.reporter, o.output, o.io);
  // Over the whole run, choose whom each ambiguous failure blames; the reports say the same.
  const settled = await settleBlame(
    played.records.map((r) => r.result).filter((r): r is CaseResult => r !== undefined),
    { spec: o.spec },
  );
  const byCase = new Map(settled.map((r) => [r.testCase, r]));
  const records = played.records.map((r) => (r.result ? { ...r, result: byCase.get(r.result.testCase) } : r));
  const results = settled;
  // Every test must have run through this run's harness; if not, its verdict is not about this implementation.
  const unaccounted = records.filter((r) => !r.result && !r.error);
  if (unaccounted.length > 0)
    throw new Error(
      `internal: ${unaccounted.length} test(s) ran outside this run's harness, e.g. "${unaccounted[0]!.title}"`,
    );
  // The rules of the profiles run: a rule's source is the profile that introduced it.
  const scores = scorecard(
    o.rules.filter((r) => (o.included as readonly string[]).includes(r.source)).map((r) => r.id),
    results,
  );
  let report: RunReport = {
    tool: 'tcpconform',
    adapter: o.data.adapter,
    lang: o.lang,
    start: o.start,
    end: o.end,
    records,
    scores,
    rules: RULES,
    knownVariations: o.data.knownVariations,
    data: o.data,
  };
  const diff = o.baseline ? compareToBaseline(o.baseline, report) : undefined;
  if (diff) report = { ...report, baseline: diff };
  const causes = groupByCause(records);
  if (o.reporter === 'spec') {
    for (const line of [...causeBlocks(report, causes), ...totals(report, causes), '']) info(line);
    summarize(report, info);
    info('');
    info(formatScorecard(scores, o.lang));
  } else if (o.output === undefined) {
    o.io.stdout.write(WRITERS[o.reporter](report));
  }
  if (o.output !== undefined) {
    const text = o.reporter === 'spec' ? WRITERS.json(report) : WRITERS[o.reporter](report);
    writeFileSync(o.output, text);
    info(`report written to ${o.output}`);
  }
  if (diff) for (const line of formatBaselineDiff(diff, o.lang)) info(line);
  if (o.updateBaseline !== undefined) {
    // The new baseline is this run's JSON report, whatever the reporter; writing it accepts this run.
    // Without the run's raw results (merge-reports' data): a baseline compares verdicts, and is
    // kept in a repository, where its diff is the review of what changed.
    const { data: _, ...verdicts } = report;
    writeFileSync(o.updateBaseline, WRITERS.json(verdicts));
    info(render(t('baseline.updated', { file: o.updateBaseline, n: records.length }), o.lang));
  }
  // The last lines: what to do next.
  if (o.reporter === 'spec') for (const line of ['', ...nextSteps(report, causes, o.rerun)]) info(line);
  if (o.updateBaseline !== undefined) return EXIT.ok;
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
