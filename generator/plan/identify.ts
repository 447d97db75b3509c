/**
 * State identification from outputs (the W-method's characterisation, per state): for the
 * world a case ends its focus in, short input sequences whose outputs in the expected state
 * differ from those in every other state of the profile. An implementation that cannot
 * report its state runs them after the transition under test, so a transfer fault (a wrong
 * next state) shows in what it sends, not only in what it says.
 *
 * Two states are told apart when, on the same inputs, the spec gives different outputs
 * (strongly), or when the expected state answers an input the other leaves unspecified
 * (weakly: it tells them apart only if an implementation in the other state ignores the
 * input, which it need not).
 */
import { SpecError } from '../../core/spec/errors.js';
import { SEPARATION, type Separation } from '../../core/case.js';
import { statesOf } from '../../core/spec/profiles.js';
import { appOverlap, mayTellNothing } from '../../core/app-events.js';
import { IncomparableError } from '../../core/expr/evaluate.js';
import { holds } from '../expr/search.js';
import type { Spec, Transition } from '../../core/spec/types.js';
import { envOf, execute, UnsetVariable, type Outcome } from './execute.js';
import type { PlannedInput } from './input.js';
import { stepFrom, type PathStep } from './paths.js';
import { choicesKey, valuesKey, worldKey as worldKeyOf, type Choices, type World } from './world.js';
import * as seq from '../../core/seq.js';
import { remembered } from '../../core/memo.js';
import { candidates, machineOf, type Machine } from '../../core/machine.js';
import { inputKey } from '../../core/input-key.js';

/** How far to search: TCP's states all part within four inputs, most within one or two. */
const MAX_DEPTH = 4;

/**
 * The sequence numbers a transition moves without a word (an ACK that advances SND.UNA sends
 * nothing): the identification also tells the world from one where such a number is one less,
 * as it is when the IUT ignored the input or took an old ACK as new, so a later answer that
 * shows the number (a retransmission from SND.UNA, a challenge ACK with RCV.NXT) is checked.
 * Such an answer comes within two inputs, or not at all.
 */
const VALUES = ['SND.UNA', 'SND.NXT', 'RCV.NXT'] as const;
const VALUE_DEPTH = 2;

/** Another world the expected one is to be told from: another state, or a number one off. */
interface Hypothesis {
  readonly name: string;
  readonly world: World;
  /** How many inputs a sequence that tells it may take. */
  readonly depth: number;
}

export interface Identification {
  /**
   * Input sequences to run after the focus, one per run of the case; together they tell the
   * state from every other, and the values of VALUES from one less where some input shows them.
   */
  readonly sequences: readonly (readonly PathStep[])[];
  /** For each other state: how it is told apart ("strong", "weak"), or "none" when no sequence does. */
  readonly apart: ReadonlyMap<string, Separation>;
}

type Verdict = Exclude<Separation, 'none'> | undefined;

type Reaction = Outcome | 'unspecified' | 'unknown';

/**
 * What the spec does in `world` on the input another transition was given, if any transition
 * takes it. Remembered by input and world: the searches try each step's input on the same
 * few other worlds over and over.
 */
function react(spec: Spec, world: World, input: PlannedInput, t: Transition): Reaction {
  const byTransition = remembered(memoOf(spec).reactions, input, () => new Map<Transition, Map<string, Reaction>>());
  const byWorld = remembered(byTransition, t, () => new Map<string, Reaction>());
  return remembered(byWorld, worldKeyOf(world), () => reactAnew(spec, world, input, t));
}

function reactAnew(spec: Spec, world: World, input: PlannedInput, t: Transition): Reaction {
  const same = takers(spec, world.state, t);
  try {
    const env = envOf(spec, world, input.values.fields);
    const u = same.find((x) => holds(x.input.guard?.tree, env));
    if (!u) return 'unspecified';
    return execute(spec, u, withTester(world, input), input.values);
  } catch (err) {
    // A guard or action that reads what this state never set (execute reports that as a
    // SpecError, as the planner must): in this hypothetical world nothing sure can be said.
    if (err instanceof UnsetVariable || err instanceof IncomparableError || err instanceof SpecError) return 'unknown';
    throw err;
  }
}

/** A state's transitions, in spec order. */
function fromState(spec: Spec, state: string): readonly Transition[] {
  return memoOf(spec).byState.get(state) ?? [];
}

/** The other side's world, with the tester's side (its next sequence number) moved on as the input did. */
function withTester(world: World, input: PlannedInput): World {
  return {
    ...world,
    peerNext: input.world.peerNext,
    injected: input.world.injected,
    role: world.role ?? input.world.role,
  };
}

