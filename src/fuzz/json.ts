/**
 * `fuzz --reporter json`: the campaign as data, one entry per failure group (the shape is
 * documented in README.md, "Fuzzing"). Texts are rendered in the run's language; everything a
 * script groups or compares on (signature, transitions, field, rules, labels) is plain data.
 */
import { render, type Lang } from '../i18n/text.js';
import type { CampaignOutcome, Group } from './run.js';
import { printedSteps } from './report.js';

export interface FuzzJson {
  readonly profile: string;
  readonly seed: number;
  readonly walks: number;
  readonly steps: number;
  readonly ms: number;
  readonly failedWalks: number;
  readonly shrinkWalks: number;
  readonly groups: readonly GroupJson[];
}

export interface GroupJson {
  readonly signature: string;
  readonly transitions: readonly string[];
  readonly state: string;
  readonly field: string;
  readonly rules: readonly string[];
  readonly labels: readonly string[];
  readonly level: string | null;
  readonly kind: 'violation' | 'warning';
  readonly rfc: readonly string[];
  /** Walks of the budget that failed with this signature; the first of them, counted from 1. */
  readonly count: number;
  readonly firstWalk: number;
  readonly walk: {
    readonly peerIsn: number;
    readonly iutIsn: number | null;
    /** Only the steps that sent something, as printed. */
    readonly steps: readonly string[];
    /** The step (1-based, in `steps`) where the IUT and the model part ways; null: after the last. */
    readonly failingStep: number | null;
  };
  readonly message: string;
  readonly expected: string | null;
  readonly got: string | null;
  readonly shrinks: number;
  readonly reproduced: boolean;
  readonly path: string;
  readonly replay: string;
}

export function fuzzJson(o: CampaignOutcome, profile: string, replay: (g: Group) => string, lang: Lang): FuzzJson {
  return {
    profile,
    seed: o.seed,
    walks: o.runs,
    steps: o.steps,
    ms: Math.round(o.ms),
    failedWalks: o.failedWalks,
    shrinkWalks: o.shrinkRuns,
    groups: o.groups.map((g) => groupJson(g, replay(g), lang)),
  };
}

function groupJson(g: Group, replay: string, lang: Lang): GroupJson {
  const f = g.result.failure!;
  const b = f.blame;
  const printed = printedSteps(g.walk, g.result);
  const failing = printed.findIndex((p) => p.index === f.index);
  return {
    signature: g.signature,
    transitions: b.transitions,
    state: b.state,
    field: b.field,
    rules: b.rules,
    labels: b.labels,
    level: b.level ?? null,
    kind: b.kind,
    rfc: b.rfc,
    count: g.count,
    firstWalk: g.first + 1,
    walk: {
      peerIsn: g.walk.peerIsn,
      iutIsn: g.walk.iutIsn ?? null,
      steps: printed.map((p) => render(p.text, lang)),
      failingStep: failing >= 0 ? failing + 1 : null,
    },
    message: render(f.message, lang),
    expected: f.expected ?? null,
    got: f.got ?? null,
    shrinks: g.shrinks,
    reproduced: g.reproduced,
    path: g.path,
    replay,
  };
}
