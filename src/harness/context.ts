/**
 * The glue between generated mocha tests and the harness. The CLI installs a run context
 * (the adapter, where results go); a generated test file run directly by mocha gets the
 * reference adapter.
 */
import { assert } from 'chai';
import type { Adapter } from '../adapter.js';
import type { TestCase } from '../case.js';
import { PARAMETER_DEFAULTS } from '../../generated/spec-data.js';
import { ReferenceAdapter } from '../adapters/reference.js';
import { formatFailure } from './format.js';
import { runCase, type CaseResult } from './run-case.js';

export interface RunContext {
  readonly adapter: Adapter;
  readonly results: CaseResult[];
}

let current: RunContext | undefined;

export function setRunContext(ctx: RunContext | undefined): void {
  current = ctx;
}

function context(): RunContext {
  current ??= { adapter: new ReferenceAdapter(), results: [] };
  return current;
}

/** The body of every generated test. */
export async function runConformanceCase(mocha: Mocha.Context, tc: TestCase): Promise<void> {
  const ctx = context();
  const result = await runCase(ctx.adapter, tc, { defaults: PARAMETER_DEFAULTS });
  ctx.results.push(result);
  const v = result.verdict;
  if (v.status === 'pending') {
    // Mocha reports a skipped test as pending; the reason goes into the run's summary.
    mocha.skip();
  }
  if (v.status === 'failed') {
    try {
      assert.fail(formatFailure(result));
    } catch (err) {
      // The message says where the IUT went wrong; a stack into the harness would only hide it.
      (err as Error).stack = `${(err as Error).name}: ${(err as Error).message}`;
      throw err;
    }
  }
}
