/**
 * Profiles nest: memo ⊂ rfc9293. A profile's view of the spec is its own transitions and
 * those of every smaller profile, so a run, a plan or a drawing of a profile never depends
 * on behaviour a larger profile adds.
 */
import { profilesUpTo } from '../case.js';
import type { Profile, Spec, Transition } from './types.js';

export { profilesUpTo };

export function inProfile(item: { readonly profile: Profile }, profile: Profile): boolean {
  return profilesUpTo(profile).includes(item.profile);
}

/** The transitions of a profile: its own and those of every smaller profile. */
export function transitionsOf(spec: Spec, profile: Profile): readonly Transition[] {
  return spec.transitions.filter((t) => inProfile(t, profile));
}

/** The states a spec's transitions use (a profile's view may not reach every declared one). */
export function statesOf(spec: Spec): string[] {
  const used = new Set(spec.transitions.flatMap((t) => [t.from, t.to]));
  return spec.states.map((s) => s.name).filter((s) => used.has(s));
}

/** The spec as the profile sees it: the transitions and unspecified entries it includes. */
export function profileView(spec: Spec, profile: Profile): Spec {
  return {
    ...spec,
    transitions: transitionsOf(spec, profile),
    unspecified: spec.unspecified.filter((u) => inProfile(u, profile)),
  };
}
