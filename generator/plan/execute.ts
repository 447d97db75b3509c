/**
 * Running one transition on the symbolic world: the input the tester provides is already
 * chosen; this computes what the spec says the IUT does (segments, application events,
 * next state, timers) and the world after it.
 */
import type { AppEventPattern, SegmentPattern, Term } from '../../core/case.js';
import * as seq from '../../core/seq.js';
import { SpecError } from '../../core/spec/errors.js';
import {
  abs,
  evaluate,
  IncomparableError,
  isSym,
  sym,
  type Env,
  type Sym,
  type Value,
} from '../../core/expr/evaluate.js';
import { positionInScalar, positionOf } from '../../core/spec/source.js';
import { perform, type Interpretation, type Sending } from '../../core/actions.js';
import type { Action, NotifyAction, Parameter, ParsedExpr, Spec, Transition } from '../../core/spec/types.js';
import { remembered } from '../../core/memo.js';
import { isnBase, type World } from './world.js';

/** The concrete input of a step: the segment fields, or the data of a send call. */
export interface InputValues {
  readonly fields: ReadonlyMap<string, Value>;
  /** Payload of the injected segment or of the send call. */
  readonly data: string;
}

export interface Outcome {
  readonly world: World;
  readonly segments: readonly SegmentPattern[];
  readonly app: readonly AppEventPattern[];
}

export function termOf(v: Sym): Term {
  if (v.base === null) return { off: v.off };
  return v.k === 1 ? { base: v.base, off: v.off } : { base: v.base, k: v.k, off: v.off };
}

/** The fields of an input as an environment reads them: a map, or a view of one. */
export interface Fields {
  has(name: string): boolean;
  get(name: string): Value;
}

const PARAMETERS = new WeakMap<readonly Parameter[], ReadonlyMap<string, Sym>>();

/** What each parameter is to the planner: an assumed one its default, another an unknown. Made once per spec. */
function parameterValues(parameters: readonly Parameter[]): ReadonlyMap<string, Sym> {
  return remembered(
    PARAMETERS,
    parameters,
    () => new Map(parameters.map((p) => [p.name, p.assumed ? abs(p.default) : sym(p.name)])),
  );
}

/** An environment reading the world's variables, the parameters (as unknowns) and the input. */
export function envOf(
  spec: Spec,
  world: World,
  input: Fields,
  onIsn: () => Sym = () => sym(isnBase(world.isns + 1)),
): Env {
  const params = parameterValues(spec.parameters);
  return {
    get(name) {
      if (input.has(name)) return input.get(name);
      const param = params.get(name);
      if (param) return param;
      const v = world.vars.get(name);
      if (v === undefined) throw new UnsetVariable(name);
      return v;
    },
    isn: onIsn,
  };
}

/**
 * A variable read before it is set. The searches meet it by the thousand in worlds where a
 * guard cannot be answered yet, so, as IncomparableError, it is built without a stack trace.
 */
export class UnsetVariable extends Error {
  constructor(readonly variable: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(`variable ${variable} is read before any transition sets it`);
    Error.stackTraceLimit = limit;
  }
}

export function execute(spec: Spec, t: Transition, world: World, input: InputValues): Outcome {
  const run = new SymbolicRun(spec, t, world, input);
  perform(t.actions, input.data, run);
  // Back in the initial state the connection is gone, with what it sent; the next open
  // decides the role anew.
  const gone = t.to === spec.initial;
  const role = gone ? undefined : world.role;
  const sent = gone ? undefined : run.sent;
  const { vars, timers, isns, segments, app } = run;
  return { world: { ...world, state: t.to, vars, timers, isns, role, sent }, segments, app };
}

/** A map's copy, made without the entry arrays `new Map(map)` iterates through: the planner copies thousands. */
function copy<K, V>(map: ReadonlyMap<K, V>): Map<K, V> {
  const out = new Map<K, V>();
  map.forEach((v, k) => {
    out.set(k, v);
  });
  return out;
}

/**
 * The actions (core/actions.ts) on the symbolic world: values are terms over the unknowns,
 * data is text, what is sent and told is what the case expects. Reading a variable no
 * transition set, comparing unrelated unknowns or cutting data by an unknown size is the
 * spec's error, at the expression or action.
 */
