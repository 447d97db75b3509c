/**
 * What an implementation needs the plan made for (generator/plan/plan-for.ts): the values of
 * the parameters the spec's plan assumes, where the implementation's differ (it reports them,
 * or its family's are recorded in the spec), and the calls its interface cannot make, so
 * paths go around them. Worked out from the spec's own plan, as the harness would judge it:
 * a case planned at a value the implementation does not use, or through a call it cannot
 * make, would be pending.
 */
import type { Adapter } from '../adapter.js';
import type { CallName, TestCase } from '../../core/case.js';
import { parametersOf } from '../harness/run-case.js';
import type { BlockedCall, PlanFor } from '../../generator/plan/plan-for.js';

const CALLS: readonly CallName[] = ['listen', 'connect', 'send', 'close', 'abort'];
const ROLES: readonly TestCase['role'][] = ['client', 'server', 'none'];

export function planForAdapter(adapter: Adapter, planned: readonly TestCase[]): PlanFor {
  if (adapter.unavailable) return {};
  const parameters: Record<string, number> = {};
  for (const tc of planned) {
    if (!tc.assumes) continue;
    const actual = parametersOf(adapter, tc);
    for (const [name, value] of Object.entries(tc.assumes))
      if (actual[name] !== undefined && actual[name] !== value) parameters[name] = actual[name]!;
  }
  const avoid: BlockedCall[] = [];
  if (adapter.cannotCall) {
    const states = [...new Set(planned.flatMap((tc) => [tc.initial, ...statesOf(tc)]))].sort();
    for (const state of states)
      for (const call of CALLS)
        for (const role of ROLES)
          if (adapter.cannotCall(call, state, role) !== undefined) avoid.push({ call, state, role });
  }
  return {
    ...(Object.keys(parameters).length > 0 ? { parameters: sorted(parameters) } : {}),
    ...(avoid.length > 0 ? { avoid } : {}),
  };
}

/** The plan's inputs in words, for the run's first line ("MAX_RETRIES = 10, RCV.WND = 64240; …"). */
export function describePlanFor(at: PlanFor): string {
  const values = Object.entries(at.parameters ?? {}).map(([name, v]) => `${name} = ${v}`);
  const parts = [
    ...(values.length > 0 ? [`${values.join(', ')}`] : []),
    ...(at.avoid ? [`paths around the ${at.avoid.length} calls it cannot make (call, state, role)`] : []),
  ];
  return parts.join('; ');
}

function statesOf(tc: TestCase): string[] {
  return tc.steps.flatMap((s) => (s.kind === 'reset' || s.kind === 'distinct' ? [] : [s.expect.state]));
}

function sorted(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).sort(([a], [b]) => a.localeCompare(b)));
}
