/**
 * Cases that only show over time: two successive connections must get different ISNs, a
 * timer a transition starts must expire after its length, a timer that a transition
 * starts again must need its whole length again, one it leaves alone must keep its deadline,
 * and one it stops must stay silent.
 */
import type { Step } from '../../core/case.js';
import * as seq from '../../core/seq.js';
import { abs, type Sym } from '../../core/expr/evaluate.js';
import type { Spec, Transition } from '../../core/spec/types.js';
import {
  assumptionsOf,
  BASE_VARIANT,
  buildCase,
  CHECKPOINTS,
  needsOf,
  PEER_ISN,
  setupOf,
  toStep,
  type PlannedCase,
} from './build-case.js';
import { termOf } from './execute.js';
import { stepFrom, type Path } from './paths.js';
import { roleText, sourceOf, titleOf } from './titles.js';
import { DEFAULT_CHOICES, isnBase } from './world.js';

export function freshIsnCase(spec: Spec, t: Transition, start: Path): PlannedCase {
  // The first connection's own case identifies its state; this one is about the ISNs only.
  const { [CHECKPOINTS]: _, ...first } = buildCase(spec, t, start, BASE_VARIANT)!;
  // The second connection repeats the same steps; its ISN is a new unknown.
  const second = first.steps.map((s) => renameIsn(s));
  const rules = [...new Set([...t.rules, ...spec.variables.filter((v) => v.name === 'ISS').flatMap((v) => v.rules)])];
  const marker = { transition: t.id, rules, labels: t.labels };
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
    title: `${titleOf(t, rules, 'two successive connections get different ISNs')} ${roleText(first.role)}`,
    rules,
    focus: first.steps.length,
    steps,
  };
}

function renameIsn(s: Step): Step {
  const fix = <T extends { base?: string }>(term: T): T =>
    term.base === isnBase(1) ? { ...term, base: isnBase(2) } : term;
  if (s.kind === 'reset' || s.kind === 'distinct') return s;
  const expect = {
    ...s.expect,
    segments: s.expect.segments.map((p) => ({ ...p, seq: fix(p.seq), ...(p.ack ? { ack: fix(p.ack) } : {}) })),
  };
  if (s.kind === 'inject')
    return {
      ...s,
      expect,
      segment: { ...s.segment, seq: fix(s.segment.seq), ...(s.segment.ack ? { ack: fix(s.segment.ack) } : {}) },
    };
  return { ...s, expect };
}

/**
 * Half of a timer's length, when it can be said exactly (2*MSL -> MSL); else 1 ms, which is
 * enough on a virtual clock: the old deadline then falls inside the new length - 1.
 */
function partOf(v: Sym): { wait: Sym; left: Sym; what: string } {
  const exact =
    v.base === null
      ? v.off % 2 === 0 && v.off > 0
        ? abs(v.off / 2)
        : undefined
      : v.k % 2 === 0 && v.off === 0
        ? { ...v, k: v.k / 2 }
        : undefined;
  return exact
    ? { wait: exact, left: exact, what: 'half its time' }
    : { wait: abs(1), left: { ...v, off: seq.sub(v.off, 1) }, what: '1 ms' };
}

/** Is the timer running when the transition fires? A timer that fires is no longer running. */
function running(t: Transition, world: Path['world'], timer: string): boolean {
  return world.timers.has(timer) && !(t.input.kind === 'timer' && t.input.timer === timer);
}

/** A timer, and the transitions of a state that may take its expiry there (the first whose guard holds does). */
interface Expiring {
  readonly timer: string;
  readonly expiries: readonly Transition[];
}

function expiring(spec: Spec, state: string, timer: string): Expiring | undefined {
  const expiries = spec.transitions.filter(
    (u) => u.from === state && u.input.kind === 'timer' && u.input.timer === timer,
  );
  return expiries.length > 0 ? { timer, expiries } : undefined;
}

/** The timers a transition starts, each with the transitions its expiry may take afterwards. */
function startedTimers(spec: Spec, t: Transition): Expiring[] {
  return t.actions.flatMap((a) => {
    if (a.kind !== 'start_timer') return [];
    const e = expiring(spec, t.to, a.timer);
    return e ? [e] : [];
  });
}

/**
 * A transition that starts a timer already running restarts it. That shows only over time:
 * wait part of the timer, take the transition, then the timer must need its whole length
 * again (nothing at length - 1), and expire only then.
 */
export function restartCase(spec: Spec, t: Transition, start: Path): PlannedCase | undefined {
  const started = startedTimers(spec, t).find((s) => running(t, start.world, s.timer));
  if (!started) return undefined;
  return pausedCase(
    spec,
    t,
    start,
    started,
    'restarts',
    (what) => `restarts the ${started.timer} timer: after ${what}, it needs its whole length again`,
  );
}

/** A timer case that first waits part of the running timer (partOf), then takes `t`. */
function pausedCase(
  spec: Spec,
  t: Transition,
  start: Path,
  timer: Expiring,
  verb: string,
  what: (part: string) => string,
): PlannedCase | undefined {
  const { wait, left, what: part } = partOf(start.world.timers.get(timer.timer)!);
  const waited = { ...start.world, timers: new Map([...start.world.timers, [timer.timer, left]]) };
  const pause: Step = {
    kind: 'advance',
    ms: termOf(wait),
    transition: t.id,
    rules: t.rules,
    labels: t.labels,
    expect: { segments: [], app: [], state: t.from },
  };
  return timerCase(spec, t, start, waited, timer, [pause], `${verb}-${timer.timer}`, what(part));
}

