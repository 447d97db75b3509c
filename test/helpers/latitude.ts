/**
 * Running a set of cases against a latitude fixture and tallying what the judge made of them
 * (test/latitude.test.ts, test/extras.test.ts).
 */
import type { TestCase } from '../../core/case.js';
import type { Adapter } from '../../src/adapter.js';
import { runCase } from '../../src/harness/run-case.js';
import { planned } from './plan.js';

export interface Tally {
  passed: number;
  failed: string[];
  pending: number;
  /** Cases that passed with a warning (an allowance at warning level used). */
  warned: number;
  /** How many times each allowance was used, by id; `latitude`: in how many cases any was. */
  used: Map<string, number>;
  latitude: number;
}

/** The cases judged with the spec's latitude, or exactly (`exact`). */
export async function runAll(adapter: Adapter, cases: readonly TestCase[], exact = false): Promise<Tally> {
  const t: Tally = { passed: 0, failed: [], pending: 0, warned: 0, used: new Map(), latitude: 0 };
  const { spec } = planned();
  // With latitude the judge may need the spec run on numbers (an RFC 1337 TIME_WAIT, src/harness/stayed.ts).
  const opts = exact ? { latitude: [] } : { latitude: spec.latitude, spec: async () => spec };
  for (const c of cases) {
    const r = await runCase(adapter, c, opts);
    if (r.verdict.status === 'passed') t.passed++;
    else if (r.verdict.status === 'failed') t.failed.push(c.id);
    else t.pending++;
    if (r.latitude?.some((n) => n.allowance.level === 'warning')) t.warned++;
    if (r.latitude) t.latitude++;
    for (const n of r.latitude ?? []) t.used.set(n.allowance.id, (t.used.get(n.allowance.id) ?? 0) + 1);
  }
  return t;
}
