/**
 * Choosing, over a whole run, whom each ambiguous failure blames. Without a state query, a
 * wrong answer to identifying inputs has several explanations (StepFailure.suspects): some
 * step may have entered another state undetected, or the failing step itself is faulty. One
 * fault usually explains failures in many tests, so the run blames the fewest transitions that
 * explain every failure: greedily, the transition that explains the most failures not yet
 * explained (a failure with one explanation counts first), then the next. Where several
 * transitions explain exactly the same failures, outputs cannot tell them apart: the blame
 * names one and lists the others (Blame.also), and none of them is certain.
 *
 * Then a test that passed only because it started where its case says, which nothing in it
 * checked, is unverified when the run finds the transition that entered that state at fault
 * and the spec, started in another state, answers the test alike.
 */
import { DEFAULT_ENDPOINTS, type Endpoints } from '../adapter.js';
import type { Spec } from '../../core/spec/types.js';
import type { Blame } from './blame.js';
import { startsThatFit } from './fits.js';
import type { CaseResult } from './run-case.js';
import { unverifiedSteps } from './unverified.js';

export interface SettleOptions {
  /** The spec model of the profile run: without it, start states are not asked again. */
  readonly spec?: () => Promise<Spec>;
  readonly endpoints?: Endpoints;
}

export async function settleBlame(results: readonly CaseResult[], opts: SettleOptions = {}): Promise<CaseResult[]> {
  const chosen = chooseBlame(results);
  const faulty = new Set([...chosen.values()].flatMap((b) => [b, ...(b.also ?? [])]).map((b) => b.transition));
  const out: CaseResult[] = [];
  for (const [i, r] of results.entries()) {
    const blame = chosen.get(i);
    if (r.verdict.status === 'failed' && blame && blame !== r.verdict.failure.blame)
      out.push({ ...r, verdict: { status: 'failed', failure: { ...r.verdict.failure, blame } } });
    else if (r.verdict.status === 'passed' && r.startCheck && faulty.has(r.startCheck.transition))
      out.push(await recheckStart(r, opts));
    else out.push(r);
  }
  return out;
}

/** The blame chosen for each failed result, by its index. */
function chooseBlame(results: readonly CaseResult[]): Map<number, Blame> {
  const open = new Set(results.flatMap((r, i) => (r.verdict.status === 'failed' ? [i] : [])));
  const options = (i: number): readonly Blame[] => {
    const v = results[i]!.verdict;
    return v.status === 'failed' ? (v.failure.suspects ?? [v.failure.blame]) : [];
  };
  const chosen = new Map<number, Blame>();
  const pick = (i: number, transition: string, tied: readonly string[] = []) => {
    const blame = options(i).find((b) => b.transition === transition)!;
    const also = tied.flatMap((t) => options(i).find((b) => b.transition === t) ?? []);
    chosen.set(i, also.length > 0 ? { ...blame, also } : blame);
    open.delete(i);
  };
  // A failure with one explanation: that transition is at fault; it may explain others too.
  const certain = new Set([...open].filter((i) => options(i).length === 1).map((i) => options(i)[0]!.transition));
  for (const i of [...open]) {
    const own = options(i).find((b) => certain.has(b.transition));
    if (own) pick(i, own.transition);
  }
  while (open.size > 0) {
    const covers = new Map<string, number[]>();
    for (const i of open)
      for (const t of new Set(options(i).map((b) => b.transition))) covers.set(t, [...(covers.get(t) ?? []), i]);
    // The most failures explained; among equals, the one the failures name first (the earliest step).
    let best: string | undefined;
    for (const [t, is] of covers) if (best === undefined || is.length > covers.get(best)!.length) best = t;
    const mine = covers.get(best!)!;
    const tied = [...covers].filter(([t, is]) => t !== best && is.join() === mine.join()).map(([t]) => t);
    for (const i of mine) pick(i, best!, tied);
  }
  return chosen;
}

/** A passed result whose start state's entering transition is at fault: unverified where another state answers alike. */
async function recheckStart(r: CaseResult, opts: SettleOptions): Promise<CaseResult> {
  const check = r.startCheck!;
  if (!opts.spec) return r;
  const spec = await opts.spec();
  const others = spec.states.map((s) => s.name).filter((s) => s !== check.state);
  const untold = await startsThatFit(spec, check, others, r, opts.endpoints ?? DEFAULT_ENDPOINTS);
  if (untold.length === 0) return r;
  const known = new Set((r.unverified ?? []).map((u) => u.index));
  const more = unverifiedSteps(r.testCase, [{ ...check, untold }]).filter((u) => !known.has(u.index));
  return { ...r, unverified: [...(r.unverified ?? []), ...more].sort((a, b) => a.index - b.index) };
}
