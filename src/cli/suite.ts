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
import { UsageError } from './usage.js';

/**
 * Add a describe per spec file of each profile, in the order of `profiles`, to mocha's root
 * suite; each case's test is `body` (which gives it the case's verdict).
 */
export function addSuites(
  mocha: Mocha,
  cases: readonly TestCase[],
  profiles: readonly Profile[],
  body: (test: Mocha.Context, tc: TestCase) => Promise<void>,
): void {
  let suite: Mocha.Suite | undefined;
  for (const tc of runOrder(cases, profiles)) {
    if (suite?.title !== suiteTitle(tc)) suite = Mocha.Suite.create(mocha.suite, suiteTitle(tc));
    const test = new Mocha.Test(tc.title, async function (this: Mocha.Context) {
      await body(this, tc);
    });
    // Where the case comes from: the spec transition (file:line) that a report can point to.
    test.file = tc.source;
    suite.addTest(test);
  }
}

/** The title of the describe a case's test is in: its spec file and profile. */
function suiteTitle(c: TestCase): string {
  const file = specFileOf(c);
  return `${basename(file).replace(/\.ya?ml$/, '')} (${file}, ${c.profile} profile)`;
}

/** The test's full title, as mocha gives it (`--grep` matches this): the describe's title, then the case's. */
export function fullTitle(c: TestCase): string {
  return `${suiteTitle(c)} ${c.title}`;
}

/**
 * The cases as mocha would run them: by profile in the order of `profiles`, then by spec file,
 * each file's in plan order. The order of every run's tests and reports, and of a parallel
 * run's workers.
 */
export function runOrder(cases: readonly TestCase[], profiles: readonly Profile[]): TestCase[] {
  return profiles.flatMap((p) => {
    const mine = cases.filter((c) => c.profile === p);
    const files = [...new Set(mine.map(specFileOf))].sort((a, b) => a.localeCompare(b));
    return files.flatMap((f) => mine.filter((c) => specFileOf(c) === f));
  });
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
