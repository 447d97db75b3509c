/**
 * The baseline: a suite as a typical hand-written homework suite is, one test per memo rule
 * along the normal path (the first ordinary case that checks the rule: no wrap-around, no
 * small MSS, no timer or ISN over time, no boundary), checking each step's outputs (and the
 * state, if the implementation reports it) but never identifying states by further inputs.
 * Running the same mutants against it shows how much more the generated suite catches.
 */
import type { TestCase } from '../../core/case.js';

/** An ordinary case: `transition/role`, with no variant after it. */
const ORDINARY = /^[^/]+\/(client|server|none)$/;

export function happyPathSuite(cases: readonly TestCase[], memoRules: readonly string[]): TestCase[] {
  const ordinary = cases.filter((c) => c.profile === 'memo' && ORDINARY.test(c.id));
  const chosen: TestCase[] = [];
  for (const rule of memoRules) {
    if (chosen.some((c) => c.rules.includes(rule))) continue;
    const c = ordinary.find((x) => x.rules.includes(rule));
    if (!c) continue;
    const { identify: _, ...plain } = c;
    chosen.push(plain);
  }
  return chosen;
}
