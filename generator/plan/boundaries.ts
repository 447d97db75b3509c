/**
 * Cases on the boundaries of segment guards. A guard such as RCV.NXT <= SEG.SEQ < RCV.NXT +
 * RCV.WND is tested with the field on both sides of each of its boundaries (e - 1, e, e + 1,
 * see expr/search.ts), so an implementation that has one comparison off by one (< for <=)
 * fails a case. Each such value is taken by whichever transition of the same state and input
 * the spec says takes it; a value that no transition takes gets no case, as the spec says
 * nothing about it.
 */
import { abs, type Sym } from '../../core/expr/evaluate.js';
import { uniqueValues, type Boundary } from '../expr/search.js';
import { remembered } from '../../core/memo.js';
import { inputKey } from '../../core/input-key.js';
import type { Profile, Spec, Transition } from '../../core/spec/types.js';
import { PROFILES } from '../../core/case.js';
import { BASE_VARIANT, buildCase, type PlannedCase, type Variant } from './build-case.js';
import { guardBoundaries } from './input.js';
import { stepFrom, type Path, type PathStep } from './paths.js';
import { DEFAULT_CHOICES, type Choices } from './world.js';

/** The fields whose boundaries are worth a case: the ones guards compare with connection variables, and the data length. */
const FIELDS = ['SEG.SEQ', 'SEG.ACK', 'SEG.DATA'] as const;
/** A data length the planner can inject (a boundary such as 0 - 1 is none). */
const injectable = (field: string, v: Sym) => field !== 'SEG.DATA' || (v.base === null && v.off < 1500);

/**
 * The boundary cases of `t` after `start` that belong to `profile` (the larger of t's and the
 * taker's: a smaller profile's guard meets the larger profile's transitions only there);
 * `planned` holds the ids already used.
 */
export function boundaryCases(
  spec: Spec,
  t: Transition,
  start: Path,
  planned: readonly PlannedCase[],
  profile: Profile,
): PlannedCase[] {
  if (t.input.kind !== 'segment' || !t.input.guard) return [];
  const key = inputKey(t.input);
  // The transition under test first: where its own guard holds, it is the one that fires.
  const takers = [t, ...spec.transitions.filter((u) => u !== t && u.from === t.from && inputKey(u.input) === key)];
  const out: PlannedCase[] = [];
  const taken = new Set(planned.map((c) => c.id));
  // The other fields keep the values of t's own input where the taker allows, so a case
  // differs from t's in one comparison only: each conjunct of t's guard is then the one that
  // decides some case.
  const own = stepFrom(spec, t, start.world, DEFAULT_CHOICES)?.input.values.fields;
  const ownFields = FIELDS.flatMap((f) => (own?.has(f) ? [[f, own.get(f)] as const] : []));
  for (const field of FIELDS) {
    for (const { value, name } of uniqueBoundaries([
      ...guardBoundaries(spec, t, field, start.world),
      ...carried(t, field),
    ])) {
      if (!injectable(field, value)) continue;
      const near = { ...DEFAULT_CHOICES, fixed: new Map([...ownFields, [field, value]]) };
      const alone = { ...DEFAULT_CHOICES, fixed: new Map([[field, value]]) };
      const takes = (choices: Choices) => takers.find((u) => stepFrom(spec, u, start.world, choices));
      const choices = takes(near) ? near : alone;
      const taker = takes(choices);
      // A value the taker's ordinary case already injects needs no second case.
      if (
        !taker ||
        larger(t.profile, taker.profile) !== profile ||
        sameInput(stepFrom(spec, taker, start.world, choices), stepFrom(spec, taker, start.world, DEFAULT_CHOICES))
      )
        continue;
      // The case belongs to t's profile even when a smaller profile's transition takes the value:
      // the boundary and the path come from t's. When another transition takes it, the id names
      // t: the taker's own boundary case of the same field and value has its own path and keeps
      // the taker's other fields (an out-of-window ACK of nothing), while this one keeps t's (an
      // out-of-window ACK of data in flight), and each catches a fault the other does not.
      const label = `${field} = ${name}`;
      const scope = taker === t ? '' : `/${t.id}`;
      const variant: Variant = {
        ...BASE_VARIANT,
        suffix: `, ${label}`,
        idSuffix: `${scope}/${label.replace(/ /g, '')}`,
        choices,
      };
      const c = buildCase(spec, taker, start, variant);
      if (c && !taken.has(c.id) && !repeats(c, [...planned, ...out])) {
        taken.add(c.id);
        out.push({ ...c, profile });
      }
    }
  }
  return out;
}

/**
 * One octet of data for a transition that delivers what a segment carries: its own input has
 * none when its guard does not ask for any (a FIN), and the data must then be delivered too.
 */
function carried(t: Transition, field: string): Boundary[] {
  return field === 'SEG.DATA' && t.actions.some((a) => a.kind === 'deliver') ? [{ value: abs(1), name: '1' }] : [];
}

/** One boundary per value, named as the first comparison that finds it. */
function uniqueBoundaries(found: readonly Boundary[]): Boundary[] {
  const values = uniqueValues(found.map((b) => b.value));
  return values.map((v) => found.find((b) => b.value === v)!);
}

/** A case with the same steps is planned already (another guard's boundary may be the same value). */
function repeats(c: PlannedCase, planned: readonly PlannedCase[]): boolean {
  const steps = stepsOf(c);
  return planned.some(
    (p) => p.transition === c.transition && p.peerIsn === c.peerIsn && p.iutIsn === c.iutIsn && stepsOf(p) === steps,
  );
}

const STEPS = new WeakMap<PlannedCase, string>();
/** A case's steps as a string, made once per case. */
const stepsOf = (c: PlannedCase) => remembered(STEPS, c, () => JSON.stringify(c.steps));

function sameInput(a: PathStep | undefined, b: PathStep | undefined): boolean {
  return a === b || JSON.stringify(a?.input.action) === JSON.stringify(b?.input.action);
}

const larger = (a: Profile, b: Profile): Profile => (PROFILES.indexOf(a) > PROFILES.indexOf(b) ? a : b);