/** What the reference does with an input no transition takes: nothing, except that a timer that fired is gone. */
function ignored(world: World, input: PlannedInput, t: Transition): World {
  const w = withTester(world, input);
  if (t.input.kind !== 'timer') return w;
  const timers = new Map(w.timers);
  timers.delete(t.input.timer);
  return { ...w, timers };
}

/** Two worlds in different states, or with other variables (or the same in another order). */
const differ = (a: World, b: World) => a.state !== b.state || valuesKey(a.vars) !== valuesKey(b.vars);

/** The transitions of a state that take the input `t` takes, in spec order. */
function takers(spec: Spec, state: string, t: Transition): readonly Transition[] {
  return candidates(memoOf(spec).machine, state, inputKey(t.input));
}

/** Everything in a world (and the tester's choices) that the input chosen or the answer can depend on. */
function worldKey(world: World, choices: Choices): string {
  return `${worldKeyOf(world)}|${choicesKey(choices)}`;
}

const OUTPUTS = new WeakMap<Pick<Outcome, 'segments' | 'app'>, string>();
/** What an outcome shows, as a string (made once per outcome). */
const outputOf = (o: Pick<Outcome, 'segments' | 'app'>) =>
  remembered(OUTPUTS, o, () => JSON.stringify([o.segments, o.app]));
const SEGMENTS = new WeakMap<Pick<Outcome, 'segments' | 'app'>, string>();
const segmentsOf = (o: Pick<Outcome, 'segments' | 'app'>) => remembered(SEGMENTS, o, () => JSON.stringify(o.segments));

/**
 * Whether two outcomes answer differently: other segments, or application events no
 * implementation could tell in both (an optional "reset" does not tell an abort apart from
 * one that reports nothing).
 */
function apart(a: Pick<Outcome, 'segments' | 'app'>, b: Pick<Outcome, 'segments' | 'app'>): boolean {
  if (outputOf(a) === outputOf(b)) return false;
  return segmentsOf(a) !== segmentsOf(b) || !appOverlap(a.app, b.app);
}

/** Whether the outcome may show nothing at all. */
const maySayNothing = (o: Pick<Outcome, 'segments' | 'app'>) => o.segments.length === 0 && mayTellNothing(o.app);

/**
 * For every hypothesis, the shortest sequence (up to its depth, of inputs the expected state
 * takes) after which it answers differently: one breadth-first walk serves all of them,
 * following a branch only while some hypothesis is still unsettled and not yet merged into
 * the expected world. Strong differences are preferred to weak ones, and inputs to clock
 * advances, since not every implementation can be hurried.
 */
function separateAll(spec: Spec, world: World, others: readonly Hypothesis[], choices: Choices): PathStep[][] {
  const strong = new Map<string, PathStep[]>();
  const weak = new Map<string, PathStep[]>();
  interface Node extends Kept {
    readonly steps: PathStep[];
    readonly mine: World;
  }
  const depthOf = new Map(others.map((o) => [o.name, o.depth]));
  let level: Node[] = [
    { steps: [], mine: world, names: others.map((o) => o.name), theirs: others.map((o) => o.world) },
  ];
  for (let depth = 1; depth <= MAX_DEPTH && level.length > 0 && strong.size < others.length; depth++) {
    const next: Node[] = [];
    const seen = new Set<string>();
    // Past two inputs, a weak difference is good enough, and past three only states with none
    // are searched for: the search grows fast.
    const wanted = (o: string) => depth <= depthOf.get(o)! && !strong.has(o) && !(depth > 2 && weak.has(o));
    for (const node of level) {
      if (!node.names.some(wanted)) continue;
      for (const t of ordered(spec, node.mine.state)) {
        const step = stepFrom(spec, t, node.mine, choices);
        if (!step) continue;
        // Made only when needed: most steps settle nothing.
        let steps: PathStep[] | undefined;
        let kept: Kept | undefined;
        for (let i = 0; i < node.names.length; i++) {
          const o = node.names[i]!;
          const w = node.theirs[i]!;
          if (!wanted(o)) continue;
          const r = react(spec, w, step.input, t);
          if (r === 'unknown') continue;
          if (r === 'unspecified') {
            // Apart only if the other state ignores it, which it need not. Kept only if nothing better turns up.
            if (!maySayNothing(step.outcome)) {
              steps ??= [...node.steps, step];
              if (!weak.has(o)) weak.set(o, steps);
            } else kept = keep(kept, o, ignored(w, step.input, t));
          } else if (apart(r, step.outcome)) {
            steps ??= [...node.steps, step];
            strong.set(o, steps);
          } else if (differ(r.world, step.outcome.world)) kept = keep(kept, o, r.world);
        }
        // A branch that leads where an earlier one of the same length did finds nothing that one
        // does not find first: most inputs leave the worlds as another input did.
        const key = kept && branchKey(step.outcome.world, kept);
        if (kept && key && !seen.has(key)) {
          seen.add(key);
          next.push({ ...kept, steps: steps ?? [...node.steps, step], mine: step.outcome.world });
        }
      }
    }
    level = next;
  }
  return others.map((o) => strong.get(o.name) ?? weak.get(o.name)).filter((x) => x !== undefined);
}

