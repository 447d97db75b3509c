/**
 * `tcpconform mutate [--spec DIR] [--profile memo|rfc9293] [--no-state-query] [--no-code] [--kills] [--output FILE]`
 *
 * How strong the suite is, measured: spec mutants (one planted fault in one transition, each
 * run as an interpreted reference) against the generated suite and a happy-path baseline,
 * then code mutants (Stryker on the code that judges implementations). Exits 1 when a spec mutant that some
 * test could kill survives: that is a missing test, to be added through the plan.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readSpec } from '../../generator/index.js';
import { PROFILES, type Profile } from '../../core/case.js';
import { formatCodeMutants, runCodeMutants, type CodeMutantsResult } from '../mutate/code-mutants.js';
import { formatProfile, specScoreLine } from '../mutate/format.js';
import { mutateProfile, tally, type ProfileMutation } from '../mutate/mutate-spec.js';
import { PACKAGE_ROOT } from '../../core/package-root.js';
import type { Io } from './io.js';
import { DEFAULT_SPEC_DIR } from './paths.js';
import { casesOf } from './plan.js';
import { EXIT, parse, UsageError } from './usage.js';

export async function mutateCommand(args: string[], io: Io): Promise<number> {
  const opts = parse(args, {
    spec: { type: 'string' },
    profile: { type: 'string' },
    'no-state-query': { type: 'boolean' },
    'no-code': { type: 'boolean' },
    kills: { type: 'boolean' },
    output: { type: 'string' },
  });
  if (opts.profile !== undefined && !(PROFILES as readonly string[]).includes(opts.profile)) {
    throw new UsageError(
      `--profile must be one of ${PROFILES.join(', ')} (default: all of them), got "${opts.profile}"`,
    );
  }
  const profiles = opts.profile ? [opts.profile as Profile] : PROFILES;
  const stateQuery = opts['no-state-query'] !== true;
  const say = (line: string) => io.stdout.write(`${line}\n`);

  const specDir = opts.spec ? resolve(opts.spec) : DEFAULT_SPEC_DIR;
  const spec = readSpec(specDir);
  const cases = await casesOf(specDir, PROFILES);
  const results: ProfileMutation[] = [];
  for (const profile of profiles) {
    const r = await mutateProfile(spec, cases, profile, { stateQuery });
    results.push(r);
    formatProfile(r, opts.kills === true).forEach(say);
    say('');
  }
  // Stryker measures this package's own tests of its judging code, which no spec changes: a
  // spec of one's own skips it.
  const code: CodeMutantsResult | undefined =
    opts['no-code'] || opts.spec ? undefined : await runCodeMutants({ root: PACKAGE_ROOT });
  if (code) {
    say('code mutants (Stryker on the code that judges implementations):');
    (code.ran ? formatCodeMutants(code).slice(0, -1) : [code.message]).forEach((l) => {
      say(`  ${l}`);
    });
  }
  if (opts.output !== undefined) writeFileSync(opts.output, `${JSON.stringify(jsonOf(results, code), null, 2)}\n`);
  say(specScoreLine(results));
  say(
    code === undefined
      ? 'code mutants: not run'
      : code.ran
        ? `code mutants: score ${code.score.toFixed(2)}%`
        : 'code mutants: not run',
  );
  return results.some((r) => tally(r.outcomes).gaps > 0) ? EXIT.failures : EXIT.ok;
}

function jsonOf(results: readonly ProfileMutation[], code: CodeMutantsResult | undefined) {
  return {
    spec: results.map((r) => ({
      profile: r.profile,
      stateQuery: r.stateQuery,
      cases: r.cases,
      baselineCases: r.baselineCases,
      faultModel: r.faultModel,
      ...tally(r.outcomes),
      mutants: r.outcomes.map((o) => ({
        id: o.mutant.id,
        kind: o.mutant.kind,
        where: o.mutant.where,
        description: o.mutant.description,
        killedBy: o.killedBy,
        baselineKills: o.baselineKills,
        ...(o.equivalent ? { equivalent: o.equivalent } : {}),
      })),
    })),
    ...(code ? { code } : {}),
  };
}
