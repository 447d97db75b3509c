/**
 * The last pass of the plan: at each checkpoint of each case (after the focus, and around a
 * timer's deadline), the input sequences that identify the state by outputs, once per
 * profile from the case's own up, since a larger profile has more inputs to tell states
 * apart with. A case whose only evidence is a silent state change still lists the state
 * query among its needs; identification satisfies that need where it tells the state apart.
 */
import { profilesFrom, type Identify } from '../../core/case.js';
import { profileView } from '../../core/spec/profiles.js';
import type { Profile, Spec } from '../../core/spec/types.js';
import { PROFILES } from '../../core/case.js';
import { CHECKPOINTS, toStep, type Checkpoint, type PlannedCase } from './build-case.js';
import { identify } from './identify.js';

export function identifyStates(spec: Spec, cases: readonly PlannedCase[]): PlannedCase[] {
  const views = new Map(PROFILES.map((p) => [p, profileView(spec, p)]));
  return cases.map(({ [CHECKPOINTS]: checkpoints, ...c }) => {
    const found = (checkpoints ?? []).flatMap((cp) =>
      profilesFrom(c.profile).flatMap((p) => identification(views.get(p)!, p, cp)),
    );
    return found.length > 0 ? { ...c, identify: found } : c;
  });
}

function identification(view: Spec, profile: Profile, cp: Checkpoint): Identify[] {
  // A field fixed for the focus (a guard's boundary) is not fixed for what follows it.
  const { fixed: _, ...choices } = cp.choices;
  const found = identify(view, cp.world, choices);
  if (found.sequences.length === 0) return [];
  const apart = (how: string) => [...found.apart].filter(([, h]) => h === how).map(([s]) => s);
  return [
    {
      profile,
      at: cp.at,
      state: cp.world.state,
      sequences: found.sequences.map((s) => s.flatMap(toStep)),
      weak: apart('weak'),
      none: apart('none'),
    },
  ];
}