/** The other worlds a branch of the walk keeps, in parallel arrays: the walk makes many. */
interface Kept {
  readonly names: string[];
  readonly theirs: World[];
}

function branchKey(mine: World, kept: Kept): string {
  let key = worldKeyOf(mine);
  for (let i = 0; i < kept.names.length; i++) key += `\n${kept.names[i]}\n${worldKeyOf(kept.theirs[i]!)}`;
  return key;
}

function keep(kept: Kept | undefined, name: string, world: World): Kept {
  const k = kept ?? { names: [], theirs: [] };
  k.names.push(name);
  k.theirs.push(world);
  return k;
}

/** A state's transitions with calls and segments first: a clock advance is the last resort. */
function ordered(spec: Spec, state: string): readonly Transition[] {
  return remembered(memoOf(spec).ordered, state, () => {
    const here = fromState(spec, state);
    return [...here.filter((t) => t.input.kind !== 'timer'), ...here.filter((t) => t.input.kind === 'timer')];
  });
}

/** Does the sequence, run from the expected world, tell it from `other`? */
function tellsApart(spec: Spec, other: World, steps: readonly PathStep[]): Verdict {
  let theirs = other;
  for (const s of steps) {
    const r = react(spec, theirs, s.input, s.transition);
    if (r === 'unknown') return undefined;
    if (r === 'unspecified') {
      if (!maySayNothing(s.outcome)) return 'weak';
      theirs = ignored(theirs, s.input, s.transition);
      continue;
    }
    if (apart(r, s.outcome)) return 'strong';
    theirs = r.world;
  }
  return undefined;
}

/**
 * What the searches remember, per spec: its states, each state's transitions, the sequences
 * found before by (state, role) as the transitions they take, whole answers by world, and
 * reactions by input and world.
 */
interface Memo {
  readonly states: readonly string[];
  readonly byState: ReadonlyMap<string, readonly Transition[]>;
  /** The spec as a machine: its transitions by state and input. */
  readonly machine: Machine;
  readonly bySituation: Map<string, { ids: readonly (readonly string[])[]; apart: ReadonlyMap<string, Separation> }>;
  readonly byWorld: Map<string, Identification>;
  readonly ordered: Map<string, readonly Transition[]>;
  readonly reactions: WeakMap<PlannedInput, Map<Transition, Map<string, Reaction>>>;
}
const memos = new WeakMap<Spec, Memo>();

function memoOf(spec: Spec): Memo {
  let memo = memos.get(spec);
  if (!memo) {
    const byState = new Map<string, Transition[]>();
    for (const t of spec.transitions) byState.set(t.from, [...(byState.get(t.from) ?? []), t]);
    memo = {
      states: statesOf(spec),
      byState,
      machine: machineOf(spec),
      bySituation: new Map(),
      byWorld: new Map(),
      reactions: new WeakMap(),
      ordered: new Map(),
    };
    memos.set(spec, memo);
  }
  return memo;
}

/** The worlds to tell `world` from: every other state of the spec, and each of VALUES one less. */
function hypotheses(world: World, states: readonly string[]): Hypothesis[] {
  const others = states
    .filter((s) => s !== world.state)
    .map((o) => ({ name: o, world: { ...world, state: o }, depth: MAX_DEPTH }));
  const values = VALUES.flatMap((name) => {
    const v = world.vars.get(name);
    if (!v) return [];
    const vars = new Map([...world.vars, [name, { ...v, off: seq.sub(v.off, 1) }]]);
    return [{ name: `${name} - 1`, world: { ...world, vars }, depth: VALUE_DEPTH }];
  });
  return [...others, ...values];
}

/**
 * The identification of the state of `world`. Cases that end in the same state mostly differ
 * only in the numbers they carry, so the transitions of sequences found for an earlier case
 * are tried first; they are kept when they tell the world apart as well here.
 */
