/**
 * A spec model taken directly as a state machine, on plain numbers: one endpoint's state and
 * connection variables, and the transition an input takes; the actions mean what
 * core/actions.ts says, here on numbers modulo 2^32. Expressions are turned once into
 * closures over plain numbers (through core/seq.ts), as the generator's compiler turns them
 * into code: the planner's symbolic values allocate an object per node, which the checker's
 * 100,000 segments a second cannot afford. Its effects (segments sent, data delivered,
 * timers) go to the caller. The interpreted reference (src/mutate/interpret.ts) gives it a
 * host with a clock; the trace checker (src/check/) runs it over hypotheses about an endpoint
 * seen in a capture, copying a connection where the capture leaves a choice.
 */
import type { Expr } from './expr/ast.js';
import type { NotifyAction, ParsedExpr, Spec, Transition, Unspecified } from './spec/types.js';
import { perform as performActions, RESEND_KEYS, type Interpretation, type Sending } from './actions.js';
import type { CallName } from './case.js';
import type { AppEvent } from './reaction.js';
import * as wire from './segment.js';
import * as seq from './seq.js';
import { callKey, inputKey, segmentKey, timerKey, type InputKey } from './input-key.js';
import { remembered } from './memo.js';
import { fieldName } from './spec/names.js';

/** The transitions of a state, by input: the order within each list is the spec's. */
type Index = ReadonlyMap<InputKey, readonly Transition[]>;

/** What every endpoint of one spec shares: the index, and which names are parameters. */
export interface Machine {
  readonly initial: string;
  readonly index: ReadonlyMap<string, Index>;
  readonly parameters: ReadonlySet<string>;
  /** Some transition resends, so the data sent is kept (as the generated endpoint does). */
  readonly keepsData: boolean;
  /** Each expression of the spec, compiled when first used. */
  readonly compiled: Map<Expr, Compiled>;
  /** Each connection variable's slot in Connection.vals. */
  readonly slots: ReadonlyMap<string, number>;
  /** The entries that leave an input unspecified (spec `unspecified:`), by state and input. */
  readonly unspecified: ReadonlyMap<string, ReadonlyMap<InputKey, readonly Unspecified[]>>;
  /** By state, then input. */
  readonly firstSends: Map<string, Map<InputKey, ReadonlySet<string>>>;
}

export function machineOf(spec: Spec): Machine {
  const byState = new Map<string, Map<InputKey, Transition[]>>();
  for (const t of spec.transitions) {
    const index = remembered(byState, t.from, () => new Map<InputKey, Transition[]>());
    remembered(index, inputKey(t.input), () => []).push(t);
  }
  const unspecified = new Map<string, Map<InputKey, Unspecified[]>>();
  for (const u of spec.unspecified) {
    for (const state of u.states) {
      const index = remembered(unspecified, state, () => new Map<InputKey, Unspecified[]>());
      remembered(index, inputKey(u.input), () => []).push(u);
    }
  }
  return {
    initial: spec.initial,
    index: byState,
    unspecified,
    parameters: new Set(spec.parameters.map((p) => p.name)),
    keepsData: spec.transitions.some((t) => t.actions.some((a) => a.kind === 'resend')),
    compiled: new Map(),
    firstSends: new Map(),
    slots: new Map(spec.variables.map((v, i) => [v.name, i])),
  };
}

/**
 * The control flags ("FIN+ACK") of the first segment any transition of the state sends for
 * this input: a segment with other flags cannot have come from it, whatever the guards say.
 */
export function firstSends(machine: Machine, state: string, key: InputKey): ReadonlySet<string> {
  const byInput = remembered(machine.firstSends, state, () => new Map<InputKey, ReadonlySet<string>>());
  return remembered(byInput, key, () => {
    const keys = new Set<string>();
    for (const t of candidates(machine, state, key)) {
      const send = t.actions.find((a) => a.kind === 'send' || a.kind === 'resend');
      if (send?.kind === 'resend') for (const k of RESEND_KEYS) keys.add(k);
      else if (send) keys.add(wire.controlKey(send.ctl as readonly wire.Flag[]));
    }
    return keys;
  });
}

/** The transitions a state has for an input. */
export function candidates(machine: Machine, state: string, key: InputKey): readonly Transition[] {
  return machine.index.get(state)?.get(key) ?? [];
}

