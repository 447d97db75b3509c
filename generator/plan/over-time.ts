/**
 * Cases that only show over time: two successive connections must get different ISNs, and a
 * timer that a transition starts again must need its whole length again.
 */
import type { Step, TestCase } from '../../src/case.js';
import { abs, type Sym } from '../expr/evaluate.js';
import type { Spec, Transition } from '../model/types.js';
import { assumptionsOf, BASE_VARIANT, buildCase, needsOf, PEER_ISN, toStep } from './build-case.js';
import { termOf } from './execute.js';
import { stepFrom, type Path } from './paths.js';
import { roleText, sourceOf, titleOf } from './titles.js';
import { DEFAULT_CHOICES, isnBase } from './world.js';

export function freshIsnCase(spec: Spec, t: Transition, start: Path): TestCase {
  const first = buildCase(spec, t, start, BASE_VARIANT)!;
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
    title: `${titleOf(t, rules, 'two successive connections get different ISNs')} ${roleText(first.role)}`,
    rules,
    focus: first.steps.length,
    steps,
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
export function restartCase(spec: Spec, t: Transition, start: Path): TestCase | undefined {
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
    title: `${titleOf(t, rules, `restarts the ${timer.timer} timer: after half its time, it needs its whole length again`)} ${roleText(role)}`,
    rules,
    rfc: t.rfc,
    transition: t.id,
    source: sourceOf(t),
    role,
    peerIsn: PEER_ISN,
    focus: setup.length,
    steps,
    needs: needsOf(steps, setup.length, BASE_VARIANT, spec.initial),
    ...assumptionsOf(spec, steps),
  };
}
