/**
 * `tcpconform fuzz`: random walks checked step by step against the reference as the model.
 * Exit 0 when every walk passes, 1 with each failure group's shrunk walk when one fails, 2 on
 * bad usage. `--keep-going` runs the whole budget (`--runs`, `--time`) past failures.
 */
import { PROFILES } from '../../core/case.js';
import { readSpec } from '../../generator/index.js';
import { DEFAULT_SPEC_DIR } from './paths.js';
import { LANGS } from '../i18n/text.js';
import { fuzz } from '../fuzz/run.js';
import { formatFailed, formatPassed } from '../fuzz/report.js';
import { fuzzJson } from '../fuzz/json.js';
import { ADAPTER_OPTIONS, openAdapters, withAdapters } from './choose-adapter.js';
import type { Io } from './io.js';
import { EXIT, integer, oneOf, parse, UsageError } from './usage.js';

const ADAPTER_FLAGS = ['adapter', 'module', 'exec', 'connect'] as const;

export async function fuzzCommand(args: string[], io: Io): Promise<number> {
  const opts = parse(args, {
    ...ADAPTER_OPTIONS,
    profile: { type: 'string' },
    runs: { type: 'string' },
    time: { type: 'string' },
    'keep-going': { type: 'boolean' },
    jobs: { type: 'string' },
    steps: { type: 'string' },
    seed: { type: 'string' },
    replay: { type: 'string' },
    reporter: { type: 'string' },
    lang: { type: 'string' },
  });
  const profile = oneOf(opts.profile, PROFILES, '--profile', 'memo');
  const lang = oneOf(opts.lang, LANGS, '--lang', 'en');
  const reporter = oneOf(opts.reporter, ['text', 'json'] as const, '--reporter', 'text');
  const runs = positive(opts.runs, '--runs');
  const time = positive(opts.time, '--time');
  const keepGoing = opts['keep-going'] ?? false;
  const maxSteps = positive(opts.steps, '--steps') ?? 40;
  const jobs = positive(opts.jobs, '--jobs') ?? 1;
  const timeoutMs = positive(opts.timeout, '--timeout') ?? 2000;
  const seed = integer(opts.seed, '--seed', { signed: true });
  const replay = opts.replay !== undefined ? parseReplay(opts.replay) : undefined;
  if (replay && seed !== undefined)
    throw new UsageError('--seed and --replay are alternatives; the replay names its seed');
  if (replay && (runs !== undefined || time !== undefined || keepGoing))
    throw new UsageError('--replay runs one walk: it takes no --runs, --time or --keep-going');

  const adapters = await openAdapters(
    { adapter: opts.adapter, module: opts.module, exec: opts.exec, connect: opts.connect, timeoutMs },
    jobs,
    (line) => io.stderr.write(`${line}\n`),
  );
  const spec = readSpec(DEFAULT_SPEC_DIR);
  const outcome = await withAdapters(adapters, () =>
    fuzz(adapters, {
      spec,
      profile,
      runs,
      timeMs: time !== undefined ? time * 1000 : undefined,
      keepGoing,
      maxSteps,
      seed,
      replay,
    }),
  );
  const again = (path: string) =>
    [
      'tcpconform fuzz',
      ...ADAPTER_FLAGS.flatMap((f) => (opts[f] !== undefined ? [`--${f} ${shellQuote(opts[f])}`] : [])),
      `--profile ${profile}`,
      `--steps ${maxSteps}`,
      `--replay ${outcome.seed}:${path}`,
    ].join(' ');
  const failed = outcome.groups.length > 0;
  if (reporter === 'json')
    io.stdout.write(
      `${JSON.stringify(
        fuzzJson(outcome, profile, (g) => again(g.path), lang),
        null,
        2,
      )}\n`,
    );
  else if (!failed) io.stdout.write(`${formatPassed(outcome, profile, lang)}\n`);
  else io.stdout.write(`${formatFailed(outcome, profile, keepGoing, (g) => again(g.path), lang)}\n`);
  return failed ? EXIT.failures : EXIT.ok;
}

function positive(value: string | undefined, flag: string): number | undefined {
  const n = integer(value, flag);
  if (n === 0) throw new UsageError(`${flag} must be at least 1`);
  return n;
}

/** SEED:PATH as a failing run prints it, e.g. "-1234567:12:0:3". */
function parseReplay(value: string): { seed: number; path: string } {
  const m = /^(-?\d+):(\d+(?::\d+)*)$/.exec(value);
  if (!m) throw new UsageError(`--replay needs SEED:PATH as a failing fuzz run prints it, got "${value}"`);
  return { seed: Number(m[1]), path: m[2]! };
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