/**
 * A transition that leaves a running timer alone must not start it again: wait part of the
 * timer, take the transition, and the timer must expire when it was due before (nothing a ms
 * earlier), not a whole length later. An implementation that restarts TIME_WAIT on any
 * segment fails here. Only where that timer is the one running, so no other expires between.
 */
export function keptCase(spec: Spec, t: Transition, start: Path): PlannedCase | undefined {
  if (t.input.kind === 'timer' || start.world.timers.size !== 1) return undefined;
  const [timer] = [...start.world.timers.keys()];
  if (t.actions.some((a) => (a.kind === 'start_timer' || a.kind === 'stop_timer') && a.timer === timer))
    return undefined;
  const e = expiring(spec, t.to, timer!);
  if (!e) return undefined;
  return pausedCase(
    spec,
    t,
    start,
    e,
    'keeps',
    (what) => `keeps the ${timer} timer: after ${what}, it expires when it was due`,
  );
}

/**
 * A transition that starts a timer that is not running: the timer must expire after its
 * length (nothing at length - 1), in the state the transition leads to. Without this case a
 * state reached by more than one transition would only show the timer of the one on its
 * shortest path.
 */
export function expiryCase(spec: Spec, t: Transition, start: Path): PlannedCase | undefined {
  const started = startedTimers(spec, t).find((s) => !running(t, start.world, s.timer));
  if (!started) return undefined;
  return timerCase(
    spec,
    t,
    start,
    start.world,
    started,
    [],
    `starts-${started.timer}`,
    `starts the ${started.timer} timer: it expires after its length`,
  );
}

function timerCase(
  spec: Spec,
  t: Transition,
  start: Path,
  world: Path['world'],
  started: Expiring,
  pause: Step[],
  idSuffix: string,
  what: string,
): PlannedCase | undefined {
  const focus = stepFrom(spec, t, world, DEFAULT_CHOICES);
  // The expiry takes the first of the state's timer transitions whose guard holds, as the machine does.
  const fired =
    focus &&
    started.expiries.map((u) => stepFrom(spec, u, focus.outcome.world, DEFAULT_CHOICES)).find((x) => x !== undefined);
  if (!focus || !fired) return undefined;
  const rules = [...new Set([...t.rules, ...fired.transition.rules])];
  const after = [...pause, ...toStep(focus), ...toStep(fired)];
  // Identify the state 1 ms before the timer is due (it must not have fired early) and after
  // it fired (it must have): its expiry may show in nothing else.
  const due = { ...focus.outcome.world, timers: new Map([...focus.outcome.world.timers, [started.timer, abs(1)]]) };
  const checkpoints = [
    { at: after.length - 1, world: due },
    { at: after.length, world: fired.outcome.world },
  ];
  return overTime(spec, t, start, rules, after, checkpoints, idSuffix, what);
}

/**
 * A transition that stops a running timer: waiting out the rest of the timer's time
 * afterwards must bring nothing. Skipped unless every timer still running is sure to expire
 * later.
 */
export function stoppedCase(spec: Spec, t: Transition, start: Path): PlannedCase | undefined {
  const stopped = t.actions.flatMap((a) =>
    a.kind === 'stop_timer' && running(t, start.world, a.timer) ? [a.timer] : [],
  )[0];
  const focus = stepFrom(spec, t, start.world, DEFAULT_CHOICES);
  if (stopped === undefined || !focus) return undefined;
  const left = start.world.timers.get(stopped)!;
  const others = [...focus.outcome.world.timers.values()];
  const later = (v: Sym) => v.base === left.base && v.k === left.k && seq.gt(v.off, left.off);
  if (!others.every(later)) return undefined;
  const wait: Step = {
    kind: 'advance',
    ms: termOf(left),
    transition: t.id,
    rules: t.rules,
    labels: t.labels,
    expect: { segments: [], app: [], state: t.to },
  };
  const after = [...toStep(focus), wait];
  return overTime(
    spec,
    t,
    start,
    t.rules,
    after,
    [{ at: after.length, world: focus.outcome.world }],
    `stops-${stopped}`,
    `stops the ${stopped} timer: nothing happens when it would have expired`,
  );
}

/**
 * A case of `t` after `start`, whose steps from the path's end are `after`; the state is to be
 * identified at each checkpoint (counted in steps of `after`).
 */
function overTime(
  spec: Spec,
  t: Transition,
  start: Path,
  rules: readonly string[],
  after: readonly Step[],
  checkpoints: readonly { at: number; world: Path['world'] }[],
  idSuffix: string,
  what: string,
): PlannedCase {
  const setup = setupOf(start);
  const steps = [...setup, ...after];
  const role = start.world.role ?? 'none';
  return {
    id: `${t.id}/${role}/${idSuffix}`,
    profile: t.profile,
    title: `${titleOf(t, rules, what)} ${roleText(role)}`,
    rules,
    labels: t.labels,
    rfc: t.rfc,
    transition: t.id,
    source: sourceOf(t),
    role,
    peerIsn: PEER_ISN,
    focus: setup.length,
    steps,
    needs: needsOf(steps, setup.length, BASE_VARIANT, spec.initial),
    ...assumptionsOf(spec, steps),
    [CHECKPOINTS]: checkpoints.map((c) => ({ at: setup.length + c.at, world: c.world, choices: DEFAULT_CHOICES })),
  };
}
