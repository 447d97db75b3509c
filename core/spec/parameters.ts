import type { Spec } from './types.js';

/** The implementation's parameters at their defaults, by name (MSS, MSL, RCV.WND, …). */
export function parameterDefaults(spec: Spec): Record<string, number> {
  return Object.fromEntries(spec.parameters.map((p) => [p.name, p.default]));
}
