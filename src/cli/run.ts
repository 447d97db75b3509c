/**
 * `tcpconform run [--adapter reference | --module PATH] [--grep PATTERN] [--reporter spec|json] [--seed N]`
 *
 * Makes sure the generated suite matches the spec (regenerating it if not), then runs it
 * with mocha against the chosen adapter and ends with the per-rule scorecard.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { generate } from '../../generator/index.js';
import { compareWithDisk, writeFiles } from '../../generator/write.js';
import type { Adapter } from '../adapter.js';
import { ReferenceAdapter } from '../adapters/reference.js';
import { loadModuleAdapter } from '../adapters/module.js';
import { setRunContext, type RunContext } from '../harness/context.js';
import { formatScorecard, scorecard } from '../report/scorecard.js';
import { DEFAULT_OUT_DIR, DEFAULT_SPEC_DIR, shown } from './paths.js';
import { EXIT, integer, oneOf, parse, UsageError } from './usage.js';

const REPORTERS = ['spec', 'json'] as const;
const ADAPTERS = ['reference'] as const;

export async function runCommand(args: string[]): Promise<number> {
  const opts = parse(args, {
    adapter: { type: 'string' },
    module: { type: 'string' },
    grep: { type: 'string' },
    reporter: { type: 'string' },
    seed: { type: 'string' },
  });
  const reporter = oneOf(opts.reporter, REPORTERS, '--reporter', 'spec');
  const adapterName = oneOf(opts.adapter, ADAPTERS, '--adapter', 'reference');
  const seed = integer(opts.seed, '--seed');
  const grep = opts.grep !== undefined ? toRegExp(opts.grep) : undefined;
  // Machine-readable reporters own stdout; everything else goes to stderr.
  const info = (line: string) => (reporter === 'spec' ? process.stdout : process.stderr).write(`${line}\n`);

  const g = generate(DEFAULT_SPEC_DIR);
  if (compareWithDisk(g.files, DEFAULT_OUT_DIR).length > 0) {
    writeFiles(g.files, DEFAULT_OUT_DIR);
    info(`regenerated ${shown(DEFAULT_OUT_DIR)} from ${shown(DEFAULT_SPEC_DIR)}`);
  }

  if (opts.module !== undefined && opts.adapter !== undefined) throw new UsageError('--module and --adapter are alternatives; give one');
  const adapter: Adapter =
    opts.module !== undefined ? await loadModuleAdapter(opts.module) : adapterName === 'reference' ? new ReferenceAdapter(seed !== undefined ? { seed } : {}) : unreachable(adapterName);
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

function unreachable(x: never): never {
  throw new UsageError(`unknown adapter ${String(x)}`);
}
