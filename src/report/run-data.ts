/**
 * What a JSON report carries besides what it shows (its `run` field): the run's identity
 * (spec, profile, implementation, judging flags, what it was planned for, the whole run's cases
 * and the shard) and each case's result as the harness gave it, before the run settled blame
 * over all results.
 * `merge-reports` reads the reports of a run's shards back and replays them as one run, so
 * every reporter says what one run of the whole would have said.
 */
import type { CallName, TestCase } from '../../core/case.js';
import type { CaseResult } from '../harness/run-case.js';
import type { KnownVariation } from './records.js';

export const RUN_DATA_FORMAT = 1;

export interface RunData {
  readonly format: typeof RUN_DATA_FORMAT;
  /** The digest of the spec and generator the suite was made from (generated/inputs.sha256). */
  readonly spec: string;
  /** The profile as asked for (memo, rfc9293, or a variant such as linux). */
  readonly profile: string;
  readonly adapter: string;
  /** The flags that change verdicts (--exact, --no-state-query, --identify-always), sorted. */
  readonly judging: readonly string[];
  /** The known variations the run accepted: the spec's and those the implementation declared. */
  readonly knownVariations: readonly KnownVariation[];
  /**
   * What the cases were planned for: the implementation's parameter values, the calls it cannot
   * make (generator/plan/plan-for.ts's PlanFor, which the runtime does not import).
   */
  readonly planFor: {
    readonly parameters?: Readonly<Record<string, number>>;
    readonly avoid?: readonly { readonly call: CallName; readonly state: string; readonly role: TestCase['role'] }[];
  };
  /** The digest of the whole run's case IDs in order (all shards'): the same run, split. */
  readonly plan: string;
  /** How many tests the whole run has. */
  readonly tests: number;
  readonly shard?: { readonly index: number; readonly count: number };
  readonly cases: readonly CaseData[];
}

export interface CaseData {
  /** The test's place in the whole run. */
  readonly order: number;
  /** The case's ID: planned again from the spec and `planFor`, it is the case run. */
  readonly id: string;
  readonly durationMs: number;
  /** As the harness gave it, before blame was settled over the run, without the case. */
  readonly result?: Omit<CaseResult, 'testCase'>;
  /** What the test threw instead of giving a result (a harness bug). */
  readonly error?: string;
}

/**
 * For JSON.stringify: bytes (payloads, data received), the one thing in a result JSON has no
 * form for, as base64. Read from the holder: a Buffer's toJSON has already run on `value`.
 */
export function bytesAsBase64(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  return raw instanceof Uint8Array ? { $bytes: Buffer.from(raw).toString('base64') } : value;
}

/** A JSON report's text back as data, its bytes as bytes again (the caller checks its shape). */
export function parseReport(json: string): unknown {
  return JSON.parse(json, (_key, value: unknown) =>
    isBytes(value) ? new Uint8Array(Buffer.from(value.$bytes, 'base64')) : value,
  );
}

function isBytes(v: unknown): v is { $bytes: string } {
  return typeof v === 'object' && v !== null && typeof (v as { $bytes?: unknown }).$bytes === 'string';
}
