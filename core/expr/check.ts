/**
 * Name resolution and type checking of expressions. A name is only valid if the scope
 * declares it; the planner and emitter can then rely on every name having a meaning.
 */
import type { Expr, ExprType } from './ast.js';
import { COMPARISONS } from './ast.js';

export class ExprTypeError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

/** What a name means where the expression appears. */
export interface Scope {
  /** The type of a name, or undefined when the name is not declared here. */
  typeOf(name: string): ExprType | undefined;
  /** Names worth suggesting when a lookup fails. */
  known(): readonly string[];
}

/** Builtin functions: name → result type and argument count. */
export const BUILTINS: Readonly<
  Record<string, { readonly result: ExprType; readonly arity: number; readonly doc: string }>
> = {
  isn: { result: 'num', arity: 0, doc: 'a fresh initial sequence number (clock + keyed hash, RFC 6528)' },
};

export function typeCheck(e: Expr, scope: Scope): ExprType {
  switch (e.kind) {
    case 'num':
      return 'num';
    case 'bool':
      return 'bool';
    case 'name': {
      const t = scope.typeOf(e.name);
      if (!t) throw new ExprTypeError(`undefined variable "${e.name}"${suggest(e.name, scope.known())}`, e.at);
      return t;
    }
    case 'call': {
      const b = BUILTINS[e.fn];
      if (!b) throw new ExprTypeError(`unknown function "${e.fn}" (known: ${Object.keys(BUILTINS).join(', ')})`, e.at);
      if (e.args.length !== b.arity)
        throw new ExprTypeError(`${e.fn}() takes ${b.arity} argument(s), got ${e.args.length}`, e.at);
      return b.result;
    }
    case 'not':
      want(e.arg, 'bool', scope, '!');
      return 'bool';
    case 'binary': {
      if (e.op === '&&' || e.op === '||') {
        want(e.left, 'bool', scope, e.op);
        want(e.right, 'bool', scope, e.op);
        return 'bool';
      }
      if (e.op === '??') {
        want(e.left, 'opt', scope, e.op);
        want(e.right, 'num', scope, e.op);
        return 'num';
      }
      want(e.left, 'num', scope, e.op);
      want(e.right, 'num', scope, e.op);
      return COMPARISONS.has(e.op) ? 'bool' : 'num';
    }
  }
}

function want(e: Expr, type: ExprType, scope: Scope, op: string): void {
  const got = typeCheck(e, scope);
  if (got === type) return;
  const hint = got === 'opt' ? ' (an optional value needs a default: X ?? 536)' : '';
  throw new ExprTypeError(`"${op}" needs a ${describe(type)} here, got a ${describe(got)}${hint}`, e.at);
}

function describe(t: ExprType): string {
  return t === 'num' ? 'number' : t === 'bool' ? 'condition' : 'optional number';
}

function suggest(name: string, known: readonly string[]): string {
  const close = known.map((k) => ({ k, d: distance(k, name) })).filter((x) => x.d <= 2);
  const best = Math.min(...close.map((x) => x.d));
  const names = close.filter((x) => x.d === best).map((x) => `"${x.k}"`);
  return names.length > 0 ? ` (did you mean ${names.join(' or ')}?)` : '';
}

/** Levenshtein distance, for "did you mean" hints. */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}
