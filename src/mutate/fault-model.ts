/**
 * The fault model the suite is complete for, computed from the spec and the plan rather than
 * claimed: the W-method's terms (Chow 1978) with no extra states. Every transition of the
 * profile is exercised after a path to its state and its outputs are checked; its target
 * state is read by the state query or, without one, told from every other state by the
 * identifying sequences. Which pairs of states those sequences separate, and how, comes from
 * the cases themselves.
 */
import { profileView, statesOf } from '../../core/spec/profiles.js';
import type { Spec } from '../../core/spec/types.js';
import { SEPARATION, type Profile, type Separation, type Step, type TestCase } from '../../core/case.js';

export interface FaultModel {
  readonly profile: Profile;
  readonly states: number;
  readonly transitions: number;
  /** Ordered pairs (expected state, other state), by the weakest separation any case has for them. */
  readonly strong: number;
  readonly weak: number;
  readonly none: readonly string[];
  /** The longest identifying sequence, in inputs. */
  readonly longest: number;
}

export function faultModel(spec: Spec, cases: readonly TestCase[], profile: Profile): FaultModel {
  const view = profileView(spec, profile);
  const states = statesOf(view);
  const worst = new Map<string, Separation>();
  let longest = 0;
  for (const c of cases) {
    for (const id of c.identify ?? []) {
      if (id.profile !== profile) continue;
      longest = Math.max(longest, ...id.sequences.map(inputsIn));
      for (const other of states.filter((s) => s !== id.state)) {
        const how = id.none.includes(other) ? 'none' : id.weak.includes(other) ? 'weak' : 'strong';
        const key = `${id.state}/${other}`;
        if (!worst.has(key) || SEPARATION[how] < SEPARATION[worst.get(key)!]) worst.set(key, how);
      }
    }
  }
  const pairs = [...worst];
  return {
    profile,
    states: states.length,
    transitions: view.transitions.length,
    strong: pairs.filter(([, h]) => h === 'strong').length,
    weak: pairs.filter(([, h]) => h === 'weak').length,
    none: pairs.filter(([, h]) => h === 'none').map(([k]) => k),
    longest,
  };
}

/** A timer's expiry is two steps (nothing just before, then the expiry) but one input. */
function inputsIn(steps: readonly Step[]): number {
  return steps.filter(
    (x, i) => !(x.kind === 'advance' && steps[i + 1]?.kind === 'advance' && steps[i + 1]!.transition === x.transition),
  ).length;
}

export function formatFaultModel(f: FaultModel): string[] {
  const pairs = f.strong + f.weak + f.none.length;
  return [
    `  fault model: complete for output and transfer faults (W-method, no extra states) of an implementation with at most ${f.states} states, on the inputs the plan chooses:`,
    `    with a state query: each of the ${f.transitions} transitions is exercised after a path to its state, its outputs checked and its target state read;`,
    `    without one: target states are told apart by up to ${f.longest} inputs; of ${pairs} ordered state pairs the cases meet, ${f.strong} by a different answer,`,
    `    ${f.weak} only by an input the other state leaves unspecified (assuming an implementation ignores it there), ${f.none.length} not at all${f.none.length > 0 ? `: ${f.none.join(', ')}` : ''}.`,
  ];
}
