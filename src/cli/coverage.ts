/**
 * `tcpconform coverage [--spec DIR] [--profile memo|rfc9293] [--format text|markdown] [--output FILE]`
 *
 * Exits 1 when the rfc9293 profile, which claims the whole state machine, has a gap. The
 * memo profile covers the normal path only, so its gaps are expected.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { coverage, coverageMarkdown, coverageText } from '../../generator/coverage.js';
import { readSpec } from '../../generator/index.js';
import { PROFILES } from '../../core/case.js';
import { DEFAULT_SPEC_DIR } from './paths.js';
import { casesOf } from './plan.js';
import { EXIT, oneOf, parse } from './usage.js';

export async function coverageCommand(args: string[]): Promise<number> {
  const opts = parse(args, {
    spec: { type: 'string' },
    profile: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
  });
  const profile = oneOf(opts.profile, PROFILES, '--profile', 'memo');
  const format = oneOf(opts.format, ['text', 'markdown'] as const, '--format', 'text');
  const specDir = opts.spec ? resolve(opts.spec) : DEFAULT_SPEC_DIR;
  const spec = readSpec(specDir);
  const cov = coverage(spec, await casesOf(specDir, PROFILES), profile);
  const text = format === 'markdown' ? coverageMarkdown(cov) : coverageText(cov);
  if (opts.output !== undefined) {
    writeFileSync(opts.output, text);
    process.stdout.write(`wrote ${opts.output}: ${cov.gaps.length} gap(s)\n`);
  } else {
    process.stdout.write(text);
  }
  return profile === 'rfc9293' && cov.gaps.length > 0 ? EXIT.failures : EXIT.ok;
}
