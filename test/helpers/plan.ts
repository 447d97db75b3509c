/**
 * The repository's spec, generated once per test process: every test file that needs its
 * model, its cases or its files takes them from here instead of calling generate() itself
 * (each call plans every case of every profile). Frozen, so a test that changed what the
 * others read would fail where it does so instead of somewhere else.
 */
import type { TestCase } from '../../core/case.js';
import { type Generated, generate } from '../../generator/index.js';

let made: Generated | undefined;

/** What `generate('spec')` returns, made on first use. */
export function planned(): Generated {
  if (!made) {
    const g = generate('spec');
    deepFreeze(g.spec);
    deepFreeze(g.cases);
    made = g;
  }
  return made;
}

/** The memo profile's cases: what a run without --profile runs. */
export function memoCases(): readonly TestCase[] {
  return planned().cases.filter((c) => c.profile === 'memo');
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

/**
 * In a describe whose tests read the plan: make it before them, so that planning (seconds,
 * more on a busy machine) counts against no test's timeout. A hook's timeout is only a guard
 * against a hang.
 */
export function planFirst(): void {
  before(function () {
    this.timeout(600_000);
    planned();
  });
}
