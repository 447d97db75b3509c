/**
 * An interpreter for expression trees over symbolic sequence values. A value is `base + off`
 * (mod 2^32), where base names an unknown such as the IUT's ISN, or is null for a plain
 * number. The planner runs the spec with the IUT's and the tester's ISNs as unknowns, so a
 * test can say "the IUT's ISN + 1" and the harness binds it to the live value; the same
 * interpreter with only plain numbers is ordinary modulo-2^32 evaluation.
 */
import * as seq from '../seq.js';
import type { BinaryOp, Expr } from './ast.js';

export interface Sym {
  readonly base: string | null;
  /** Coefficient of the base (2 in 2 * MSL); 1 unless a multiplication made it otherwise. */
  readonly k: number;
  readonly off: number;
}

/** undefined stands for an absent optional value (no MSS option). */
export type Value = Sym | boolean | undefined;

/**
 * Two values over different unknowns. The searches of the planner and the validator meet it
 * by the thousand and only ask whether it happened, so it is built without a stack trace,
 * which costs far more than the rest of the evaluation.
 */
export class IncomparableError extends Error {
  constructor(message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

export interface Env {
  get(name: string): Value;
  /** A fresh initial sequence number. */
  isn(): Sym;
}

export const abs = (n: number): Sym => ({ base: null, k: 1, off: seq.wrap(n) });
export const sym = (base: string, off = 0): Sym => ({ base, k: 1, off: seq.wrap(off) });

const sameUnknown = (a: Sym, b: Sym): boolean => a.base === b.base && (a.base === null || a.k === b.k);

export function isSym(v: Value): v is Sym {
  return typeof v === 'object';
}

export function showSym(v: Sym): string {
  if (v.base === null) return String(v.off);
  const d = seq.diff(0, v.off);
  const b = v.k === 1 ? v.base : `${v.k}*${v.base}`;
  return d === 0 ? b : d > 0 ? `${b}+${d}` : `${b}${d}`;
}

export function evaluate(e: Expr, env: Env): Value {
  return compiled(e)(env);
}

/** An expression turned into a closure, once per tree node: the searches evaluate each guard by the hundred thousand. */
type Compiled = (env: Env) => Value;
const COMPILED = new WeakMap<Expr, Compiled>();

function compiled(e: Expr): Compiled {
  let f = COMPILED.get(e);
  if (!f) {
    f = compile(e);
    COMPILED.set(e, f);
  }
  return f;
}

function compile(e: Expr): Compiled {
  switch (e.kind) {
    case 'num': {
      // Values are never changed, so one serves every evaluation.
      const v = abs(e.value);
      return () => v;
    }
    case 'bool': {
      const v = e.value;
      return () => v;
    }
    case 'name': {
      const name = e.name;
      return (env) => env.get(name);
    }
    case 'call':
      return (env) => env.isn();
    case 'not': {
      const a = compiled(e.arg);
      return (env) => !asBool(a(env));
    }
    case 'binary': {
      const l = compiled(e.left);
      const r = compiled(e.right);
      switch (e.op) {
        case '&&':
          return (env) => asBool(l(env)) && asBool(r(env));
        case '||':
          return (env) => asBool(l(env)) || asBool(r(env));
        case '??':
          return (env) => {
            const v = l(env);
            return v === undefined ? r(env) : v;
          };
        default: {
          const op = e.op;
          return (env) => {
            const a = asSym(l(env));
            return arithmetic(op, a, asSym(r(env)));
          };
        }
      }
    }
  }
}

function arithmetic(op: BinaryOp, a: Sym, b: Sym): Value {
  switch (op) {
    case '+':
      if (a.base !== null && b.base !== null) throw new IncomparableError(`cannot add ${showSym(a)} and ${showSym(b)}`);
      return a.base !== null ? { ...a, off: seq.add(a.off, b.off) } : { ...b, off: seq.add(a.off, b.off) };
    case '-':
      if (b.base === null) return { ...a, off: seq.sub(a.off, b.off) };
      if (sameUnknown(a, b)) return abs(seq.sub(a.off, b.off));
      throw new IncomparableError(`cannot subtract ${showSym(b)} from ${showSym(a)}`);
    case '*': {
      if (a.base !== null && b.base !== null)
        throw new IncomparableError(`cannot multiply ${showSym(a)} by ${showSym(b)}`);
      const [c, v] = a.base === null ? [a.off, b] : [b.off, a];
      return { base: v.base, k: v.k * c, off: seq.mul(v.off, c) };
    }
    default:
      return compare(op, a, b);
  }
}

/** Comparisons are serial-number comparisons (RFC 1982) on values with the same base. */
export function compare(op: BinaryOp, a: Sym, b: Sym): boolean {
  if (op === '==' || op === '!=') {
    if (!sameUnknown(a, b)) throw new IncomparableError(`cannot compare ${showSym(a)} with ${showSym(b)}`);
    return (a.off === b.off) === (op === '==');
  }
  if (!sameUnknown(a, b)) throw new IncomparableError(`cannot order ${showSym(a)} against ${showSym(b)}`);
  switch (op) {
    case '<':
      return seq.lt(a.off, b.off);
    case '<=':
      return seq.le(a.off, b.off);
    case '>':
      return seq.gt(a.off, b.off);
    case '>=':
      return seq.ge(a.off, b.off);
    default:
      throw new Error(`not a comparison: ${op}`);
  }
}

function asBool(v: Value): boolean {
  if (typeof v !== 'boolean')
    throw new Error('internal: expected a condition (the type checker should have caught this)');
  return v;
}

export function asSym(v: Value): Sym {
  if (!isSym(v)) throw new Error('internal: expected a number (the type checker should have caught this)');
  return v;
}
