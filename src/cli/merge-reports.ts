/**
 * `tcpconform merge-reports A.json B.json … [--reporter R] [--output F] [--lang L] [--baseline
 * B [--update-baseline]]`: the JSON reports of a run's shards (`run --shard I/N --reporter
 * json`), as one run of the whole would have reported it, in any reporter, and against a
 * baseline as run compares. Each report carries its cases' results as the harness
 * gave them (its `run` field); they are played again through the run's own mocha suites and
 * reporters, in the whole run's order, and blame is settled over all of them at once.
 *
 * The reports must be of one run: the same spec, profile, implementation, judging flags and
 * cases (all shards compute the same split), together covering every test exactly once.
 * Anything else is a usage error (exit 2) naming the file and what is wrong.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Spec } from '../../core/spec/types.js';
import type { TestCase } from '../../core/case.js';
import { RULES } from '../../generated/spec-data.js';
import { inputsDigest } from '../../generator/inputs.js';
import type { Timed } from '../harness/pool.js';
import type { CaseResult } from '../harness/run-case.js';
import { LANGS } from '../i18n/text.js';
import { parseReport, RUN_DATA_FORMAT, type CaseData, type RunData } from '../report/run-data.js';
import type { Io } from './io.js';
import { DEFAULT_SPEC_DIR } from './paths.js';
import { baselineOption, playRun, profileOf, REPORTERS, writeRun } from './run.js';
import { casesFor, casesOf } from './plan.js';
import { oneOf, parseWithFiles, UsageError } from './usage.js';

/** The envelope of a report's `run` field; the results inside are the harness's own. */
const RunDataShape = z.object({
  format: z.literal(RUN_DATA_FORMAT),
  spec: z.string(),
  profile: z.string(),
  adapter: z.string(),
  judging: z.array(z.string()),
  knownVariations: z.array(z.object({ id: z.string(), variant: z.string(), source: z.string(), why: z.string() })),
  planFor: z.object({
    parameters: z.record(z.string(), z.number()).optional(),
    avoid: z
      .array(
        z.object({
          call: z.enum(['listen', 'connect', 'send', 'close', 'abort']),
          state: z.string(),
          role: z.enum(['client', 'server', 'none']),
        }),
      )
      .optional(),
  }),
  plan: z.string(),
  tests: z.number().int().nonnegative(),
  shard: z.object({ index: z.number().int(), count: z.number().int() }).optional(),
  cases: z.array(
    z.object({
      order: z.number().int().nonnegative(),
      id: z.string(),
      durationMs: z.number(),
      result: z.looseObject({ verdict: z.looseObject({ status: z.string() }) }).optional(),
      error: z.string().optional(),
    }),
  ),
});

/** What must be the same in every report of one run, and how to say it. */
const SAME: readonly [keyof RunData, string][] = [
  ['spec', 'spec'],
  ['profile', 'profile'],
  ['adapter', 'implementation'],
  ['judging', 'judging flags'],
  ['knownVariations', 'known variations'],
  ['plan', 'cases (digest)'],
];

