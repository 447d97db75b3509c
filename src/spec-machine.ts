/**
 * A spec model taken directly as a state machine, on plain numbers: one endpoint's state and
 * connection variables, and the transition an input takes, with the meaning of every action
 * evaluated by the planner's expression interpreter. Its effects (segments sent, data
 * delivered, timers) go to the caller. The interpreted reference (src/mutate/interpret.ts)
 * gives it a host with a clock; the trace checker (src/check/) runs it over hypotheses about
 * an endpoint seen in a capture, copying a connection where the capture leaves a choice.
 */
import { abs, asSym, evaluate, type Env, type Value } from '../generator/expr/evaluate.js';
import type { Expr } from '../generator/expr/ast.js';
import type { Action, Spec, Transition } from '../generator/model/types.js';
import type { CallName } from './case.js';
import type { AppEvent } from './adapter.js';
import * as wire from './segment.js';
import * as seq from './seq.js';

/** The transitions of each state, by input: the order within each list is the spec's. */
interface Index {
  readonly call: ReadonlyMap<string, readonly Transition[]>;
  readonly segment: ReadonlyMap<string, readonly Transition[]>;
  readonly timer: ReadonlyMap<string, readonly Transition[]>;
}

/** What every endpoint of one spec shares: the index, and which names are parameters. */
export interface Machine {
  readonly initial: string;
  readonly index: ReadonlyMap<string, Index>;
  readonly parameters: ReadonlySet<string>;
  /** Some transition resends, so the data sent is kept (as the generated endpoint does). */
  readonly keepsData: boolean;
}

export function machineOf(spec: Spec): Machine {
  const byState = new Map<string, { call: Map<string, Transition[]>; segment: Map<string, Transition[]>; timer: Map<string, Transition[]> }>();
  for (const t of spec.transitions) {
    let i = byState.get(t.from);
    if (!i) byState.set(t.from, (i = { call: new Map(), segment: new Map(), timer: new Map() }));
    const [map, key] =
      t.input.kind === 'call' ? [i.call, t.input.call] : t.input.kind === 'segment' ? [i.segment, wire.controlKey(t.input.ctl)] : [i.timer, t.input.timer];
    map.set(key, [...(map.get(key) ?? []), t]);
  }
  return {
    initial: spec.initial,
    index: byState,
    parameters: new Set(spec.parameters.map((p) => p.name)),
    keepsData: spec.transitions.some((t) => t.actions.some((a) => a.kind === 'resend')),
  };
}

/** The transitions a state has for a call, a segment's control flags ("SYN+ACK") or a timer. */
export function candidates(machine: Machine, state: string, kind: 'call' | 'segment' | 'timer', key: string): readonly Transition[] {
  return machine.index.get(state)?.[kind].get(key) ?? [];
}

/** Where the actions of a transition go. The generated reference's host is one. */
export interface Effects {
  readonly params: Readonly<Record<string, number>>;
  isn(): number;
  send(s: Omit<wire.Segment, 'srcPort' | 'dstPort' | 'window'>): void;
  deliver(data: Uint8Array): void;
  notify(kind: Exclude<AppEvent['kind'], 'data'>): void;
  startTimer(name: string, afterMs: number): void;
  stopTimer(name: string): void;
}

/** An endpoint's connection: its state, its variables (0 until set) and the data it sent, kept for a resend. */
export class Connection {
  constructor(
    public state: string,
    readonly v = new Map<string, number>(),
    public sent: { readonly start: number; readonly data: Uint8Array } | undefined = undefined,
  ) {}

  copy(): Connection {
    return new Connection(this.state, new Map(this.v), this.sent);
  }

  get(name: string): number {
    return this.v.get(name) ?? 0;
  }
}

const NO_DATA = new Uint8Array(0);

/** What one input brings: the segment's fields, or the data of a send call. */
export type MachineInput =
  | { readonly kind: 'call'; readonly call: CallName; readonly data?: Uint8Array }
  | { readonly kind: 'segment'; readonly seg: wire.Segment }
  | { readonly kind: 'timer'; readonly timer: string };

/** The transition that takes the input: the first of its state's whose guard holds, as in the generated if-chain. */
export function transitionFor(machine: Machine, c: Connection, input: MachineInput, fx: Effects): Transition | undefined {
  const list =
    input.kind === 'call'
      ? candidates(machine, c.state, 'call', input.call)
      : input.kind === 'segment'
        ? candidates(machine, c.state, 'segment', wire.controlKey(input.seg.flags))
        : candidates(machine, c.state, 'timer', input.timer);
  if (list.length === 0) return undefined;
  const env = envOf(machine, c, input, fx);
  return list.find((t) => !t.input.guard || evaluate(t.input.guard.tree, env) === true);
}

