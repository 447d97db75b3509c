/**
 * The model a fuzz walk is checked against: the generated reference, in process, restricted to
 * one profile of the spec it was generated from. It takes each input before the IUT does. An
 * input the profile says nothing about (a transition of a larger profile, or a pair the spec
 * leaves unspecified) is refused and undone, so the walk never goes where the profile has no
 * answer and the IUT never sees it.
 *
 * The reference cannot be copied, so undoing means starting a fresh one and taking the accepted
 * inputs again; the same replay puts the model on the ISN the IUT chose (`realign`), so every
 * number the two send can be compared exactly.
 */
import { createReference } from '../../generated/reference/index.js';
import type { NotifyAction, Spec } from '../../core/spec/types.js';
import { fieldName } from '../../core/spec/names.js';
import { segmentKey, callKey } from '../../core/input-key.js';
import { Connection, keyOf, leftOpen, machineOf, type Machine, type MachineInput } from '../../core/machine.js';
import type { Endpoints } from '../adapter.js';
import type { Reaction } from '../../core/reaction.js';
import type { Profile } from '../../core/case.js';
import { hasFlag } from '../../core/segment.js';
import type { Input } from './concretize.js';
import { offersOf, specifiedKey, type Offers } from './offers.js';

type Parts = ReturnType<typeof createReference>;

interface Taken {
  readonly input: Input;
  /** The ISN of the SYN this input made the model send, forced again when the input is replayed. */
  isn: number | undefined;
}

export class Model {
  /** The IDs of the profile's transitions. */
  readonly allowed: ReadonlySet<string>;
  /** "STATE input" for each transition of the profile: an input without one is refused unseen. */
  private readonly specified: ReadonlySet<string>;
  private readonly offers: ReadonlyMap<string, Offers>;
  /** The spec as a machine: its unspecified entries, read on the reference's variables. */
  private readonly machine: Machine;
  private readonly variables: readonly string[];
  private parts!: Parts;
  private endpoint!: ReturnType<Parts['endpoint']>;
  private taken: Taken[] = [];
  /** Set while an input is taken when a transition outside the profile (or none) answered it. */
  private outside = false;
  /** Set while an input is taken when any transition ran: only then is there something to undo. */
  private changed = false;
  /** The notify actions of each transition that leaves the application interface latitude. */
  private readonly latitudeOf: ReadonlyMap<string, readonly NotifyAction[]>;
  /** The transitions the last input took, in order. */
  private tookLast: string[] = [];
  /** Set while an input is taken when the endpoint drew an ISN: a new connection began. */
  private drew = false;

  constructor(
    spec: Spec,
    private readonly params: Readonly<Record<string, number>>,
    profile: Profile,
    private readonly ends: Endpoints,
  ) {
    const { allowed, specified, byState } = offersOf(spec, profile);
    this.allowed = allowed;
    this.specified = specified;
    this.offers = byState;
    this.machine = machineOf(spec);
    this.latitudeOf = new Map(
      spec.transitions.flatMap((t) => {
        const loose = t.actions.filter((a): a is NotifyAction => a.kind === 'notify' && !!(a.optional || a.or));
        return loose.length > 0 ? [[t.id, loose] as const] : [];
      }),
    );
    this.variables = spec.variables.map((v) => fieldName(v.name));
    this.reset();
  }

  get state(): string {
    return this.endpoint.state;
  }

  /** Did the last input run a transition (for time passing: did a timer fire)? */
  get moved(): boolean {
    return this.tookLast.length > 0;
  }

  /** The transitions the last input took, in order (a failure at that input names their rules). */
  get took(): readonly string[] {
    return this.tookLast;
  }

  /** Did the last input open a connection (draw a new ISN)? Its SYN must not reuse an earlier connection's ISN. */
  get opened(): boolean {
    return this.drew;
  }

  /** The timers running, with the milliseconds until each fires. */
  pending(): readonly { readonly timer: string; readonly inMs: number }[] {
    return this.parts.host.pending();
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
        specifiedKey(this.state, input.kind === 'call' ? callKey(input.call.call) : segmentKey(input.segment.flags)),
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
   * Whether the spec leaves the input unspecified here. The reference may take such inputs as it
   * likes (any answer conforms), so its answer tells nothing.
   */
  private unspecified(input: Input): boolean {
    switch (input.kind) {
      case 'call':
        return this.leftOpen({ kind: 'call', call: input.call.call, data: input.call.data ?? NO_DATA });
      case 'deliver':
        return this.leftOpen({ kind: 'segment', seg: input.segment });
      case 'advance':
        // A timer is checked as it expires (apply).
        return false;
    }
  }

  /** The spec's unspecified entries, read on the reference's state and variables. */
  private leftOpen(input: MachineInput): boolean {
    const { state, v } = this.endpoint;
    if (!this.machine.unspecified.get(state)?.has(keyOf(input))) return false;
    const vals = this.variables.map((name) => (v as Readonly<Record<string, number>>)[name]!);
    return leftOpen(this.machine, new Connection(state, this.machine.slots, vals), input, this.parts.host);
  }

  /**
   * What the application may be told instead of what the model told it on the last input (RFC
   * 9293 leaves the interface latitude): by kind, whether it may be left out and what may replace it.
   */
  latitude(): ReadonlyMap<string, NotifyAction> {
    return new Map(this.tookLast.flatMap((id) => (this.latitudeOf.get(id) ?? []).map((a) => [a.what, a] as const)));
  }

  /**
   * The model as it would be had it never taken its last input: the endpoint that ignored it
   * (a RST in TIME_WAIT, RFC 1337). It goes on as a model of its own.
   */
  withoutLast(): Model {
    const other = Object.assign(Object.create(Model.prototype) as Model, this);
    other.taken = this.taken.slice(0, -1);
    other.replay();
    return other;
  }

  /** Undo the last input taken (one another model that must follow the walk had no answer to). */
  undo(): void {
    this.taken.pop();
    this.replay();
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
        const id = line.slice(line.lastIndexOf('(') + 1, -1);
        this.tookLast.push(id);
        if (!this.allowed.has(id)) this.outside = true;
      },
    });
    const { host } = this.parts;
    const draw = host.isn.bind(host);
    host.isn = () => {
      this.drew = true;
      return draw();
    };
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
    this.tookLast = [];
    this.drew = false;
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
          if (this.leftOpen({ kind: 'timer', timer })) handled = false;
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

function synOf(r: Reaction): number | undefined {
  return r.segments.find((s) => hasFlag(s, 'SYN'))?.seq;
}
