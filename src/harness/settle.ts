/**
 * Choosing, over a whole run, whom each ambiguous failure blames. Without a state query, a
 * wrong answer to identifying inputs has several explanations (StepFailure.suspects): some
 * step may have entered another state undetected, or the failing step itself is faulty. One
 * fault usually explains failures in many tests, so the run blames the fewest transitions that
 * explain every failure: greedily, the transition that explains the most failures not yet
 * explained (a failure with one explanation counts first), then the next. Where several
 * transitions explain exactly the same failures, outputs cannot tell them apart: the blame
 * names one and lists the others (Blame.also), and none of them is certain.
 */
import type { Blame } from './blame.js';
import type { CaseResult } from './run-case.js';

export function settleBlame(results: readonly CaseResult[]): CaseResult[] {
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
  return results.map((r, i) => {
    const blame = chosen.get(i);
    if (!blame || r.verdict.status !== 'failed' || blame === r.verdict.failure.blame) return r;
    return { ...r, verdict: { status: 'failed', failure: { ...r.verdict.failure, blame } } };
  });
}
