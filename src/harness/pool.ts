/**
 * A parallel run's workers (`run --jobs N`): N adapters, each an implementation of its own (a
 * process, a namespace, an instance), each running one case at a time and taking the next
 * case in the run's order as it comes free. The ordered run (mocha and the reporters) asks for
 * each case's result in turn and waits only while that case is still running, so it sees one
 * run in the serial order whichever worker finishes first. With one adapter this is the
 * serial run: the cases one after another on it.
 */
import type { Adapter } from '../adapter.js';
import type { TestCase } from '../../core/case.js';
import type { CaseResult } from './run-case.js';

/** A case's result and how long its worker took to get it (the test's duration in the reports). */
export interface Timed {
  readonly result: CaseResult;
  readonly ms: number;
}

export class CasePool {
  private readonly pending = new Map<string, Promise<Timed>>();
  /** Every worker has run out of cases. */
  readonly done: Promise<void>;

  /**
   * Start running `cases` (unique IDs, in the run's order) on `adapters` at once, with
   * `run`; a case whose run throws rejects its result, as the serial run would have thrown.
   */
  constructor(
    adapters: readonly Adapter[],
    cases: readonly TestCase[],
    run: (adapter: Adapter, tc: TestCase) => Promise<CaseResult>,
  ) {
    const settle = new Map<string, { resolve(t: Timed): void; reject(err: unknown): void }>();
    for (const tc of cases) {
      const p = new Promise<Timed>((resolve, reject) => settle.set(tc.id, { resolve, reject }));
      // Asked for later, in order: until then a rejection is not unhandled.
      p.catch(() => {});
      this.pending.set(tc.id, p);
    }
    let next = 0;
    const worker = async (adapter: Adapter) => {
      for (let i = next++; i < cases.length; i = next++) {
        const tc = cases[i]!;
        const start = performance.now();
        try {
          const result = await run(adapter, tc);
          settle.get(tc.id)!.resolve({ result, ms: Math.round(performance.now() - start) });
        } catch (err) {
          settle.get(tc.id)!.reject(err);
        }
      }
    };
    this.done = Promise.all(adapters.map(worker)).then(() => {});
  }

  /** The result of a case of the run, once its worker has it. */
  result(tc: TestCase): Promise<Timed> {
    const p = this.pending.get(tc.id);
    if (!p) throw new Error(`internal: case ${tc.id} is not one of this run's`);
    return p;
  }
}