export async function mergeReportsCommand(args: string[], io: Io): Promise<number> {
  const { values: opts, files } = parseWithFiles(args, {
    reporter: { type: 'string' },
    output: { type: 'string' },
    lang: { type: 'string' },
    baseline: { type: 'string' },
    'update-baseline': { type: 'boolean' },
  });
  if (files.length === 0) throw new UsageError('merge-reports needs the JSON reports to merge (run --reporter json)');
  const reporter = oneOf(opts.reporter, REPORTERS, '--reporter', 'spec');
  const lang = oneOf(opts.lang, LANGS, '--lang', 'en');
  const { baseline, update } = baselineOption(opts.baseline, opts['update-baseline']);
  const reports = files.map((file) => ({ file, ...readReport(file) }));
  const first = reports[0]!;
  for (const r of reports.slice(1))
    for (const [key, what] of SAME)
      if (JSON.stringify(r.data[key]) !== JSON.stringify(first.data[key]))
        throw new UsageError(
          `${r.file}: a report of another run than ${first.file}: ${what} ${differing(r.data[key], first.data[key])}`,
        );
  if (first.data.spec !== inputsDigest(DEFAULT_SPEC_DIR).trim())
    throw new UsageError(
      `${first.file}: made from another spec or tcpconform than this one (spec digest ${first.data.spec.slice(0, 12)}…): merge with the tcpconform that ran it`,
    );
  const byOrder = new Map<number, { file: string; c: CaseData }>();
  for (const r of reports)
    for (const c of r.data.cases) {
      const seen = byOrder.get(c.order);
      if (seen)
        throw new UsageError(
          `${r.file}: test ${c.order + 1} [${c.id}] is also in ${seen.file}: the reports overlap (the same shard twice?)`,
        );
      byOrder.set(c.order, { file: r.file, c });
    }
  if (byOrder.size !== first.data.tests) {
    const shards = reports.map((r) => (r.data.shard ? `${r.data.shard.index}/${r.data.shard.count}` : 'whole'));
    throw new UsageError(
      `the reports hold ${byOrder.size} of the run's ${first.data.tests} tests (shards ${shards.join(', ')}): a shard is missing`,
    );
  }
  const cases = [...byOrder].sort(([a], [b]) => a - b).map(([, { c }]) => c);
  const stored = new Map(cases.map((c) => [c.id, c]));
  const source = async (tc: TestCase): Promise<Timed> => {
    const c = stored.get(tc.id)!;
    if (c.result) return { result: { ...c.result, testCase: tc } as CaseResult, ms: c.durationMs };
    const err = new Error(c.error);
    err.stack = c.error ?? '';
    throw err;
  };
  const { profile, included } = profileOf(first.data.profile);
  // The cases as the run planned them: for the implementation, else (a --case the plan for it
  // lacks) the spec's own plan, which the run fell back to.
  const [forIt, planned] = await Promise.all([
    casesFor(DEFAULT_SPEC_DIR, included, first.data.planFor),
    casesOf(DEFAULT_SPEC_DIR, included),
  ]);
  const known = new Map([...planned, ...forIt].map((c) => [c.id, c]));
  const testCases = cases.map((c) => {
    const tc = known.get(c.id);
    if (!tc) throw new UsageError(`${byOrder.get(c.order)!.file}: no case "${c.id}" in this spec's plan`);
    return tc;
  });
  let model: Promise<Spec> | undefined;
  const spec = () =>
    (model ??= (async () => {
      const [{ readSpec }, { profileView }] = await Promise.all([
        import('../../generator/index.js'),
        import('../../core/spec/profiles.js'),
      ]);
      return profileView(readSpec(DEFAULT_SPEC_DIR), profile);
    })());
  const played = await playRun({ cases: testCases, included, rules: RULES, lang, reporter, source });
  const { shard: _, ...whole } = first.data;
  return writeRun(played, {
    included,
    rules: RULES,
    lang,
    reporter,
    output: opts.output,
    io,
    spec,
    // The merged run began with its first shard and ended with its last.
    start: new Date(Math.min(...reports.map((r) => r.start.getTime()))),
    end: new Date(Math.max(...reports.map((r) => r.end.getTime()))),
    data: { ...whole, cases },
    ...(baseline ? { baseline } : {}),
    ...(update ? { updateBaseline: opts.baseline! } : {}),
  });
}

/** How `mine` differs from `theirs`: both values, or for lists of declarations the IDs only one has. */
function differing(mine: unknown, theirs: unknown): string {
  if (Array.isArray(mine) && Array.isArray(theirs) && mine.some((x) => typeof x === 'object')) {
    const ids = (xs: unknown[]) => xs.map((x) => JSON.stringify(x));
    const only = (xs: unknown[], ys: unknown[]) =>
      xs.filter((x) => !ids(ys).includes(JSON.stringify(x))).map((x) => (x as { id: string }).id);
    return `differ (only here: ${only(mine, theirs).join(' ') || 'none'}; only there: ${only(theirs, mine).join(' ') || 'none'})`;
  }
  return `${show(mine)}, not ${show(theirs)}`;
}

function show(v: unknown): string {
  if (Array.isArray(v)) return v.join(' ') || 'none';
  // A digest: enough of it to tell two apart.
  return typeof v === 'string' && /^[0-9a-f]{64}$/.test(v) ? `${v.slice(0, 12)}…` : String(v);
}

/** A report's run data and times, or a usage error saying why the file is not one. */
function readReport(file: string): { data: RunData; start: Date; end: Date } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${file}: cannot read it: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let json: unknown;
  try {
    json = parseReport(text);
  } catch (err) {
    const message = (err as Error).message.split('\n')[0]!;
    throw new UsageError(`${file}${where(text, message)}: not JSON: ${message}`);
  }
  const report = json as { run?: unknown; stats?: { start?: unknown; end?: unknown } };
  if (typeof report !== 'object' || report === null || report.run === undefined)
    throw new UsageError(
      `${file}: not a report of \`tcpconform run --reporter json\` (it has no "run" field with the run's results)`,
    );
  const parsed = RunDataShape.safeParse(report.run);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${file}: run.${issue.path.join('.')}: ${issue.message}`);
  }
  const start = new Date(String(report.stats?.start));
  const end = new Date(String(report.stats?.end));
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()))
    throw new UsageError(`${file}: stats.start and stats.end must be the run's times`);
  return { data: parsed.data as unknown as RunData, start, end };
}

/** ":line:col" of the position a JSON error names, when it names one. */
function where(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return '';
  const before = text.slice(0, Number(m[1]));
  const lines = before.split('\n');
  return `:${lines.length}:${lines[lines.length - 1]!.length + 1}`;
}
