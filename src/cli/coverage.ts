/**
 * `tcpconform coverage [--spec DIR] [--profile memo|rfc9293] [--format text|markdown] [--output FILE]`
 * `tcpconform coverage --state NAME [--spec DIR] [--profile memo|rfc9293] [--output FILE]`
 * `tcpconform coverage --requirements [--spec DIR] [--profile memo|rfc9293] [--format text|markdown|json] [--output FILE]`
 *
 * Exits 1 when the rfc9293 profile, which claims the whole state machine, has a gap (in the
 * state, with --state). The memo profile covers the normal path only, so its gaps are
 * expected. With --state the profile defaults to the largest, so every transition shows;
 * so it does with --requirements (every RFC 9293 label, and the tests that check it), which
 * reports and never fails: an in-scope label no transition names shows as "not covered".
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { coverage, coverageMarkdown, coverageText } from '../../generator/coverage.js';
import { stateCoverage, stateCoverageText } from '../../generator/coverage-state.js';
import {
  requirementsCoverage,
  requirementsJson,
  requirementsMarkdown,
  requirementsText,
} from '../../generator/coverage-requirements.js';
import { didYouMean } from '../../core/spec/errors.js';
import { readSpec } from '../../generator/index.js';
import { PROFILES } from '../../core/case.js';
import type { Io } from './io.js';
import { DEFAULT_SPEC_DIR } from './paths.js';
import { casesOf } from './plan.js';
import { EXIT, oneOf, parse, UsageError } from './usage.js';

export async function coverageCommand(args: string[], io: Io): Promise<number> {
  const opts = parse(args, {
    spec: { type: 'string' },
    profile: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
    state: { type: 'string' },
    requirements: { type: 'boolean' },
  });
  const state = opts.state;
  if (state !== undefined && opts.requirements)
    throw new UsageError('--state and --requirements are two different reports: give one');
  const whole = state === undefined && !opts.requirements;
  const profile = oneOf(opts.profile, PROFILES, '--profile', whole ? 'memo' : PROFILES.at(-1)!);
  const format = oneOf(
    opts.format,
    opts.requirements ? (['text', 'markdown', 'json'] as const) : (['text', 'markdown'] as const),
    '--format',
    'text',
  );
  if (state !== undefined && opts.format !== undefined)
    throw new UsageError('--state prints text; --format is for the table of every state');
  const specDir = opts.spec ? resolve(opts.spec) : DEFAULT_SPEC_DIR;
  const spec = readSpec(specDir);
  if (state !== undefined && !spec.states.some((s) => s.name === state))
    throw new UsageError(
      `--state: unknown state "${state}"${didYouMean(
        state,
        spec.states.map((s) => s.name),
      )}`,
    );
  const cases = await casesOf(specDir, PROFILES);
  if (opts.requirements) {
    const report = requirementsCoverage(spec, cases, profile);
    const text =
      format === 'json'
        ? requirementsJson(report)
        : format === 'markdown'
          ? requirementsMarkdown(report)
          : requirementsText(report);
    if (opts.output === undefined) io.stdout.write(text);
    else {
      writeFileSync(opts.output, text);
      io.stdout.write(`wrote ${opts.output}: ${report.requirements.length} requirement labels\n`);
    }
    return EXIT.ok;
  }
  let text: string;
  let gaps: number;
  if (state !== undefined) {
    const sc = stateCoverage(spec, cases, state, profile);
    text = stateCoverageText(sc);
    gaps = sc.inputs.reduce((n, i) => n + i.gaps.length, 0);
  } else {
    const cov = coverage(spec, cases, profile);
    text = format === 'markdown' ? coverageMarkdown(cov) : coverageText(cov);
    gaps = cov.gaps.length;
  }
  if (opts.output !== undefined) {
    writeFileSync(opts.output, text);
    io.stdout.write(`wrote ${opts.output}: ${gaps} gap(s)\n`);
  } else {
    io.stdout.write(text);
  }
  return profile === 'rfc9293' && gaps > 0 ? EXIT.failures : EXIT.ok;
}