export function identify(spec: Spec, world: World, choices: Choices): Identification {
  const memo = memoOf(spec);
  // Variants of one case often end in the very same world: the answer is then the same.
  const exact = worldKey(world, choices);
  const known = memo.byWorld.get(exact);
  if (known) return known;
  const found = identifyAnew(spec, world, choices, memo);
  // Only other states are reported; a number that no input shows just adds no sequence.
  const result = {
    sequences: found.sequences,
    apart: new Map([...found.apart].filter(([o]) => memo.states.includes(o))),
  };
  memo.byWorld.set(exact, result);
  return result;
}

function identifyAnew(spec: Spec, world: World, choices: Choices, memo: Memo): Identification {
  const others = hypotheses(world, memo.states);
  const key = `${world.state}|${world.role ?? ''}`;
  const earlier = memo.bySituation.get(key);
  if (earlier) {
    const again = replay(spec, world, choices, earlier, others);
    if (again) return again;
  }
  const fresh = search(spec, world, choices, others);
  memo.bySituation.set(key, { ids: fresh.sequences.map((s) => s.map((p) => p.transition.id)), apart: fresh.apart });
  return fresh;
}

/** Every hypothesis told apart at least as well as before. */
function asGood(now: ReadonlyMap<string, Separation>, before: ReadonlyMap<string, Separation>): boolean {
  return [...before].every(([o, how]) => SEPARATION[now.get(o) ?? 'none'] >= SEPARATION[how]);
}

/**
 * The same transitions from another world, and how well they tell it apart there; undefined
 * when they cannot be taken, or tell some hypothesis apart less well than before.
 */
function replay(
  spec: Spec,
  world: World,
  choices: Choices,
  earlier: { ids: readonly (readonly string[])[]; apart: ReadonlyMap<string, Separation> },
  others: readonly Hypothesis[],
): Identification | undefined {
  const sequences: PathStep[][] = [];
  for (const seqIds of earlier.ids) {
    const steps: PathStep[] = [];
    let w = world;
    for (const id of seqIds) {
      const step = stepFrom(spec, spec.transitions.find((t) => t.id === id)!, w, choices);
      if (!step) return undefined;
      steps.push(step);
      w = step.outcome.world;
    }
    sequences.push(steps);
  }
  const apart = new Map<string, Separation>();
  for (const o of others) {
    // The best any sequence does: the first strong one settles it.
    let how: Separation = 'none';
    for (const s of sequences) {
      const v = tellsApart(spec, o.world, s);
      if (v === 'strong' || (v === 'weak' && how === 'none')) how = v;
      if (how === 'strong') break;
    }
    // Worse than before: the earlier sequences will not do, whatever the rest.
    if (SEPARATION[how] < SEPARATION[earlier.apart.get(o.name) ?? 'none']) return undefined;
    apart.set(o.name, how);
  }
  return asGood(apart, earlier.apart) ? { sequences, apart } : undefined;
}

/**
 * A small set of sequences (greedy set cover over the shortest separating sequence of each
 * hypothesis) that together tell `world` from every other state of the spec, and from the
 * numbers one off that some input shows.
 */
function search(spec: Spec, world: World, choices: Choices, others: readonly Hypothesis[]): Identification {
  const candidates = separateAll(spec, world, others, choices);
  const apart = new Map<string, Separation>(others.map((o) => [o.name, 'none']));
  const sequences: PathStep[][] = [];
  const verdicts = candidates.map((c) => new Map(others.map((o) => [o.name, tellsApart(spec, o.world, c)])));
  for (;;) {
    const open = others.filter((o) => apart.get(o.name) !== 'strong').map((o) => o.name);
    // The candidate that settles the most open hypotheses, strongly before weakly.
    const gain = (v: Map<string, Verdict>) =>
      open.reduce(
        (n, o) => n + (v.get(o) === 'strong' ? 2 : v.get(o) === 'weak' && apart.get(o) === 'none' ? 1 : 0),
        0,
      );
    const best = verdicts
      .map((v, i) => ({ i, g: gain(v) }))
      .sort((a, b) => b.g - a.g || candidates[a.i]!.length - candidates[b.i]!.length)[0];
    if (!best || best.g === 0) break;
    sequences.push(candidates[best.i]!);
    for (const [o, v] of verdicts[best.i]!) {
      if (v === 'strong' || (v === 'weak' && apart.get(o) === 'none')) apart.set(o, v);
    }
  }
  return { sequences, apart };
}
