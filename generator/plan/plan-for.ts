/**
 * What the plan is made for: by default the spec's own parameter values and every call the
 * abstract interface offers. At run time the CLI plans again for an implementation that uses
 * other values of the parameters cases are planned at (Linux's 6 SYN retries, its window of
 * 64240), or whose interface cannot make some call in some state (the socket API has no
 * handle on a passively opened connection in SYN_RCVD): paths avoid such calls where another
 * path reaches the same state.
 */
import type { CallName, TestCase } from '../../core/case.js';
import type { Spec, Transition } from '../../core/spec/types.js';
import type { World } from './world.js';

/** A call the implementation cannot make in a state, for connections of a role. */
export interface BlockedCall {
  readonly call: CallName;
  readonly state: string;
  readonly role: TestCase['role'];
}

export interface PlanFor {
  /** Parameter values to plan at instead of the spec's defaults (an assumed parameter is planned at its value). */
  readonly parameters?: Readonly<Record<string, number>>;
  /** Calls no path to another transition's state may make. */
  readonly avoid?: readonly BlockedCall[];
}

/** Does `at` ask for nothing but the spec's own plan? */
export function isDefault(at: PlanFor): boolean {
  return at.parameters === undefined && at.avoid === undefined;
}

/** The spec with its parameters' defaults replaced by the values planned for. */
export function specFor(spec: Spec, at: PlanFor): Spec {
  const values = at.parameters ?? {};
  if (!spec.parameters.some((p) => values[p.name] !== undefined && values[p.name] !== p.default)) return spec;
  return {
    ...spec,
    parameters: spec.parameters.map((p) => (values[p.name] !== undefined ? { ...p, default: values[p.name]! } : p)),
  };
}

/** Does taking t in this world make a call the plan must avoid? */
export type Avoids = (t: Transition, world: World) => boolean;

/** What the plan avoids, or undefined when it avoids nothing. */
export function avoidsOf(at: PlanFor): Avoids | undefined {
  const blocked = new Set((at.avoid ?? []).map((b) => `${b.call}|${b.state}|${b.role}`));
  if (blocked.size === 0) return undefined;
  return (t, world) => t.input.kind === 'call' && blocked.has(`${t.input.call}|${t.from}|${world.role ?? 'none'}`);
}
