/**
 * The model a fuzz walk is checked against: the generated reference, in process, restricted to
 * one profile. It takes each input before the IUT does. An input the profile says nothing about
 * (a transition of a larger profile, or a pair the spec leaves unspecified) is refused and
 * undone, so the walk never goes where the profile has no answer and the IUT never sees it.
 *
 * The reference cannot be copied, so undoing means starting a fresh one and taking the accepted
 * inputs again; the same replay puts the model on the ISN the IUT chose (`realign`), so every
 * number the two send can be compared exactly.
 */
import { createReference } from '../../generated/reference/index.js';
import {
  STATES,
  TRANSITIONS,
  UNSPECIFIED_CALLS,
  UNSPECIFIED_SEGMENTS,
  UNSPECIFIED_TIMERS,
  type SegmentInput,
  type TransitionInput,
} from '../../generated/spec-data.js';
import { PROFILES } from '../../core/case.js';
import type { Endpoints } from '../adapter.js';
import type { Reaction } from '../../core/reaction.js';
import type { Profile } from '../../core/case.js';
import { controlKey, hasFlag } from '../../core/segment.js';
import type { Input } from './concretize.js';

/** The calls, segments (by their control flags) and timers the profile has transitions for in one state, smaller profiles first. */
export interface Offers {
  readonly state: string;
  readonly inputs: readonly TransitionInput[];
  readonly segments: readonly SegmentInput[];
}

type Parts = ReturnType<typeof createReference>;

interface Taken {
  readonly input: Input;
  /** The ISN of the SYN this input made the model send, forced again when the input is replayed. */
  isn: number | undefined;
}

export class Model {
  private readonly allowed: ReadonlySet<string>;
  /** "STATE input" for each transition of the profile: an input without one is refused unseen. */
  private readonly specified: ReadonlySet<string>;
  private readonly offers: ReadonlyMap<string, Offers>;
  private parts!: Parts;
  private endpoint!: ReturnType<Parts['endpoint']>;
  private taken: Taken[] = [];
  /** Set while an input is taken when a transition outside the profile (or none) answered it. */
  private outside = false;
  /** Set while an input is taken when any transition ran: only then is there something to undo. */
  private changed = false;

  constructor(
    private readonly params: Readonly<Record<string, number>>,
    profile: Profile,
    private readonly ends: Endpoints,
  ) {
    const included = PROFILES.slice(0, PROFILES.indexOf(profile) + 1) as readonly string[];
    // Smaller profiles first (a stable sort keeps spec order), so an offer's first places are the
    // normal exchange's in every profile.
    const transitions = Object.entries(TRANSITIONS)
      .filter(([, t]) => included.includes(t.profile))
      .sort(([, a], [, b]) => included.indexOf(a.profile) - included.indexOf(b.profile));
    this.allowed = new Set(transitions.map(([id]) => id));
    const specified = new Set<string>();
    this.offers = new Map(
      STATES.map((state) => {
        const offered = new Map<string, TransitionInput>();
        for (const [, t] of transitions)
          if (t.from === state && !offered.has(offerKey(t.on))) offered.set(offerKey(t.on), t.on);
        const inputs = [...offered.values()];
        for (const input of inputs) specified.add(`${state} ${inputKey(input)}`);
        return [state, { state, inputs, segments: inputs.filter((o) => 'segment' in o) }];
      }),
    );
    this.specified = specified;
    this.reset();
  }

  get state(): string {
    return this.endpoint.state;
  }

  /** The calls and segments the profile has a transition for in the model's current state. */
  get offered(): Offers {
    return this.offers.get(this.endpoint.state)!;
  }

  /** A new walk: a fresh host (clock at zero, no timers) and a fresh connection. */
  reset(): void {
    this.taken = [];
    this.restart();
  }

