/**
 * Building one test case: the steps of a path and of the transition under test, with what the
 * case needs of the adapter and which parameter values it assumes.
 */
import type { Capability, Step, TestCase } from '../../core/case.js';
import * as seq from '../../core/seq.js';
import { namesIn } from '../../core/expr/ast.js';
import { abs } from '../../core/expr/evaluate.js';
import { remembered } from '../../core/memo.js';
import type { Spec, Transition } from '../../core/spec/types.js';
import { termOf } from './execute.js';
import { stepFrom, type Path, type PathStep } from './paths.js';
import { releaseStep } from './release.js';
import { roleText, sourceOf, titleOf } from './titles.js';
import { DEFAULT_CHOICES, type Choices, type World } from './world.js';

export const PEER_ISN = 1_000_000_000;
export const WRAP_ISN = seq.SEQ_MAX;

export interface Variant {
  readonly suffix: string;
  readonly idSuffix: string;
  readonly choices: Choices;
  readonly peerIsn: number;
  readonly iutIsn?: number;
  readonly extraRules: readonly string[];
  /**
   * After the transition, the tester acknowledges every full-sized segment sent, so a short
   * tail held back must go out (release.ts): where there is such a tail (`also`), or a case
   * only where there is one (`only`).
   */
  readonly releases?: 'also' | 'only';
}

/** The case as the memo walks it: no wrap-around, the usual MSS. */
export const BASE_VARIANT: Variant = {
  suffix: '',
  idSuffix: '',
  choices: DEFAULT_CHOICES,
  peerIsn: PEER_ISN,
  extraRules: [],
};

export function toStep(s: PathStep): Step[] {
  const common = {
    transition: s.transition.id,
    rules: s.transition.rules,
    labels: s.transition.labels,
    expect: { segments: s.outcome.segments, app: s.outcome.app, state: s.outcome.world.state },
  };
  const varied = s.variations.length > 0 ? { variations: s.variations } : {};
  const a = s.input.action;
  if (a.kind === 'advance') {
    // Just before the timer expires nothing may happen; then it expires.
    const before = {
      ...common,
      kind: 'advance' as const,
      ms: termOf({ ...a.ms, off: seq.sub(a.ms.off, 1) }),
      expect: { segments: [], app: [], state: s.transition.from },
    };
    return [before, { ...common, ...varied, kind: 'advance', ms: termOf(abs(1)) }];
  }
  if (a.kind === 'inject') return [{ ...common, ...varied, kind: 'inject', segment: a.segment }];
  return [{ ...common, ...varied, kind: 'call', call: a.call, ...(a.data !== undefined ? { data: a.data } : {}) }];
}

const SETUPS = new WeakMap<Path, readonly Step[]>();

/** The steps of a path, made once per path: every variant and boundary case after it starts with them. */
export function setupOf(start: Path): readonly Step[] {
  return remembered(SETUPS, start, () => start.steps.flatMap(toStep));
}

export function buildCase(spec: Spec, t: Transition, start: Path, v: Variant): PlannedCase | undefined {
  const focus = stepFrom(spec, t, start.world, v.choices);
  if (!focus) return undefined;
  const setup = setupOf(start);
  const release = v.releases ? releaseStep(spec, focus.outcome.world, v.choices) : undefined;
  if (v.releases === 'only' && !release) return undefined;
  const steps = [...setup, ...toStep(focus), ...(release ? toStep(release) : [])];
  const end = release ?? focus;
  const role = start.world.role ?? focus.input.world.role ?? 'none';
  const rules = [...new Set([...t.rules, ...v.extraRules])];
  return {
    id: `${t.id}/${role}${v.idSuffix}`,
    profile: t.profile,
    title: `${titleOf(t, rules)} ${roleText(role, v.suffix)}`,
    rules,
    labels: t.labels,
    rfc: t.rfc,
    transition: t.id,
    source: sourceOf(t),
    role,
    peerIsn: v.peerIsn,
    ...(v.iutIsn !== undefined ? { iutIsn: v.iutIsn } : {}),
    focus: setup.length,
    steps,
    needs: needsOf(steps, setup.length, v, spec.initial),
    ...assumptionsOf(spec, steps),
    [CHECKPOINTS]: [{ at: steps.length, world: end.outcome.world, choices: v.choices }],
  };
}

/** A point in a case where the state is to be identified by outputs: after `at` steps, in `world`. */
export interface Checkpoint {
  readonly at: number;
  readonly world: World;
  readonly choices: Choices;
}

/**
 * The planner's note on a case of where to identify states (see identify-cases.ts), kept under
 * a symbol: it survives the spreads that derive one case from another, and is never emitted.
 */
export const CHECKPOINTS = Symbol('checkpoints');
export type PlannedCase = Omit<TestCase, SharedFacts> & { [CHECKPOINTS]?: readonly Checkpoint[] };

/** What every case gets once planned (cases.ts: finished), not each planner step. */
type SharedFacts = 'initial' | 'parameters' | 'variantParameters';

/**
 * A case needs a capability when, without it, it could not check what it claims: a state
 * change that shows in no output needs the state query, or inputs that show the state by
 * outputs (identify-cases.ts); waiting out a timer of the implementation's own length needs a
 * clock the harness can advance.
 */
export function needsOf(steps: readonly Step[], focus: number, v: Variant, initial: string): Capability[] {
  const needs = new Set<Capability>();
  if (v.iutIsn !== undefined) needs.add('isnOverride');
  let before = initial;
  steps.forEach((s, i) => {
    if (s.kind === 'reset') before = initial;
    if (s.kind === 'reset' || s.kind === 'distinct') return;
    if (s.kind === 'advance' && s.ms.base !== undefined) needs.add('virtualClock');
    const silent = s.expect.segments.length === 0 && s.expect.app.length === 0;
    if (i >= focus && silent && s.expect.state !== before) needs.add('stateQuery');
    before = s.expect.state;
  });
  return [...needs].sort();
}

/** The assumed parameters any transition of the case reads, with the values planned. */
export function assumptionsOf(spec: Spec, steps: readonly Step[]): { assumes?: Record<string, number> } {
  const assumed = spec.parameters.filter((p) => p.assumed);
  if (assumed.length === 0) return {};
  const byId = remembered(BY_ID, spec.transitions, () => new Map(spec.transitions.map((t) => [t.id, t])));
  const names = new Set<string>();
  for (const id of new Set(steps.map((s) => s.transition))) {
    const t = byId.get(id);
    if (t) for (const n of namesOfTransition(t)) names.add(n);
  }
  const assumes = Object.fromEntries(assumed.filter((p) => names.has(p.name)).map((p) => [p.name, p.default]));
  return Object.keys(assumes).length > 0 ? { assumes } : {};
}

const BY_ID = new WeakMap<readonly Transition[], ReadonlyMap<string, Transition>>();
const NAMES = new WeakMap<Transition, readonly string[]>();

/** The names a transition's guard and actions read (made once per transition). */
function namesOfTransition(t: Transition): readonly string[] {
  return remembered(NAMES, t, () => namesRead(t));
}

function namesRead(t: Transition): string[] {
  const exprs = [
    ...(t.input.guard ? [t.input.guard] : []),
    ...t.actions.flatMap((a) =>
      a.kind === 'set'
        ? a.assignments.map((s) => s.value)
        : a.kind === 'send'
          ? [a.seq, a.ack, a.mss, a.max].filter((e) => e !== undefined)
          : a.kind === 'start_timer'
            ? [a.after]
            : [],
    ),
  ];
  return exprs.flatMap((e) => namesIn(e.tree));
}
