/**
 * Running one transition on the symbolic world: the input the tester provides is already
 * chosen; this computes what the spec says the IUT does (segments, application events,
 * next state, timers) and the world after it.
 */
import type { AppEventPattern, SegmentPattern, Term } from '../../core/case.js';
import { payloadRanges, type Flag } from '../../core/segment.js';
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
import { RESEND_NEEDS } from '../validate/meaning.js';
import type { Parameter, ParsedExpr, Spec, Transition } from '../../core/spec/types.js';
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
  const vars = new Map(world.vars);
  const timers = new Map(world.timers);
  // The timer that fired is no longer pending; an action may start it again.
  if (t.input.kind === 'timer') timers.delete(t.input.timer);
  let isns = world.isns;
  let sent = world.sent;
  const segments: SegmentPattern[] = [];
  const app: AppEventPattern[] = [];
  const env = envOf(spec, { ...world, vars }, input.fields, () => sym(isnBase(++isns)));
  const num = (e: ParsedExpr): Sym => {
    try {
      const v = evaluate(e.tree, env);
      if (!isSym(v)) throw new Error(`internal: ${e.src} is not a number`);
      return v;
    } catch (err) {
      if (err instanceof UnsetVariable || err instanceof IncomparableError) {
        throw new SpecError(
          positionInScalar(e.loc.file, e.loc.path, 0),
          `in transition "${t.id}" from ${world.state}: ${err.message}`,
        );
      }
      throw err;
    }
  };

  for (const a of t.actions) {
    switch (a.kind) {
      case 'set':
        for (const s of a.assignments) vars.set(s.name, num(s.value));
        break;
      case 'send': {
        const start = num(a.seq);
        const ack = a.ack ? termOf(num(a.ack)) : undefined;
        const mss = a.mss ? termOf(num(a.mss)) : 'absent';
        const flags = a.ctl as readonly Flag[];
        const chunks = a.data ? split(input.data, a.max ? num(a.max) : undefined, t) : [''];
        if (a.data) sent = sent ? { ...sent, data: sent.data + input.data } : { start, data: input.data };
        let offset = 0;
        for (const chunk of chunks) {
          segments.push({
            flags,
            seq: termOf({ ...start, off: seq.add(start.off, offset) }),
            ...(ack ? { ack } : {}),
            mss,
            data: chunk,
          });
          offset += chunk.length;
        }
        break;
      }
      case 'deliver':
        if (input.data.length > 0) app.push({ kind: 'data', data: input.data });
        break;
      case 'resend': {
        const [una, nxt, mss, rcv] = RESEND_NEEDS.map((n) => vars.get(n));
        if (!sent || !una || !nxt || !mss || !rcv || una.base !== sent.start.base || mss.base !== null) {
          throw new SpecError(
            positionOf(a.loc.file, a.loc.path),
            `in transition "${t.id}": resend: unacked with no data sent, or with an unknown segment size`,
          );
        }
        const from = seq.sub(una.off, sent.start.off);
        const to = Math.min(seq.sub(nxt.off, sent.start.off), from + mss.off);
        segments.push({
          flags: ['ACK'],
          seq: termOf(una),
          ack: termOf(rcv),
          mss: 'absent',
          data: sent.data.slice(from, to),
        });
        break;
      }
      case 'notify':
        app.push({ kind: a.what });
        break;
      case 'start_timer':
        timers.set(a.timer, num(a.after));
        break;
      case 'stop_timer':
        timers.delete(a.timer);
        break;
    }
  }
  // Back in the initial state the connection is gone; the next open decides the role anew.
  const role = t.to === spec.initial ? undefined : world.role;
  return { world: { ...world, state: t.to, vars, timers, isns, role, sent }, segments, app };
}

function split(data: string, max: Sym | undefined, t: Transition): string[] {
  if (max === undefined) return [data];
  if (max.base !== null || max.off === 0) {
    throw new Error(`internal: transition ${t.id} splits data by a size the tester does not know`);
  }
  return payloadRanges(data.length, max.off).map(([a, b]) => data.slice(a, b));
}
