/**
 * `run`'s mocha suites, built from the plan's cases (core/case.ts) rather than by loading the
 * generated test files: the cases are data, so this works as well from the compiled package
 * as from the sources, and right after a spec change regenerated generated/. One describe per
 * spec file and profile, the cases in plan order.
 */
import { basename } from 'node:path';
import Mocha from 'mocha';
import type { Profile, TestCase } from '../../core/case.js';
import { distance } from '../../core/expr/check.js';
import { runConformanceCase } from '../harness/context.js';
import type { RuleText } from '../harness/format.js';
import { UsageError } from './usage.js';

/**
 * Add a describe per spec file of each profile, in the order of `profiles`, to mocha's root
 * suite; a failure quotes the spec's `rules`.
 */
export function addSuites(
  mocha: Mocha,
  cases: readonly TestCase[],
  profiles: readonly Profile[],
  rules: readonly RuleText[],
): void {
  for (const profile of profiles) {
    const byFile = new Map<string, TestCase[]>();
    for (const c of cases.filter((x) => x.profile === profile)) {
      const file = specFileOf(c);
      byFile.set(file, [...(byFile.get(file) ?? []), c]);
    }
    for (const [file, group] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
      const name = basename(file).replace(/\.ya?ml$/, '');
      const suite = Mocha.Suite.create(mocha.suite, `${name} (${file}, ${profile} profile)`);
      for (const tc of group) {
        const test = new Mocha.Test(tc.title, async function (this: Mocha.Context) {
          await runConformanceCase(this, tc, rules);
        });
        // Where the case comes from: the spec transition (file:line) that a report can point to.
        test.file = tc.source;
        suite.addTest(test);
      }
    }
  }
}

/** The spec file of a case's transition ("spec/teardown.yaml" of "spec/teardown.yaml:12"). */
function specFileOf(c: TestCase): string {
  return c.source.replace(/:\d+$/, '');
}

/**
 * `--case ID`: the one case with exactly that ID. An unknown ID is a usage error naming the
 * closest IDs, and the profile to add when the ID is in a larger one (`others`).
 */
export function oneCase(cases: readonly TestCase[], id: string, others: readonly TestCase[]): TestCase {
  const found = cases.find((c) => c.id === id);
  if (found) return found;
  const elsewhere = others.find((c) => c.id === id);
  if (elsewhere)
    throw new UsageError(
      `--case ${id} is a case of the ${elsewhere.profile} profile: add --profile ${elsewhere.profile}`,
    );
  const closest = cases
    .map((c) => ({ id: c.id, d: distance(c.id, id) }))
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
    .slice(0, 3)
    .map((c) => `"${c.id}"`);
  throw new UsageError(`--case: no case "${id}"${closest.length > 0 ? `; closest: ${closest.join(', ')}` : ''}`);
}
