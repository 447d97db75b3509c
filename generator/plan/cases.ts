/**
 * Step 4: the plan. Every transition is tested from every role (client / server) in which
 * its from-state is reachable, after the shortest path there; then variants check what one
 * run cannot: sequence numbers that wrap past 2^32 - 1, a small or missing peer MSS for a
 * transition that segments data, and a fresh ISN on a second connection for a transition
 * that chooses one. Cases are plain data.
 */
import type { Capability, Step, TestCase } from '../../src/case.js';
import * as seq from '../../src/seq.js';
import { ErrorCollector, SpecError } from '../errors.js';
import { callsFn, namesIn } from '../expr/ast.js';
import { abs, type Sym } from '../expr/evaluate.js';
import { positionOf } from '../load.js';
import type { Profile, Spec, Transition } from '../model/types.js';
import { PROFILES } from '../validate/schema.js';
import { termOf } from './execute.js';
import { loopUntilFires, shortestPaths, stepFrom, type Path, type PathStep } from './paths.js';
import { DEFAULT_CHOICES, isnBase, type Choices } from './world.js';

export const PEER_ISN = 1_000_000_000;
export const WRAP_ISN = seq.SEQ_MAX;
/** A small MSS for the tester to announce, and a send long enough to need three segments. */
const SMALL_MSS: Choices = { ...DEFAULT_CHOICES, peerMss: 64, sendLen: 150 };
/** No MSS option from the tester: the IUT must assume 536 (RFC 9293 §3.7.1). */
const NO_MSS: Choices = { ...DEFAULT_CHOICES, peerMss: null, sendLen: 1200 };

interface Variant {
  readonly suffix: string;
  readonly idSuffix: string;
  readonly choices: Choices;
  readonly peerIsn: number;
  readonly iutIsn?: number;
  readonly extraRules: readonly string[];
}

/**
 * Plan every profile in turn: a profile's transitions are tested on paths made of its own and
 * smaller profiles' transitions only, so a memo test never depends on RFC-only behaviour.
 */
export function planCases(spec: Spec): TestCase[] {
  const errors = new ErrorCollector();
  const cases = PROFILES.flatMap((profile) => {
    const upTo = PROFILES.slice(0, PROFILES.indexOf(profile) + 1) as readonly Profile[];
    const view: Spec = { ...spec, transitions: spec.transitions.filter((t) => upTo.includes(t.profile)) };
    return planProfile(view, profile, errors);
  });
  errors.throwIfAny();
  return cases;
}

function planProfile(spec: Spec, profile: Profile, errors: ErrorCollector): TestCase[] {
  const shortest = memo((c: Choices) => shortestPaths(spec, c));
  const startsFor = (t: Transition, c: Choices) => startsOf(spec, t, c, shortest(c));
  const cases: TestCase[] = [];
  for (const t of spec.transitions.filter((x) => x.profile === profile)) {
    const starts = startsFor(t, DEFAULT_CHOICES);
    const before = cases.length;
    for (const variant of variantsFor(spec, t)) {
      for (const start of startsFor(t, variant.choices)) {
        const c = buildCase(spec, t, start, variant);
        if (c && (variant.idSuffix === '' || usesVariant(c, variant))) cases.push(c);
      }
    }
    if (cases.length === before) {
      // Tell the root cause apart from its consequences: a guard that never holds, or a state
      // that is never reached because the transitions into it never fire.
      const reached = [...shortest(DEFAULT_CHOICES).values()].some((p) => p.world.state === t.from);
      const why = reached ? `no input satisfies its guard in ${t.from}` : `${t.from} is never reached from ${spec.initial} (the transitions into it never fire)`;
      errors.add(new SpecError(positionOf(t.loc.file, t.loc.path), `transition "${t.id}" can never fire: ${why}`));
      continue;
    }
    if (t.actions.some((a) => a.kind === 'set' && a.assignments.some((s) => callsFn(s.value.tree, 'isn')))) {
      for (const start of starts) cases.push(freshIsnCase(spec, t, start));
    }
    for (const start of starts) {
      const c = restartCase(spec, t, start);
      if (c) cases.push(c);
    }
  }
  return cases;
}

function memo<A, R>(f: (a: A) => R): (a: A) => R {
  const cache = new Map<A, R>();
  return (a) => {
    if (!cache.has(a)) cache.set(a, f(a));
    return cache.get(a)!;
  };
}

const ROLES = ['client', 'server'] as const;

/**
 * The paths after which the transition fires, one per role: the shortest path to its state
 * when the transition can fire there, else that path extended by the state's own loops (a
 * retransmission counting up) until it can. A role in which it cannot fire gets no test.
 * From the initial state, where no connection has a role yet, only the empty path.
 */
function startsOf(spec: Spec, t: Transition, choices: Choices, paths: Map<string, Path>): Path[] {
  const roles = t.from === spec.initial ? [undefined] : ROLES.filter((r) => paths.has(`${t.from}|${r}`));
  return roles
    .map((r) => {
      const direct = paths.get(`${t.from}|${r ?? ''}`)!;
      if (stepFrom(spec, t, direct.world, choices)) return direct;
      return loopUntilFires(spec, t, direct, choices);
    })
    .filter((p): p is Path => p !== undefined);
}

