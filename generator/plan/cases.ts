/**
 * Step 4: the plan. Every transition is tested from every role (client / server) in which
 * its from-state is reachable, after the shortest path there; then variants check what one
 * run cannot: sequence numbers that wrap past 2^32 - 1, a small or missing peer MSS for a
 * transition that segments data, a fresh ISN on a second connection for a transition that
 * chooses one, and a restarted timer over time. Cases are plain data.
 */
import type { TestCase } from '../../core/case.js';
import { ErrorCollector, SpecError } from '../../core/spec/errors.js';
import { remembered } from '../../core/memo.js';
import { callsFn, namesIn } from '../../core/expr/ast.js';
import { positionOf } from '../../core/spec/source.js';
import { profileView } from '../../core/spec/profiles.js';
import type { Profile, Spec, Transition } from '../../core/spec/types.js';
import { PROFILES } from '../../core/case.js';
import { boundaryCases } from './boundaries.js';
import { BASE_VARIANT, buildCase, PEER_ISN, WRAP_ISN, type PlannedCase, type Variant } from './build-case.js';
import { caseParameters } from '../../core/case-parameters.js';
import { parameterDefaults } from '../../core/spec/parameters.js';
import { identifyStates } from './identify-cases.js';
import { twoSendsStart } from './two-sends.js';
import { expiryCase, freshIsnCase, keptCase, restartCase, stoppedCase } from './over-time.js';
import { loopUntilFires, pathsAround, shortestPaths, stepFrom, type Path } from './paths.js';
import { DEFAULT_CHOICES, type Choices } from './world.js';
import { avoidsOf, specFor, type Avoids, type PlanFor } from './plan-for.js';

/** A small MSS for the tester to announce, and a send long enough to need three segments. */
const SMALL_MSS: Choices = { ...DEFAULT_CHOICES, peerMss: 64, sendLen: 150 };
/** No MSS option from the tester: the IUT must assume 536 (RFC 9293 §3.7.1). */
const NO_MSS: Choices = { ...DEFAULT_CHOICES, peerMss: null, sendLen: 1200 };
/** A retransmission with data of two sends unacknowledged (two-sends.ts). */
const TWO_SENDS: Variant = { ...BASE_VARIANT, suffix: ', data of two sends unacknowledged', idSuffix: '/two-sends' };

/**
 * Plan every profile in turn: a profile's transitions are tested on paths made of its own and
 * smaller profiles' transitions only, so a memo test never depends on RFC-only behaviour.
 * By default for the spec's parameter values; `at` plans for an implementation's own
 * (plan-for.ts).
 */
export function planCases(specAsWritten: Spec, at: PlanFor = {}): TestCase[] {
  const spec = specFor(specAsWritten, at);
  const avoids = avoidsOf(at);
  const errors = new ErrorCollector();
  const cases = PROFILES.flatMap((profile) => planProfile(profileView(spec, profile), profile, errors, avoids));
  errors.throwIfAny();
  const parameters = { parameters: parameterDefaults(spec), variations: spec.variations };
  return identifyStates(spec, cases).map((c) => ({
    ...c,
    // The ID ends the title, so a failure names the case and grep finds it.
    title: `${c.title} [${c.id}]`,
    initial: spec.initial,
    ...caseParameters(c, parameters),
  }));
}

function planProfile(spec: Spec, profile: Profile, errors: ErrorCollector, avoids: Avoids | undefined): PlannedCase[] {
  const shortest = memo((c: Choices) => shortestPaths(spec, c));
  const shortestAvoiding = avoids ? memo((c: Choices) => shortestPaths(spec, c, avoids)) : shortest;
  const othersAvoiding = memo((c: Choices) => (avoids ? pathsAround(spec, c, avoids) : new Map<string, Path[]>()));
  // Every variant with the usual choices starts where the plain case does: found once.
  const startsOfTransition = new Map<Transition, Map<Choices, Path[]>>();
  const startsFor = (t: Transition, c: Choices) =>
    remembered(
      remembered(startsOfTransition, t, () => new Map()),
      c,
      () => startsOf(spec, t, c, shortestAvoiding(c), shortest(c), avoids, () => othersAvoiding(c)),
    );
  const cases: PlannedCase[] = [];
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
      const why = reached
        ? `no input satisfies its guard in ${t.from}`
        : `${t.from} is never reached from ${spec.initial} (the transitions into it never fire)`;
      errors.add(new SpecError(positionOf(t.loc.file, t.loc.path), `transition "${t.id}" can never fire: ${why}`));
      continue;
    }
    if (t.actions.some((a) => a.kind === 'set' && a.assignments.some((s) => callsFn(s.value.tree, 'isn')))) {
      for (const start of starts) cases.push(freshIsnCase(spec, t, start));
    }
    if (t.actions.some((a) => a.kind === 'resend')) {
      for (const start of starts) {
        const two = twoSendsStart(spec, start, DEFAULT_CHOICES);
        const c = two && buildCase(spec, t, two, TWO_SENDS);
        if (c) cases.push(c);
      }
    }
    for (const start of starts) {
      for (const c of [
        expiryCase(spec, t, start),
        restartCase(spec, t, start),
        keptCase(spec, t, start),
        stoppedCase(spec, t, start),
      ])
        if (c) cases.push(c);
    }
    for (const start of starts) cases.push(...boundaryCases(spec, t, start, cases, profile));
  }
  // A smaller profile's guard has boundaries that only this profile's transitions take (an
  // ACK one below RCV.NXT, which the memo leaves unsaid, here gets a challenge ACK): a
  // transition that takes more than its guard says fails there.
  for (const t of spec.transitions.filter((x) => x.profile !== profile)) {
    for (const start of startsFor(t, DEFAULT_CHOICES)) cases.push(...boundaryCases(spec, t, start, cases, profile));
  }
  // Likewise the ACK that releases data held back (release.ts): where only this profile has a
  // transition for it, a smaller profile's send gets a case here.
  for (const t of spec.transitions.filter((x) => x.profile !== profile)) {
    for (const v of variantsFor(spec, t).filter((x) => x.releases)) {
      const acked: Variant = {
        ...v,
        suffix: `${v.suffix}, the full segments acknowledged`,
        idSuffix: `${v.idSuffix}/acked`,
        releases: 'only',
      };
      for (const start of startsFor(t, v.choices)) {
        const c = buildCase(spec, t, start, acked);
        if (c) cases.push({ ...c, profile });
      }
    }
  }
  return cases;
}

