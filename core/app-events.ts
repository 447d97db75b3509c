/**
 * What the application may be told at a step. RFC 9293 leaves the interface latitude (§3.9.1):
 * an abort "should" report "connection reset" to pending calls, and the RFC and the sockets
 * API name the failed open differently; an expected event may be optional, or have
 * alternatives (core/case.ts AppEventPattern). The harness judges told events by it, and the
 * planner tells states apart by it only where no told events fit both.
 */
import type { AppEventPattern } from './case.js';

/**
 * Whether the events told are the ones expected, in order: an optional one may be missing,
 * and one with alternatives may be any of them. The lists are a few events long.
 */
export function appMatches(
  expected: readonly AppEventPattern[],
  got: readonly AppEventPattern[],
  i = 0,
  j = 0,
): boolean {
  if (i === expected.length) return j === got.length;
  const e = expected[i]!;
  if (e.optional && appMatches(expected, got, i + 1, j)) return true;
  const g = got[j];
  return (
    g !== undefined &&
    (g.kind === e.kind || (e.or ?? []).includes(g.kind)) &&
    (e.data ?? '') === (g.data ?? '') &&
    appMatches(expected, got, i + 1, j + 1)
  );
}

/** Every list of events that matches the expected ones. */
function realisations(expected: readonly AppEventPattern[]): AppEventPattern[][] {
  let out: AppEventPattern[][] = [[]];
  for (const e of expected) {
    const told = [e.kind, ...(e.or ?? [])].map((kind) => (e.data !== undefined ? { kind, data: e.data } : { kind }));
    out = out.flatMap((l) => [...(e.optional ? [l] : []), ...told.map((x) => [...l, x])]);
  }
  return out;
}

/** Whether some told events match both expectations: then they do not tell two states apart. */
export function appOverlap(a: readonly AppEventPattern[], b: readonly AppEventPattern[]): boolean {
  return realisations(a).some((told) => appMatches(b, told));
}

/** Whether telling nothing matches the expectation. */
export function mayTellNothing(expected: readonly AppEventPattern[]): boolean {
  return expected.every((e) => e.optional);
}