/** Does the transition's guard hold for this input? */
export function guardHolds(machine: Machine, c: Connection, t: Transition, input: MachineInput, fx: Effects): boolean {
  return !t.input.guard || evaluate(t.input.guard.tree, envOf(machine, c, input, fx)) === true;
}

/** Perform the transition's actions in order and move to its next state. */
export function perform(machine: Machine, c: Connection, t: Transition, input: MachineInput, fx: Effects): void {
  const env = envOf(machine, c, input, fx);
  const data = input.kind === 'segment' ? input.seg.payload : input.kind === 'call' ? (input.data ?? NO_DATA) : NO_DATA;
  for (const a of t.actions) act(machine, c, a, env, data, fx);
  c.state = t.to;
}

function envOf(machine: Machine, c: Connection, input: MachineInput, fx: Effects): Env {
  const s = input.kind === 'segment' ? input.seg : undefined;
  const field = (name: string): Value => {
    switch (name) {
      case 'SEG.SEQ':
        return abs(s?.seq ?? 0);
      case 'SEG.ACK':
        return abs(s?.ack ?? 0);
      case 'SEG.LEN':
        return abs(s ? wire.segLen(s) : 0);
      case 'SEG.DATA':
        return abs(s?.payload.length ?? 0);
      case 'SEG.WND':
        return abs(s?.window ?? 0);
      case 'SEG.MSS':
        return s?.mss === undefined ? undefined : abs(s.mss);
      case 'CALL.LEN':
        return abs(input.kind === 'call' ? (input.data?.length ?? 0) : 0);
      default:
        if (machine.parameters.has(name)) return abs(fx.params[name.replace(/\./g, '_')]!);
        // Variables start at 0, as the generated endpoint's fields do.
        return abs(c.get(name));
    }
  };
  return { get: field, isn: () => abs(fx.isn()) };
}

const num = (e: Expr, env: Env): number => asSym(evaluate(e, env)).off;

function act(machine: Machine, c: Connection, a: Action, env: Env, data: Uint8Array, fx: Effects): void {
  switch (a.kind) {
    case 'set':
      // Assignments take effect one by one: a later one reads an earlier one's value.
      for (const s of a.assignments) c.v.set(s.name, num(s.value.tree, env));
      return;
    case 'send': {
      const fields = { flags: a.ctl as readonly wire.Flag[], ack: a.ack ? num(a.ack.tree, env) : 0, mss: a.mss ? num(a.mss.tree, env) : undefined };
      const first = num(a.seq.tree, env);
      if (!a.data) {
        fx.send({ ...fields, seq: first, payload: NO_DATA });
        return;
      }
      if (machine.keepsData) record(c, first, data);
      const max = a.max ? num(a.max.tree, env) : Math.max(data.length, 1);
      for (const [from, to] of wire.payloadRanges(data.length, max)) {
        fx.send({ ...fields, seq: seq.add(first, from), payload: data.subarray(from, to) });
      }
      return;
    }
    case 'deliver':
      if (data.length > 0) fx.deliver(data);
      return;
    case 'resend': {
      const una = c.get('SND.UNA');
      fx.send({ flags: ['ACK'], ack: c.get('RCV.NXT'), mss: undefined, seq: una, payload: unacked(c, una, c.get('SND.NXT'), c.get('SND.MSS')) });
      return;
    }
    case 'notify':
      fx.notify(a.what);
      return;
    case 'start_timer':
      fx.startTimer(a.timer, num(a.after.tree, env));
      return;
    case 'stop_timer':
      fx.stopTimer(a.timer);
      return;
  }
}

/** Keep the data sent, from the oldest octet not yet acknowledged: only that can be sent again. */
function record(c: Connection, start: number, data: Uint8Array): void {
  const una = c.get('SND.UNA');
  let before = c.sent?.data ?? NO_DATA;
  let from = c.sent?.start ?? start;
  const acked = seq.diff(from, una);
  if (acked > 0) {
    // Positions stay as they were: the octet at `from + i` is still there or acknowledged.
    const drop = Math.min(acked, before.length);
    before = before.subarray(drop);
    from = seq.add(from, drop);
  }
  const all = new Uint8Array(before.length + data.length);
  all.set(before);
  all.set(data, before.length);
  c.sent = { start: from, data: all };
}

function unacked(c: Connection, una: number, nxt: number, max: number): Uint8Array {
  if (!c.sent) return NO_DATA;
  const from = seq.sub(una, c.sent.start);
  const to = Math.min(seq.sub(nxt, c.sent.start), from + max);
  return c.sent.data.slice(from, to);
}
