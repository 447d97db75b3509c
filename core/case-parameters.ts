/**
 * The parameter values a case carries, so the harness needs nothing but the case: the spec's
 * default of each parameter the case names (MSS in an expected SYN, 2*MSL in a wait, MAX_RETRIES
 * in what it assumes), and the values the spec records for an implementation family (Linux's
 * MSL of 30 s). The planner and the suite's reader both call this, so they agree.
 */
import type { Step, TestCase, Term, Variant } from './case.js';

export interface SpecParameters {
  /** Every parameter's default value. */
  readonly parameters: Readonly<Record<string, number>>;
  /** The values an implementation family is known to use (spec `variations:`). */
  readonly variations: readonly { readonly variant: Variant; readonly parameters: Readonly<Record<string, number>> }[];
}

type CaseParameters = Pick<TestCase, 'parameters' | 'variantParameters'>;

export function caseParameters(
  tc: Pick<TestCase, 'steps' | 'identify' | 'assumes'>,
  spec: SpecParameters,
): CaseParameters {
  const named = new Set(Object.keys(tc.assumes ?? {}));
  const steps = [...tc.steps, ...(tc.identify ?? []).flatMap((id) => id.sequences.flat())];
  for (const step of steps)
    for (const term of termsOf(step)) if (term.base && /^[A-Z]/.test(term.base)) named.add(term.base);
  const pick = (values: Readonly<Record<string, number>>) =>
    Object.fromEntries(Object.entries(values).filter(([name]) => named.has(name)));
  const byVariant: Partial<Record<Variant, Record<string, number>>> = {};
  for (const v of spec.variations) {
    const values = pick(v.parameters);
    if (Object.keys(values).length > 0) byVariant[v.variant] = { ...byVariant[v.variant], ...values };
  }
  return {
    parameters: pick(spec.parameters),
    ...(Object.keys(byVariant).length > 0 ? { variantParameters: byVariant } : {}),
  };
}

function termsOf(step: Step): Term[] {
  if (step.kind === 'reset' || step.kind === 'distinct') return [];
  const patterns = [...step.expect.segments, ...(step.variations ?? []).flatMap((v) => v.segments)];
  const expected = patterns.flatMap((p) => [p.seq, ...(p.ack ? [p.ack] : []), ...(p.mss !== 'absent' ? [p.mss] : [])]);
  switch (step.kind) {
    case 'call':
      return expected;
    case 'inject':
      return [step.segment.seq, ...(step.segment.ack ? [step.segment.ack] : []), ...expected];
    case 'advance':
      return [step.ms, ...expected];
  }
}