function variantsFor(spec: Spec, t: Transition): Variant[] {
  const base = { choices: DEFAULT_CHOICES, peerIsn: PEER_ISN, extraRules: [] };
  const variants: Variant[] = [
    { ...base, suffix: '', idSuffix: '' },
    { ...base, suffix: ', peer ISN 2^32-1', idSuffix: '/peer-isn-wrap', peerIsn: WRAP_ISN },
    { ...base, suffix: ', IUT ISN 2^32-1', idSuffix: '/iut-isn-wrap', iutIsn: WRAP_ISN },
  ];
  const sizes = t.actions.flatMap((a) => (a.kind === 'send' && a.max ? namesIn(a.max.tree) : []));
  if (sizes.length > 0) {
    const rules = spec.variables.filter((v) => sizes.includes(v.name)).flatMap((v) => v.rules);
    variants.push(
      { ...base, suffix: `, peer MSS ${SMALL_MSS.peerMss}`, idSuffix: '/small-peer-mss', choices: SMALL_MSS, extraRules: rules },
      { ...base, suffix: ', no peer MSS option', idSuffix: '/no-peer-mss', choices: NO_MSS, extraRules: rules },
    );
  }
  return variants;
}

/** A wrap variant is worth a test only if the case depends on the ISN it wraps. */
function usesVariant(c: TestCase, v: Variant): boolean {
  const bases = c.steps.flatMap((s) => {
    if (s.kind === 'reset' || s.kind === 'distinct') return [];
    const sent = s.kind === 'inject' ? [s.segment.seq.base, s.segment.ack?.base] : [];
    return [...sent, ...s.expect.segments.flatMap((p) => [p.seq.base, p.ack?.base])];
  });
  if (v.iutIsn !== undefined) return bases.includes('iss');
  if (v.peerIsn !== PEER_ISN) return bases.includes('peer');
  return true;
}

function toStep(s: PathStep): Step[] {
  const common = {
    transition: s.transition.id,
    rules: s.transition.rules,
    expect: { segments: s.outcome.segments, app: s.outcome.app, state: s.outcome.world.state },
  };
  const a = s.input.action;
  if (a.kind === 'advance') {
    // Just before the timer expires nothing may happen; then it expires.
    const before = { ...common, kind: 'advance' as const, ms: termOf({ ...a.ms, off: seq.sub(a.ms.off, 1) }), expect: { segments: [], app: [], state: s.transition.from } };
    return [before, { ...common, kind: 'advance', ms: termOf(abs(1)) }];
  }
  if (a.kind === 'inject') return [{ ...common, kind: 'inject', segment: a.segment }];
  return [{ ...common, kind: 'call', call: a.call, ...(a.data !== undefined ? { data: a.data } : {}) }];
}

function buildCase(spec: Spec, t: Transition, start: Path, v: Variant): TestCase | undefined {
  const focus = stepFrom(spec, t, start.world, v.choices);
  if (!focus) return undefined;
  const setup = start.steps.flatMap(toStep);
  const steps = [...setup, ...toStep(focus)];
  const role = start.world.role ?? focus.input.world.role ?? 'none';
  const rules = [...new Set([...t.rules, ...v.extraRules])];
  return {
    id: `${t.id}/${role}${v.idSuffix}`,
    profile: t.profile,
    title: `${titleOf(t, rules)} (${role === 'none' ? 'no connection' : `IUT as ${role}`}${v.suffix})`,
    rules,
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
  };
}

function freshIsnCase(spec: Spec, t: Transition, start: Path): TestCase {
  const first = buildCase(spec, t, start, { suffix: '', idSuffix: '', choices: DEFAULT_CHOICES, peerIsn: PEER_ISN, extraRules: [] })!;
  // The second connection repeats the same steps; its ISN is a new unknown.
  const second = first.steps.map((s) => renameIsn(s));
  const rules = [...new Set([...t.rules, ...spec.variables.filter((v) => v.name === 'ISS').flatMap((v) => v.rules)])];
  const marker = { transition: t.id, rules };
  const steps: Step[] = [
    ...first.steps,
    { kind: 'reset', ...marker },
    { kind: 'advance', ms: { off: 1 }, ...marker, expect: { segments: [], app: [], state: spec.initial } },
    ...second,
    { kind: 'distinct', bases: [isnBase(1), isnBase(2)], ...marker },
  ];
  return {
    ...first,
    id: `${t.id}/${first.role}/fresh-isn`,
    title: `${titleOf(t, rules, 'two successive connections get different ISNs')} (${first.role === 'none' ? 'no connection' : `IUT as ${first.role}`})`,
    rules,
    focus: first.steps.length,
    steps,
  };
}

/** Half of a timer's length, when it can be said exactly (2*MSL -> MSL). */
function half(v: Sym): Sym | undefined {
  if (v.base === null) return v.off % 2 === 0 && v.off > 0 ? abs(v.off / 2) : undefined;
  return v.k % 2 === 0 && v.off === 0 ? { ...v, k: v.k / 2 } : undefined;
}

