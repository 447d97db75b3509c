/**
 * The mutation report as text: per profile, a table by kind of fault (generated suite
 * against the happy-path baseline), every survivor with why it lives (equivalent, with the
 * reason; or a gap), optionally the killers of every mutant, and the closing score lines.
 */
import { formatFaultModel } from './fault-model.js';
import type { MutantKind } from './spec-mutants.js';
import { tally, type MutantOutcome, type ProfileMutation, type Tally } from './mutate-spec.js';

const pct = (n: number, d: number) => (d === 0 ? '100.0' : ((100 * n) / d).toFixed(1));

export function formatProfile(p: ProfileMutation, showKills: boolean): string[] {
  const kinds = [...new Set(p.outcomes.map((o) => o.mutant.kind))] as MutantKind[];
  const row = (label: string, t: Tally) =>
    `  ${label.padEnd(20)} ${String(t.total).padStart(6)} ${`${t.killed} (${pct(t.killed, t.total - t.equivalent)}%)`.padStart(16)} ${String(t.equivalent).padStart(6)} ${String(t.gaps).padStart(6)} ${`${t.baselineKilled} (${pct(t.baselineKilled, t.total - t.equivalent)}%)`.padStart(16)}`;
  const lines = [
    `profile ${p.profile}${p.stateQuery ? '' : ', without a state query'}: ${p.outcomes.length} spec mutants, ${p.cases} generated cases, baseline ${p.baselineCases.length} cases (${(p.ms / 1000).toFixed(1)} s)`,
    ...formatFaultModel(p.faultModel),
    `  ${'kind'.padEnd(20)} ${'mutants'.padStart(6)} ${'killed'.padStart(16)} ${'equiv'.padStart(6)} ${'gaps'.padStart(6)} ${'baseline killed'.padStart(16)}`,
    ...kinds.map((k) => row(k, tally(p.outcomes.filter((o) => o.mutant.kind === k)))),
    row('all', tally(p.outcomes)),
  ];
  const survivors = p.outcomes.filter((o) => o.killedBy.length === 0);
  if (survivors.length > 0)
    lines.push(
      '  survivors:',
      ...survivors.map(
        (o) =>
          `    ${describe(o)}\n      ${o.equivalent ? `equivalent: ${o.equivalent}` : 'GAP: no generated test kills it; the plan lacks a case'}`,
      ),
    );
  if (showKills)
    lines.push(
      '  killed by:',
      ...p.outcomes.filter((o) => o.killedBy.length > 0).map((o) => `    ${o.mutant.id}: ${o.killedBy.join(', ')}`),
    );
  return lines;
}

function describe(o: MutantOutcome): string {
  return `${o.mutant.id} (${o.mutant.where}): ${o.mutant.description}`;
}

/** The closing line over every profile run. */
export function specScoreLine(profiles: readonly ProfileMutation[]): string {
  const t = tally(profiles.flatMap((p) => p.outcomes));
  return `spec mutants: ${t.killed}/${t.total} killed (${t.equivalent} equivalent)`;
}