class SymbolicRun implements Interpretation<Sym, string> {
  readonly none = '';
  /** The world's own maps until an action changes them: most transitions leave one or both alone. */
  vars: ReadonlyMap<string, Sym>;
  timers: ReadonlyMap<string, Sym>;
  isns: number;
  sent: World['sent'];
  readonly segments: SegmentPattern[] = [];
  readonly app: AppEventPattern[] = [];
  private readonly env: Env;

  constructor(
    spec: Spec,
    private readonly t: Transition,
    private readonly world: World,
    input: InputValues,
  ) {
    this.vars = world.vars;
    this.timers = world.timers;
    // The timer that fired is no longer pending; an action may start it again.
    if (t.input.kind === 'timer') this.stopTimer(t.input.timer);
    this.isns = world.isns;
    this.sent = world.sent;
    // The expressions read the variables as the actions before them left them.
    const run = this;
    this.env = envOf(
      spec,
      {
        ...world,
        get vars() {
          return run.vars;
        },
      },
      input.fields,
      () => sym(isnBase(++this.isns)),
    );
  }

  value(e: ParsedExpr): Sym {
    try {
      const v = evaluate(e.tree, this.env);
      if (!isSym(v)) throw new Error(`internal: ${e.src} is not a number`);
      return v;
    } catch (err) {
      if (err instanceof UnsetVariable || err instanceof IncomparableError) {
        throw new SpecError(
          positionInScalar(e.loc.file, e.loc.path, 0),
          `in transition "${this.t.id}" from ${this.world.state}: ${err.message}`,
        );
      }
      throw err;
    }
  }

  set(name: string, v: Sym): void {
    this.ownVars().set(name, v);
  }

  get(name: string, a: Action): Sym {
    return this.vars.get(name) ?? this.cannotResend(a);
  }

  plus(v: Sym, n: number): Sym {
    return { ...v, off: seq.add(v.off, n) };
  }

  size(v: Sym, a: Action): number {
    if (a.kind === 'resend') return v.base === null ? v.off : this.cannotResend(a);
    if (v.base !== null || v.off === 0)
      throw new Error(`internal: transition ${this.t.id} splits data by a size the tester does not know`);
    return v.off;
  }

  distance(from: Sym, to: Sym, a: Action): number {
    return to.base === from.base ? seq.sub(to.off, from.off) : this.cannotResend(a);
  }

  length(data: string): number {
    return data.length;
  }

  slice(data: string, from: number, to: number): string {
    return data.slice(from, to);
  }

  keep(start: Sym, data: string): void {
    this.sent = this.sent ? { ...this.sent, data: this.sent.data + data } : { start, data };
  }

  kept(a: Action): { readonly start: Sym; readonly data: string } {
    return this.sent ?? { start: this.get('SND.UNA', a), data: '' };
  }

  send(s: Sending<Sym, string>): void {
    this.segments.push({
      flags: s.flags,
      seq: termOf(s.seq),
      ...(s.ack ? { ack: termOf(s.ack) } : {}),
      mss: s.mss ? termOf(s.mss) : 'absent',
      data: s.data,
    });
  }

  deliver(data: string): void {
    this.app.push({ kind: 'data', data });
  }

  notify(a: NotifyAction): void {
    this.app.push({ kind: a.what, ...(a.optional ? { optional: true } : {}), ...(a.or ? { or: a.or } : {}) });
  }

  startTimer(name: string, after: Sym): void {
    this.ownTimers().set(name, after);
  }

  stopTimer(name: string): void {
    if (this.timers.has(name)) this.ownTimers().delete(name);
  }

  private ownVars(): Map<string, Sym> {
    if (this.vars === this.world.vars) this.vars = copy(this.vars);
    return this.vars as Map<string, Sym>;
  }

  private ownTimers(): Map<string, Sym> {
    if (this.timers === this.world.timers) this.timers = copy(this.timers);
    return this.timers as Map<string, Sym>;
  }

  private cannotResend(a: Action): never {
    throw new SpecError(
      positionOf(a.loc.file, a.loc.path),
      `in transition "${this.t.id}": resend: unacked before SND.UNA and SND.NXT are set, or with an unknown segment size`,
    );
  }
}
