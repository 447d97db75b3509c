/**
 * `tcpconform run [--adapter reference | --module PATH | --exec CMD | --connect HOST:PORT] [--timeout MS]
 *                 [--grep PATTERN] [--reporter spec|json] [--seed N]`
 *
 * Makes sure the generated suite matches the spec (regenerating it if not), then runs it
 * with mocha against the chosen adapter and ends with the per-rule scorecard.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { generate } from '../../generator/index.js';
import { compareWithDisk, writeFiles } from '../../generator/write.js';
import { chooseAdapter } from './choose-adapter.js';
import { setRunContext, type RunContext } from '../harness/context.js';
import { formatScorecard, scorecard } from '../report/scorecard.js';
import { DEFAULT_OUT_DIR, DEFAULT_SPEC_DIR, shown } from './paths.js';
import { EXIT, integer, oneOf, parse, UsageError } from './usage.js';

const REPORTERS = ['spec', 'json'] as const;

export async function runCommand(args: string[]): Promise<number> {
  const opts = parse(args, {
    adapter: { type: 'string' },
    module: { type: 'string' },
    exec: { type: 'string' },
    connect: { type: 'string' },
    timeout: { type: 'string' },
    grep: { type: 'string' },
    reporter: { type: 'string' },
    seed: { type: 'string' },
  });
  const reporter = oneOf(opts.reporter, REPORTERS, '--reporter', 'spec');
  const seed = integer(opts.seed, '--seed');
  const grep = opts.grep !== undefined ? toRegExp(opts.grep) : undefined;
  // Machine-readable reporters own stdout; everything else goes to stderr.
  const info = (line: string) => (reporter === 'spec' ? process.stdout : process.stderr).write(`${line}\n`);

  const g = generate(DEFAULT_SPEC_DIR);
  if (compareWithDisk(g.files, DEFAULT_OUT_DIR).length > 0) {
    writeFiles(g.files, DEFAULT_OUT_DIR);
    info(`regenerated ${shown(DEFAULT_OUT_DIR)} from ${shown(DEFAULT_SPEC_DIR)}`);
  }

  const timeoutMs = integer(opts.timeout, '--timeout') ?? 2000;
  if (timeoutMs <= 0) throw new UsageError('--timeout must be at least 1 ms');
  const adapter = await chooseAdapter({ ...opts, seed, timeoutMs });
  // Ctrl-C: stop the implementation we started before going.
  const interrupted = () => {
    void adapter.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const ctx: RunContext = { adapter, results: [] };
  setRunContext(ctx);
  try {
    const mocha = new Mocha({ reporter, timeout: 60_000, ...(grep ? { grep } : {}) });
    const suiteDir = join(DEFAULT_OUT_DIR, 'suite');
    for (const f of readdirSync(suiteDir).filter((n) => n.endsWith('.test.ts')).sort()) mocha.addFile(join(suiteDir, f));
    await mocha.loadFilesAsync();
    const failures = await new Promise<number>((done) => mocha.run(done));
    summarize(ctx, g.spec.rules.map((r) => r.id), info);
    return failures > 0 ? EXIT.failures : EXIT.ok;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    setRunContext(undefined);
    await adapter.close();
  }
}

function summarize(ctx: RunContext, rules: readonly string[], info: (line: string) => void): void {
  const pending = ctx.results.filter((r) => r.verdict.status === 'pending');
  const reasons = new Map<string, number>();
  for (const r of pending) if (r.verdict.status === 'pending') reasons.set(r.verdict.reason, (reasons.get(r.verdict.reason) ?? 0) + 1);
  for (const [reason, n] of reasons) info(`${n} test(s) ${reason}`);
  info('');
  info(formatScorecard(scorecard(rules, ctx.results)));
}

function toRegExp(pattern: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch (err) {
    throw new UsageError(`--grep: ${(err as Error).message}`);
  }
}

