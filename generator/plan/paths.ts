/**
 * Shortest paths from the initial state, by breadth-first search over the symbolic world:
 * for every (state, role) pair, the shortest sequence of transitions that reaches it, each
 * with the input chosen for it. Transitions are tried in spec order, so paths are stable.
 */
import { namesIn } from '../../core/expr/ast.js';
import type { Spec, Transition } from '../../core/spec/types.js';
import { variationsOf, withVariation } from '../../core/spec/variations.js';
import type { StepVariation } from '../../core/case.js';
import { execute, type Outcome } from './execute.js';
import { chooseInput, type PlannedInput } from './input.js';
import { choicesKey, initialWorld, worldKey, type Choices, type World } from './world.js';
import type { Avoids } from './plan-for.js';

const AVOID_NOTHING: Avoids = () => false;

export interface PathStep {
  readonly transition: Transition;
  readonly input: PlannedInput;
  readonly outcome: Outcome;
  /** What implementation families with a known variation of the transition output instead. */
  readonly variations: readonly StepVariation[];
}

export interface Path {
  readonly world: World;
  readonly steps: readonly PathStep[];
}

export const pathKey = (w: World): string => `${w.state}|${w.role ?? ''}`;

/**
 * Steps already taken from a transition, by world and choices. A step depends on the spec
 * only through the transition, its parameters, variations and initial state; a profile's view
 * shares all of them, so the steps are kept while those stay the same. The plan asks the same
 * step again and again: every variant, boundary and identifying search starts from the same
 * few worlds.
 */
interface Steps {
  readonly parameters: Spec['parameters'];
  readonly variations: Spec['variations'];
  readonly initial: string;
  /** By world key, then choices key: keys made once each, where a joined one would be hashed anew every time. */
  readonly byWorld: Map<string, Map<string, PathStep | undefined>>;
}
const STEPS = new WeakMap<Transition, Steps>();

/** Apply one transition to a world, or undefined when no input can make it fire there. */
export function stepFrom(spec: Spec, t: Transition, world: World, choices: Choices): PathStep | undefined {
  if (t.from !== world.state) return undefined;
  let steps = STEPS.get(t);
  if (steps?.parameters !== spec.parameters || steps.variations !== spec.variations || steps.initial !== spec.initial) {
    steps = { parameters: spec.parameters, variations: spec.variations, initial: spec.initial, byWorld: new Map() };
    STEPS.set(t, steps);
  }
  const wk = worldKey(world);
  let byChoices = steps.byWorld.get(wk);
  if (!byChoices) {
    byChoices = new Map();
    steps.byWorld.set(wk, byChoices);
  }
  const ck = choicesKey(choices);
  let step = byChoices.get(ck);
  if (step === undefined && !byChoices.has(ck)) {
    step = stepAnew(spec, t, world, choices);
    byChoices.set(ck, step);
  }
  return step;
}

function stepAnew(spec: Spec, t: Transition, world: World, choices: Choices): PathStep | undefined {
  const input = chooseInput(spec, t, world, choices);
  if (!input) return undefined;
  const variations = variationsOf(spec, t).map((v) => {
    const o = execute(spec, withVariation(t, v), input.world, input.values);
    return { id: v.id, variant: v.variant, segments: o.segments, app: o.app, state: o.world.state };
  });
  return { transition: t, input, outcome: execute(spec, t, input.world, input.values), variations };
}

/** The shortest path to every (state, role), making none of the calls the plan avoids. */
export function shortestPaths(
  spec: Spec,
  choices: Choices,
  avoids: Avoids = AVOID_NOTHING,
  maxDepth = 24,
): Map<string, Path> {
  return new Map([...pathsAround(spec, choices, avoids, 1, maxDepth)].map(([key, [first]]) => [key, first!]));
}

/**
 * Short paths to each (state, role), making none of the calls the plan avoids: up to `perKey`
 * different worlds each, breadth first, the shortest first. When the way round a call
 * the implementation cannot make leaves the state without what a transition needs (data still
 * unacknowledged when FIN_WAIT_1 is entered through ESTABLISHED), one of these may have it.
 */
export function pathsAround(
  spec: Spec,
  choices: Choices,
  avoids: Avoids,
  perKey = 4,
  maxDepth = 10,
): Map<string, Path[]> {
  const start: Path = { world: initialWorld(spec.initial), steps: [] };
  const found = new Map<string, Path[]>([[pathKey(start.world), [start]]]);
  const seen = new Set([worldKey(start.world)]);
  let frontier = [start];
  for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
    const next: Path[] = [];
    for (const p of frontier) {
      for (const t of spec.transitions) {
        if (avoids(t, p.world)) continue;
        const step = stepFrom(spec, t, p.world, choices);
        if (!step) continue;
        const wk = worldKey(step.outcome.world);
        const paths = found.get(pathKey(step.outcome.world)) ?? [];
        if (seen.has(wk) || paths.length >= perKey) continue;
        seen.add(wk);
        const path = { world: step.outcome.world, steps: [...p.steps, step] };
        found.set(pathKey(step.outcome.world), [...paths, path]);
        next.push(path);
      }
    }
    frontier = next;
  }
  return found;
}

function signature(w: World): string {
  const sorted = (m: ReadonlyMap<string, unknown>) => [...m].sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([w.state, w.role ?? '', sorted(w.vars), sorted(w.timers), w.peerNext, w.isns]);
}

/**
 * From a path that reaches a transition's state without letting it fire, try the state's own
 * loops (a retransmission that counts up, say) until it fires: breadth first, a few deep.
 * Failing that, one loop repeated many times after a short mix of them: an ACK that moves
 * SND.UNA on by one octet each time needs as many as the application sent before everything
 * is acknowledged.
 */
export function loopUntilFires(
  spec: Spec,
  t: Transition,
  from: Path,
  choices: Choices,
  avoids: Avoids = AVOID_NOTHING,
  maxDepth = 8,
): Path | undefined {
  // Only loops that change what the guard reads can make it hold.
  const wanted = new Set(t.input.guard ? namesIn(t.input.guard.tree) : []);
  const changes = (u: Transition) =>
    u.actions.some((a) => a.kind === 'set' && a.assignments.some((s) => wanted.has(s.name)));
  const loops = spec.transitions.filter(
    (u) => u.from === t.from && u.to === t.from && u.id !== t.id && changes(u) && !avoids(u, from.world),
  );
  const fires = (p: Path) => stepFrom(spec, t, p.world, choices) !== undefined;
  let frontier = [from];
  const short: Path[] = [from];
  const seen = new Set([signature(from.world)]);
  for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
    const next: Path[] = [];
    for (const p of frontier) {
      for (const u of loops) {
        const step = stepFrom(spec, u, p.world, choices);
        if (!step) continue;
        const sig = signature(step.outcome.world);
        if (seen.has(sig)) continue;
        seen.add(sig);
        const path = { world: step.outcome.world, steps: [...p.steps, step] };
        if (fires(path)) return path;
        next.push(path);
      }
    }
    if (depth < MIX_BEFORE_REPEAT) short.push(...next);
    frontier = next;
  }
  for (const p of short) {
    for (const u of loops) {
      let path = p;
      for (let k = 0; k < MAX_REPEAT; k++) {
        const step = stepFrom(spec, u, path.world, choices);
        if (!step) break;
        path = { world: step.outcome.world, steps: [...path.steps, step] };
        if (fires(path)) return path;
      }
    }
  }
  return undefined;
}

/** How many different loops may come before the repeated one, and how often it repeats. */
const MIX_BEFORE_REPEAT = 2;
const MAX_REPEAT = 32;
