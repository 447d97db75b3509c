/**
 * What a profile offers a fuzz walk, read from the spec: in each state, the calls, segments
 * (by their control flags, and whether the guard asks for data) and timers it has
 * transitions for, smaller profiles' first, so that an offer's first places are the normal
 * exchange's in every profile.
 */
import { dataOf } from '../../core/expr/ast.js';
import { callKey, inputKey, segmentKey, timerKey, type InputKey } from '../../core/input-key.js';
import { PROFILES, type CallName, type Profile } from '../../core/case.js';
import type { Flag } from '../../core/segment.js';
import type { Spec, Transition } from '../../core/spec/types.js';

/** A segment to offer: its flags, and `data`: the guard asks for data (true) or for none (false). */
export type SegmentInput = { readonly segment: readonly Flag[]; readonly data?: boolean };
export type TransitionInput = { readonly call: CallName } | SegmentInput | { readonly timer: string };

/** The calls, segments and timers the profile has transitions for in one state. */
export interface Offers {
  readonly state: string;
  readonly inputs: readonly TransitionInput[];
  readonly segments: readonly SegmentInput[];
}

export interface ProfileOffers {
  /** The IDs of the profile's transitions: a walk takes no other. */
  readonly allowed: ReadonlySet<string>;
  /** "STATE input key" for each input the profile has a transition for: another is refused unseen. */
  readonly specified: ReadonlySet<string>;
  readonly byState: ReadonlyMap<string, Offers>;
}

export function offersOf(spec: Spec, profile: Profile): ProfileOffers {
  const included = PROFILES.slice(0, PROFILES.indexOf(profile) + 1) as readonly Profile[];
  // A stable sort keeps spec order within a profile.
  const transitions = spec.transitions
    .filter((t) => included.includes(t.profile))
    .sort((a, b) => included.indexOf(a.profile) - included.indexOf(b.profile));
  const specified = new Set<string>();
  const byState = new Map(
    spec.states.map(({ name: state }) => {
      const offered = new Map<string, TransitionInput>();
      for (const t of transitions) {
        if (t.from !== state) continue;
        const offer = offerOf(t);
        const key = offerKey(offer);
        if (!offered.has(key)) offered.set(key, offer);
        specified.add(specifiedKey(state, inputKey(t.input)));
      }
      const inputs = [...offered.values()];
      return [state, { state, inputs, segments: inputs.filter((o) => 'segment' in o) }];
    }),
  );
  return { allowed: new Set(transitions.map((t) => t.id)), specified, byState };
}

export const specifiedKey = (state: string, key: InputKey) => `${state} ${key}`;

function offerOf({ input }: Transition): TransitionInput {
  switch (input.kind) {
    case 'call':
      return { call: input.call };
    case 'segment': {
      const data = dataOf(input.guard?.tree);
      return { segment: input.ctl, ...(data !== undefined ? { data } : {}) };
    }
    case 'timer':
      return { timer: input.timer };
  }
}

/** A segment whose guard asks for data, or for none, is an offer of its own. */
function offerKey(o: TransitionInput): string {
  if ('call' in o) return callKey(o.call);
  if ('timer' in o) return timerKey(o.timer);
  return o.data === undefined ? segmentKey(o.segment) : `${segmentKey(o.segment)} data=${o.data}`;
}