function memo<A, R>(f: (a: A) => R): (a: A) => R {
  const cache = new Map<A, R>();
  return (a) => remembered(cache, a, () => f(a));
}

const ROLES = ['client', 'server'] as const;

/**
 * The paths after which the transition fires, one per role: the shortest path to its state
 * when the transition can fire there, else that path extended by the state's own loops (a
 * retransmission counting up) until it can. A role in which it cannot fire gets no test.
 * From the initial state, where no connection has a role yet, only the empty path. Paths make
 * none of the calls the plan avoids where one without them reaches the state (`avoiding`);
 * where none does, the case keeps its path through the call, and the run says why it cannot.
 */
function startsOf(
  spec: Spec,
  t: Transition,
  choices: Choices,
  avoiding: Map<string, Path>,
  paths: Map<string, Path>,
  avoids: Avoids | undefined,
  others: () => Map<string, Path[]>,
): Path[] {
  const roles = t.from === spec.initial ? [undefined] : ROLES.filter((r) => paths.has(`${t.from}|${r}`));
  return roles
    .map((r) => {
      const key = `${t.from}|${r ?? ''}`;
      const fire = (p: Path, a: Avoids | undefined) =>
        stepFrom(spec, t, p.world, choices) ? p : loopUntilFires(spec, t, p, choices, a);
      const around = avoids && avoiding.get(key);
      const aroundOther = () => {
        for (const p of others().get(key) ?? []) {
          const fired = fire(p, avoids);
          if (fired) return fired;
        }
        return undefined;
      };
      return (around && (fire(around, avoids) || aroundOther())) || fire(paths.get(key)!, undefined);
    })
    .filter((p): p is Path => p !== undefined);
}

function variantsFor(spec: Spec, t: Transition): Variant[] {
  const base = BASE_VARIANT;
  const variants: Variant[] = [
    base,
    { ...base, suffix: ', peer ISN 2^32-1', idSuffix: '/peer-isn-wrap', peerIsn: WRAP_ISN },
    { ...base, suffix: ', IUT ISN 2^32-1', idSuffix: '/iut-isn-wrap', iutIsn: WRAP_ISN },
  ];
  // A resend is cut to the peer's MSS too (RESEND_NEEDS), so it gets the same variants.
  const sizes = t.actions.flatMap((a) =>
    a.kind === 'send' && a.max ? namesIn(a.max.tree) : a.kind === 'resend' ? ['SND.MSS'] : [],
  );
  if (sizes.length > 0) {
    const rules = spec.variables.filter((v) => sizes.includes(v.name)).flatMap((v) => v.rules);
    variants.push(
      {
        ...base,
        suffix: `, peer MSS ${SMALL_MSS.peerMss}`,
        idSuffix: '/small-peer-mss',
        choices: SMALL_MSS,
        extraRules: rules,
        // Not after a retransmission: an ACK then leaves an RFC 6298 RTO backed off (Karn), and
        // what identifies the state after it waits for the spec's RTO, later than the plan's.
        ...(t.actions.some((a) => a.kind === 'resend') ? {} : { releases: 'also' as const }),
      },
      { ...base, suffix: ', no peer MSS option', idSuffix: '/no-peer-mss', choices: NO_MSS, extraRules: rules },
    );
  }
  return variants;
}

/** A wrap variant is worth a test only if the case depends on the ISN it wraps. */
function usesVariant(c: PlannedCase, v: Variant): boolean {
  const bases = c.steps.flatMap((s) => {
    if (s.kind === 'reset' || s.kind === 'distinct') return [];
    const sent = s.kind === 'inject' ? [s.segment.seq.base, s.segment.ack?.base] : [];
    return [...sent, ...s.expect.segments.flatMap((p) => [p.seq.base, p.ack?.base])];
  });
  if (v.iutIsn !== undefined) return bases.includes('iss');
  if (v.peerIsn !== PEER_ISN) return bases.includes('peer');
  return true;
}