/** The key of an input as it arrives. */
export function keyOf(input: MachineInput): InputKey {
  switch (input.kind) {
    case 'call':
      return callKey(input.call);
    case 'segment':
      return segmentKey(input.seg.flags);
    case 'timer':
      return timerKey(input.timer);
  }
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

/**
 * An endpoint's connection: its state, its variables (0 until set, as the generated
 * endpoint's fields) and the data it sent, kept for a resend. Variables live in an array, one
 * slot each: the checker copies a connection for every hypothesis it keeps.
 */
export class Connection {
  readonly vals: number[];

  constructor(
    public state: string,
    private readonly slots: ReadonlyMap<string, number>,
    vals?: number[],
    public sent: { readonly start: number; readonly data: Uint8Array } | undefined = undefined,
  ) {
    this.vals = vals ?? new Array<number>(slots.size).fill(0);
  }

  /** A connection in the machine's initial state. */
  static initial(machine: Machine, state = machine.initial): Connection {
    return new Connection(state, machine.slots);
  }

  copy(): Connection {
    return new Connection(this.state, this.slots, this.vals.slice(), this.sent);
  }

  get(name: string): number {
    const i = this.slots.get(name);
    return i === undefined ? 0 : this.vals[i]!;
  }

  set(name: string, value: number): void {
    const i = this.slots.get(name);
    if (i === undefined) throw new Error(`internal: ${name} is not a connection variable of the spec`);
    this.vals[i] = value;
  }
}

const NO_DATA = new Uint8Array(0);

/** What one input brings: the segment's fields, or the data of a send call. */
export type MachineInput =
  | { readonly kind: 'call'; readonly call: CallName; readonly data?: Uint8Array }
  | { readonly kind: 'segment'; readonly seg: wire.Segment }
  | { readonly kind: 'timer'; readonly timer: string };

/** The transition that takes the input: the first of its state's whose guard holds, as in the generated if-chain. */
export function transitionFor(
  machine: Machine,
  c: Connection,
  input: MachineInput,
  fx: Effects,
): Transition | undefined {
  const list = candidates(machine, c.state, keyOf(input));
  if (list.length === 0) return undefined;
  const ctx = new Context(machine, c, input, fx);
  for (const t of list) if (!t.input.guard || compiled(machine, t.input.guard.tree)(ctx) === true) return t;
  return undefined;
}

/** Whether the spec leaves the input unspecified in the connection's state: any answer conforms. */
export function leftOpen(machine: Machine, c: Connection, input: MachineInput, fx: Effects): boolean {
  const list = machine.unspecified.get(c.state)?.get(keyOf(input));
  if (!list) return false;
  const ctx = new Context(machine, c, input, fx);
  return list.some((u) => !u.input.guard || compiled(machine, u.input.guard.tree)(ctx) === true);
}

/** Perform the transition's actions in order (core/actions.ts) and move to its next state. */
export function perform(machine: Machine, c: Connection, t: Transition, input: MachineInput, fx: Effects): void {
  const data = input.kind === 'segment' ? input.seg.payload : input.kind === 'call' ? (input.data ?? NO_DATA) : NO_DATA;
  performActions(t.actions, data, new Context(machine, c, input, fx));
  c.state = t.to;
  // Back in the initial state the connection is gone, and with it what it sent: a resend on
  // the next connection must not find the old data.
  if (t.to === machine.initial) c.sent = undefined;
}

/**
 * One input on one connection: what an expression reads (the connection's variables, the
 * input's fields, the parameters), and the actions on numbers modulo 2^32, with their effects
 * going to the caller's Effects.
 */
class Context implements Interpretation<number, Uint8Array> {
  readonly none = NO_DATA;

  constructor(
    readonly machine: Machine,
    readonly c: Connection,
    readonly input: MachineInput,
    readonly fx: Effects,
  ) {}

  get seg(): wire.Segment | undefined {
    return this.input.kind === 'segment' ? this.input.seg : undefined;
  }

  value(e: ParsedExpr): number {
    return compiled(this.machine, e.tree)(this) as number;
  }

  set(name: string, v: number): void {
    this.c.set(name, v);
  }

  get(name: string): number {
    return this.c.get(name);
  }

  plus(v: number, n: number): number {
    return seq.add(v, n);
  }

  size(v: number): number {
    return v;
  }

  distance(from: number, to: number): number {
    return seq.sub(to, from);
  }

  length(data: Uint8Array): number {
    return data.length;
  }

  slice(data: Uint8Array, from: number, to: number): Uint8Array {
    return data.subarray(from, to);
  }

  keep(start: number, data: Uint8Array): void {
    if (this.machine.keepsData) record(this.c, start, data);
  }

  kept(): { readonly start: number; readonly data: Uint8Array } {
    // Nothing kept: a resend carries no data.
    return this.c.sent ?? { start: this.c.get('SND.UNA'), data: NO_DATA };
  }

  send(s: Sending<number, Uint8Array>): void {
    this.fx.send({ flags: s.flags, seq: s.seq, ack: s.ack ?? 0, mss: s.mss, payload: s.data });
  }

  deliver(data: Uint8Array): void {
    this.fx.deliver(data);
  }

  notify(a: NotifyAction): void {
    // Where the RFC leaves latitude, the machine tells what the spec names first.
    this.fx.notify(a.what);
  }

  startTimer(name: string, after: number): void {
    this.fx.startTimer(name, after);
  }

  stopTimer(name: string): void {
    this.fx.stopTimer(name);
  }
}

/** undefined stands for an absent optional value (no MSS option), as in the planner's interpreter. */
type Value = number | boolean | undefined;
type Compiled = (x: Context) => Value;

function compiled(machine: Machine, e: Expr): Compiled {
  let f = machine.compiled.get(e);
  if (!f) {
    f = compile(machine, e);
    machine.compiled.set(e, f);
  }
  return f;
}

/** The type checker has made sure every operand has the type its operator needs. */
function compile(machine: Machine, e: Expr): Compiled {
  switch (e.kind) {
    case 'num': {
      const v = seq.wrap(e.value);
      return () => v;
    }
    case 'bool': {
      const v = e.value;
      return () => v;
    }
    case 'name':
      return nameReader(machine, e.name);
    case 'call':
      return (x) => seq.wrap(x.fx.isn());
    case 'not': {
      const a = compile(machine, e.arg);
      return (x) => !a(x);
    }
    case 'binary': {
      const l = compile(machine, e.left);
      const r = compile(machine, e.right);
      const n = (f: Compiled, x: Context) => f(x) as number;
      switch (e.op) {
        case '&&':
          return (x) => (l(x) as boolean) && (r(x) as boolean);
        case '||':
          return (x) => (l(x) as boolean) || (r(x) as boolean);
        case '??':
          return (x) => l(x) ?? r(x);
        case '+':
          return (x) => seq.add(n(l, x), n(r, x));
        case '-':
          return (x) => seq.sub(n(l, x), n(r, x));
        case '*':
          return (x) => seq.mul(n(l, x), n(r, x));
        case '==':
          return (x) => l(x) === r(x);
        case '!=':
          return (x) => l(x) !== r(x);
        // Serial-number comparisons (RFC 1982), as everywhere else.
        case '<':
          return (x) => seq.lt(n(l, x), n(r, x));
        case '<=':
          return (x) => seq.le(n(l, x), n(r, x));
        case '>':
          return (x) => seq.gt(n(l, x), n(r, x));
        case '>=':
          return (x) => seq.ge(n(l, x), n(r, x));
      }
    }
  }
}

function nameReader(machine: Machine, name: string): Compiled {
  switch (name) {
    case 'SEG.SEQ':
      return (x) => x.seg?.seq ?? 0;
    case 'SEG.ACK':
      return (x) => x.seg?.ack ?? 0;
    case 'SEG.LEN':
      return (x) => (x.seg ? wire.segLen(x.seg) : 0);
    case 'SEG.DATA':
      return (x) => x.seg?.payload.length ?? 0;
    case 'SEG.WND':
      return (x) => x.seg?.window ?? 0;
    case 'SEG.MSS':
      return (x) => x.seg?.mss;
    case 'CALL.LEN':
      return (x) => (x.input.kind === 'call' ? (x.input.data?.length ?? 0) : 0);
  }
  if (machine.parameters.has(name)) {
    const key = fieldName(name);
    return (x) => seq.wrap(x.fx.params[key]!);
  }
  const slot = machine.slots.get(name);
  if (slot === undefined) throw new Error(`internal: ${name} is neither a field, a parameter nor a variable`);
  return (x) => x.c.vals[slot]!;
}

/**
 * How far each buffer of kept data is written. Connections copied for hypotheses share their
 * kept data; a buffer has room past the end, and the one whose view ends where the buffer is
 * written may append there without a copy (the octets before are never changed, so every other
 * view stays as it was). Copying all the unacknowledged data on every send instead costs the
 * square of it: a bulk sender keeps hundreds of kilobytes in flight.
 */
const WRITTEN = new WeakMap<ArrayBufferLike, number>();

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
  const end = before.byteOffset + before.length;
  let all: Uint8Array;
  if (WRITTEN.get(before.buffer) === end && before.buffer.byteLength >= end + data.length) {
    all = new Uint8Array(before.buffer, before.byteOffset, before.length + data.length);
  } else {
    all = new Uint8Array(
      new ArrayBuffer(Math.max(256, 2 * (before.length + data.length))),
      0,
      before.length + data.length,
    );
    all.set(before);
  }
  all.set(data, before.length);
  WRITTEN.set(all.buffer, all.byteOffset + all.length);
  c.sent = { start: from, data: all };
}
