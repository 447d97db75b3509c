/**
 * A recursive-descent parser for the spec's expression language:
 *
 *   expr   := or
 *   or     := and ('||' and)*
 *   and    := not ('&&' not)*
 *   not    := '!' not | cmp
 *   cmp    := sum (CMP sum)*          a < b <= c means a < b && b <= c
 *   sum    := prod (('+' | '-') prod)*
 *   prod   := coal ('*' coal)*
 *   coal   := atom ('??' atom)?
 *   atom   := NUMBER | true | false | NAME ('(' args ')')? | '(' expr ')'
 *   NAME   := [A-Za-z_][A-Za-z0-9_]* ('.' [A-Za-z_][A-Za-z0-9_]*)*
 */
import type { BinaryOp, Expr } from './ast.js';

export class ExprSyntaxError extends Error {
  constructor(
    message: string,
    /** Offset in the expression text where the problem is. */
    readonly at: number,
  ) {
    super(message);
  }
}

interface Token {
  readonly kind: 'num' | 'name' | 'op' | 'end';
  readonly text: string;
  readonly at: number;
}

const OPERATORS = ['<=', '>=', '==', '!=', '&&', '||', '??', '<', '>', '+', '-', '*', '!', '(', ')', ','];
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/;
const NUM_RE = /^(0x[0-9a-fA-F]+|[0-9]+)/;

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = src.slice(i);
    const num = NUM_RE.exec(rest);
    if (num) {
      if (NAME_RE.test(rest.slice(num[0].length))) throw new ExprSyntaxError(`bad number "${rest.split(/\s/)[0]}"`, i);
      tokens.push({ kind: 'num', text: num[0], at: i });
      i += num[0].length;
      continue;
    }
    const name = NAME_RE.exec(rest);
    if (name) {
      tokens.push({ kind: 'name', text: name[0], at: i });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (!op) throw new ExprSyntaxError(`unexpected character "${ch}"`, i);
    tokens.push({ kind: 'op', text: op, at: i });
    i += op.length;
  }
  tokens.push({ kind: 'end', text: 'end of expression', at: src.length });
  return tokens;
}

const CMP_OPS: readonly BinaryOp[] = ['==', '!=', '<=', '>=', '<', '>'];

export function parseExpr(src: string): Expr {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = (): Token => tokens[pos]!;
  const next = (): Token => tokens[pos++]!;
  const isOp = (text: string): boolean => peek().kind === 'op' && peek().text === text;
  const expect = (text: string): void => {
    const t = next();
    if (t.kind !== 'op' || t.text !== text) throw new ExprSyntaxError(`expected "${text}" but found "${t.text}"`, t.at);
  };

  const binaryLevel = (ops: readonly BinaryOp[], sub: () => Expr): (() => Expr) => {
    return () => {
      let left = sub();
      while (peek().kind === 'op' && (ops as readonly string[]).includes(peek().text)) {
        const t = next();
        const right = sub();
        left = { kind: 'binary', op: t.text as BinaryOp, left, right, at: t.at };
      }
      return left;
    };
  };

  const atom = (): Expr => {
    const t = next();
    if (t.kind === 'num') {
      const value = Number(t.text);
      if (value > 0xffff_ffff) throw new ExprSyntaxError(`number ${t.text} does not fit in 32 bits`, t.at);
      return { kind: 'num', value, at: t.at };
    }
    if (t.kind === 'name') {
      if (t.text === 'true' || t.text === 'false') return { kind: 'bool', value: t.text === 'true', at: t.at };
      if (isOp('(')) {
        next();
        const args: Expr[] = [];
        if (!isOp(')')) {
          args.push(orExpr());
          while (isOp(',')) {
            next();
            args.push(orExpr());
          }
        }
        expect(')');
        return { kind: 'call', fn: t.text, args, at: t.at };
      }
      return { kind: 'name', name: t.text, at: t.at };
    }
    if (t.kind === 'op' && t.text === '(') {
      const inner = orExpr();
      expect(')');
      return inner;
    }
    throw new ExprSyntaxError(`expected a value but found "${t.text}"`, t.at);
  };

  const coalesce = (): Expr => {
    const left = atom();
    if (!isOp('??')) return left;
    const t = next();
    return { kind: 'binary', op: '??', left, right: atom(), at: t.at };
  };
  const product = binaryLevel(['*'], coalesce);
  const sum = binaryLevel(['+', '-'], product);

  const comparison = (): Expr => {
    const first = sum();
    let result: Expr | undefined;
    let left = first;
    while (peek().kind === 'op' && (CMP_OPS as readonly string[]).includes(peek().text)) {
      const t = next();
      const right = sum();
      const cmp: Expr = { kind: 'binary', op: t.text as BinaryOp, left, right, at: t.at };
      result = result ? { kind: 'binary', op: '&&', left: result, right: cmp, at: t.at } : cmp;
      left = right;
    }
    return result ?? first;
  };

  const notExpr = (): Expr => {
    if (isOp('!')) {
      const t = next();
      return { kind: 'not', arg: notExpr(), at: t.at };
    }
    return comparison();
  };
  const andExpr = binaryLevel(['&&'], notExpr);
  const orExpr = binaryLevel(['||'], andExpr);

  const tree = orExpr();
  if (peek().kind !== 'end') throw new ExprSyntaxError(`unexpected "${peek().text}"`, peek().at);
  return tree;
}