  /** Take one input; undefined (and the model as before) when the profile has no answer to it. */
  take(input: Input): Reaction | undefined {
    // Most random inputs have no transition in a small profile: refusing them here spares running
    // the reference and then undoing what a larger profile's transition did.
    if (
      input.kind !== 'advance' &&
      !this.specified.has(
        `${this.state} ${inputKey(input.kind === 'call' ? input.call : { segment: input.segment.flags })}`,
      )
    )
      return undefined;
    if (this.unspecified(input)) return undefined;
    const reaction = this.apply(input, undefined);
    if (this.outside) {
      if (this.changed) this.replay();
      return undefined;
    }
    this.taken.push({ input, isn: synOf(reaction) });
    return reaction;
  }

  /**
   * Whether the spec leaves the input unspecified here. The reference's code takes such inputs
   * as it likes (it does not test what no test could see), so its answer tells nothing.
   */
  private unspecified(input: Input): boolean {
    const { v } = this.endpoint;
    const p = this.parts.host.params;
    switch (input.kind) {
      case 'call': {
        const data = input.call.data ?? NO_DATA;
        return UNSPECIFIED_CALLS[this.state]?.[input.call.call]?.some((test) => test({ v, p, data })) ?? false;
      }
      case 'deliver': {
        const seg = input.segment;
        return UNSPECIFIED_SEGMENTS[this.state]?.[controlKey(seg.flags)]?.some((test) => test({ v, p, seg })) ?? false;
      }
      case 'advance':
        // A timer is checked as it expires (apply).
        return false;
    }
  }

  /** The IUT opened its connection at `isn` on the last input: take that input again from there. */
  realign(isn: number): Reaction {
    this.taken.at(-1)!.isn = isn;
    return this.replay();
  }

  private restart(): void {
    this.parts = createReference({
      local: this.ends.iut,
      remote: this.ends.peer,
      params: this.params,
      trace: (line) => {
        this.changed = true;
        // "OLD -> NEW (transition-id)"
        if (!this.allowed.has(line.slice(line.lastIndexOf('(') + 1, -1))) this.outside = true;
      },
    });
    this.endpoint = this.parts.endpoint();
  }

  /** Start again and take every accepted input; returns the reaction to the last one. */
  private replay(): Reaction {
    this.restart();
    let last: Reaction = { segments: [], app: [] };
    for (const t of this.taken) last = this.apply(t.input, t.isn);
    return last;
  }

  private apply(input: Input, isn: number | undefined): Reaction {
    const { host } = this.parts;
    this.outside = false;
    // Time passing changes the host even when no timer fires.
    this.changed = input.kind === 'advance';
    host.forceIsn(isn);
    let handled = true;
    switch (input.kind) {
      case 'call':
        handled = this.endpoint.call(input.call.call, input.call.data ?? NO_DATA);
        break;
      case 'deliver':
        handled = this.endpoint.segment(input.segment);
        break;
      case 'advance':
        host.advance(input.ms, (timer) => {
          const { v } = this.endpoint;
          if (UNSPECIFIED_TIMERS[this.endpoint.state]?.[timer]?.some((test) => test({ v, p: host.params })))
            handled = false;
          if (!this.endpoint.timer(timer)) handled = false;
        });
        break;
    }
    // A forced ISN that this input did not use must not leak into the next connection.
    host.forceIsn(undefined);
    if (!handled) this.outside = true;
    return host.take();
  }
}

const NO_DATA = new Uint8Array(0);

/** An input as the reference tells inputs apart: a segment by its control flags. */
const inputKey = (o: TransitionInput) =>
  'call' in o ? `call ${o.call}` : 'segment' in o ? `segment ${controlKey(o.segment)}` : `timer ${o.timer}`;
/** A segment whose guard asks for data, or for none, is an offer of its own. */
const offerKey = (o: TransitionInput) =>
  'segment' in o && o.data !== undefined ? `${inputKey(o)} data=${o.data}` : inputKey(o);

function synOf(r: Reaction): number | undefined {
  return r.segments.find((s) => hasFlag(s, 'SYN'))?.seq;
}