/**
 * A transition that starts a timer already running restarts it. That shows only over time:
 * wait half the timer, take the transition, then the timer must need its whole length again
 * (nothing at length - 1), and expire only then.
 */
function restartCase(spec: Spec, t: Transition, start: Path): TestCase | undefined {
  const timer = t.actions.find((a) => a.kind === 'start_timer' && start.world.timers.has(a.timer));
  if (!timer || timer.kind !== 'start_timer') return undefined;
  const wait = half(start.world.timers.get(timer.timer)!);
  const expiry = spec.transitions.find((u) => u.from === t.to && u.input.kind === 'timer' && u.input.timer === timer.timer);
  if (!wait || !expiry) return undefined;
  const waited = { ...start.world, timers: new Map([...start.world.timers, [timer.timer, wait]]) };
  const focus = stepFrom(spec, t, waited, DEFAULT_CHOICES);
  const fired = focus && stepFrom(spec, expiry, focus.outcome.world, DEFAULT_CHOICES);
  if (!focus || !fired) return undefined;
  const setup = start.steps.flatMap(toStep);
  const rules = [...new Set([...t.rules, ...expiry.rules])];
  const pause: Step = { kind: 'advance', ms: termOf(wait), transition: t.id, rules: t.rules, expect: { segments: [], app: [], state: t.from } };
  const steps = [...setup, pause, ...toStep(focus), ...toStep(fired)];
  const role = start.world.role ?? 'none';
  return {
    id: `${t.id}/${role}/restarts-${timer.timer}`,
    profile: t.profile,
    title: `${titleOf(t, rules, `restarts the ${timer.timer} timer: after half its time, it needs its whole length again`)} (${role === 'none' ? 'no connection' : `IUT as ${role}`})`,
    rules,
    rfc: t.rfc,
    transition: t.id,
    source: sourceOf(t),
    role,
    peerIsn: PEER_ISN,
    focus: setup.length,
    steps,
    needs: needsOf(steps, setup.length, { suffix: '', idSuffix: '', choices: DEFAULT_CHOICES, peerIsn: PEER_ISN, extraRules: [] }, spec.initial),
    ...assumptionsOf(spec, steps),
  };
}

function renameIsn(s: Step): Step {
  const fix = <T extends { base?: string }>(term: T): T => (term.base === isnBase(1) ? { ...term, base: isnBase(2) } : term);
  if (s.kind === 'reset' || s.kind === 'distinct') return s;
  const expect = {
    ...s.expect,
    segments: s.expect.segments.map((p) => ({ ...p, seq: fix(p.seq), ...(p.ack ? { ack: fix(p.ack) } : {}) })),
  };
  if (s.kind === 'inject') return { ...s, expect, segment: { ...s.segment, seq: fix(s.segment.seq), ...(s.segment.ack ? { ack: fix(s.segment.ack) } : {}) } };
  return { ...s, expect };
}

/**
 * A case needs a capability when, without it, it could not check what it claims: a state
 * change that shows in no output needs the state query; waiting out a timer of the
 * implementation's own length needs a clock the harness can advance.
 */
function needsOf(steps: readonly Step[], focus: number, v: Variant, initial: string): Capability[] {
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
function assumptionsOf(spec: Spec, steps: readonly Step[]): { assumes?: Record<string, number> } {
  const assumed = spec.parameters.filter((p) => p.assumed);
  if (assumed.length === 0) return {};
  const used = new Set(steps.map((s) => s.transition));
  const names = new Set(spec.transitions.filter((t) => used.has(t.id)).flatMap(namesOfTransition));
  const assumes = Object.fromEntries(assumed.filter((p) => names.has(p.name)).map((p) => [p.name, p.default]));
  return Object.keys(assumes).length > 0 ? { assumes } : {};
}

function namesOfTransition(t: Transition): string[] {
  const exprs = [
    ...(t.input.guard ? [t.input.guard] : []),
    ...t.actions.flatMap((a) =>
      a.kind === 'set' ? a.assignments.map((s) => s.value) : a.kind === 'send' ? [a.seq, a.ack, a.mss, a.max].filter((e) => e !== undefined) : a.kind === 'start_timer' ? [a.after] : [],
    ),
  ];
  return exprs.flatMap((e) => namesIn(e.tree));
}

export function inputLabel(t: Transition): string {
  switch (t.input.kind) {
    case 'call':
      return `${t.input.call}()`;
    case 'segment':
      return t.input.ctl.join('+') || 'segment without flags';
    case 'timer':
      return `${t.input.timer} timer`;
  }
}

export function titleOf(t: Transition, rules: readonly string[], what = t.title): string {
  return `[${rules.join(' ')}] ${t.from} + ${inputLabel(t)} → ${t.to}: ${what}`;
}

export function sourceOf(t: Transition): string {
  return `${t.loc.file.name}:${positionOf(t.loc.file, t.loc.path).line}`;
}
