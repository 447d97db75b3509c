/**
 * The expression tree of guards and field expressions. Spec text is parsed into this tree
 * and never evaluated as code: the planner interprets it, the emitter compiles each node
 * kind to a fixed code shape, and names resolve only against declared symbols.
 */

export type BinaryOp = '+' | '-' | '*' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||' | '??';

export type Expr =
  | { readonly kind: 'num'; readonly value: number; readonly at: number }
  | { readonly kind: 'bool'; readonly value: boolean; readonly at: number }
  | { readonly kind: 'name'; readonly name: string; readonly at: number }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[]; readonly at: number }
  | { readonly kind: 'not'; readonly arg: Expr; readonly at: number }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly at: number };

/** Value types: sequence-space numbers, booleans, and optional numbers (an absent option). */
export type ExprType = 'num' | 'bool' | 'opt';

export const COMPARISONS: ReadonlySet<BinaryOp> = new Set(['==', '!=', '<', '<=', '>', '>=']);

/** Every name an expression mentions, in order of first appearance. */
export function namesIn(e: Expr, out: string[] = []): string[] {
  switch (e.kind) {
    case 'name':
      if (!out.includes(e.name)) out.push(e.name);
      break;
    case 'call':
      for (const a of e.args) namesIn(a, out);
      break;
    case 'not':
      namesIn(e.arg, out);
      break;
    case 'binary':
      namesIn(e.left, out);
      namesIn(e.right, out);
      break;
    default:
      break;
  }
  return out;
}

/** Does the expression call the given builtin anywhere? */
export function callsFn(e: Expr, fn: string): boolean {
  switch (e.kind) {
    case 'call':
      return e.fn === fn || e.args.some((a) => callsFn(a, fn));
    case 'not':
      return callsFn(e.arg, fn);
    case 'binary':
      return callsFn(e.left, fn) || callsFn(e.right, fn);
    default:
      return false;
  }
}

/** Print an expression back in spec syntax (for titles, messages and comments). */
export function show(e: Expr): string {
  switch (e.kind) {
    case 'num':
      return String(e.value);
    case 'bool':
      return String(e.value);
    case 'name':
      return e.name;
    case 'call':
      return `${e.fn}(${e.args.map(show).join(', ')})`;
    case 'not':
      return `!${wrapped(e.arg)}`;
    case 'binary':
      return `${wrapped(e.left)} ${e.op} ${wrapped(e.right)}`;
  }
}

function wrapped(e: Expr): string {
  return e.kind === 'binary' ? `(${show(e)})` : show(e);
}

/** true for a guard with a conjunct SEG.DATA > 0, false for SEG.DATA == 0, else undefined. */
export function dataOf(e: Expr | undefined): boolean | undefined {
  if (e?.kind !== 'binary') return undefined;
  if (e.op === '&&') return dataOf(e.left) ?? dataOf(e.right);
  if (e.left.kind !== 'name' || e.left.name !== 'SEG.DATA' || e.right.kind !== 'num' || e.right.value !== 0)
    return undefined;
  return e.op === '>' ? true : e.op === '==' ? false : undefined;
}
