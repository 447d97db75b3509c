/**
 * An implementation's declarations in a run: from `--variations FILE` and from the adapter's
 * own `declared` (a process's `init_ok`, a module's property), checked together by the
 * generator's one validator (generator/declared.ts). What they declare reaches the run the way
 * the kernel adapter's recorded variations do: parameter values (its timer granularity among
 * them), calls it cannot make and real-clock windows through the adapter, variations through
 * the plan.
 */
import type { Adapter } from '../adapter.js';
import type { CallName, TestCase } from '../../core/case.js';
import { positionOf } from '../../core/spec/source.js';
import type { Declared } from '../../generator/declared.js';
import { checkParams } from '../params.js';
import { UsageError } from './usage.js';
import { PARAMETER_DEFAULTS, VARIATIONS } from '../../generated/spec-data.js';
import type { KnownVariation } from '../report/records.js';
import { DEFAULT_SPEC_DIR } from './paths.js';

export type { Declared };

/**
 * The declarations of this run, or undefined when neither the file nor the adapter gives any.
 * A bad declaration throws SpecErrors (`file:line:col: reason`, exit 2).
 */
export async function readDeclarations(adapter: Adapter, file: string | undefined): Promise<Declared | undefined> {
  if (file === undefined && adapter.declared === undefined) return undefined;
  const { declaredData, declaredFile, readDeclared } = await import('../../generator/declared.js');
  const sources = [
    ...(adapter.declared !== undefined ? [declaredData(`${adapter.name} (declared)`, adapter.declared)] : []),
    ...(file !== undefined ? [declaredFile(file)] : []),
  ];
  return readDeclared(DEFAULT_SPEC_DIR, sources);
}

/**
 * The adapter with what its declarations say: their parameter values over those it reports
 * (checked as those are), the calls they say it cannot make besides its own, and the windows
 * of its real clock.
 */
export function withDeclared(inner: Adapter, declared: Declared): Adapter {
  const params = { ...inner.params, ...declared.parameters };
  if (declared.realClock && inner.capabilities.virtualClock)
    throw new UsageError(
      `the implementation (${inner.name}) declares real_clock but has a virtual clock: time passes only when the tester says`,
    );
  const realClock = declared.realClock ?? inner.realClock;
  checkParams(inner.name, params, Object.keys(PARAMETER_DEFAULTS));
  const cannot = (call: CallName, state: string, role: TestCase['role']) =>
    declared.cannotCall.find(
      (c) => c.call === call && c.states.includes(state) && (c.role === undefined || c.role === role),
    );
  return {
    name: inner.name,
    capabilities: inner.capabilities,
    params,
    reset: (opts) => inner.reset(opts),
    call: (c) => inner.call(c),
    deliver: (s) => inner.deliver(s),
    advance: (ms) => inner.advance(ms),
    close: () => inner.close(),
    cannotCall: (call, state, role) => {
      const c = cannot(call, state, role);
      return c ? `${c.why} (${c.source})` : inner.cannotCall?.(call, state, role);
    },
    ...(inner.state ? { state: () => inner.state!() } : {}),
    ...(inner.log ? { log: () => inner.log!() } : {}),
    ...(realClock ? { realClock } : {}),
    ...(inner.variant ? { variant: inner.variant } : {}),
    ...(inner.unavailable ? { unavailable: inner.unavailable } : {}),
    declared: inner.declared,
  };
}

/** The known variations a run may name: the spec's, then the declared ones. */
export function knownVariations(declared: Declared | undefined): KnownVariation[] {
  return [
    ...VARIATIONS.map((v) => ({ id: v.id, variant: v.variant, source: v.source, why: v.why })),
    ...(declared?.variations ?? []).map((v) => {
      const pos = positionOf(v.loc.file, v.loc.path);
      return { id: v.id, variant: v.variant, source: `${pos.file}:${pos.line}`, why: v.why };
    }),
  ];
}
