/**
 * Compiling expression trees and actions to TypeScript for the reference endpoint. Each node
 * kind maps to one fixed code shape; names map to fields through `ident`, numbers through
 * `json`. No spec text is ever copied into code.
 */
import { dataOf, type Expr } from '../../core/expr/ast.js';
import type { Action, Input, Spec } from '../../core/spec/types.js';
import { ident, json } from './helpers.js';
import { controlKey } from '../../core/segment.js';
import { fieldName } from '../../core/spec/names.js';

const SEGMENT_CODE: Readonly<Record<string, string>> = {
  'SEG.SEQ': 'seg.seq',
  'SEG.ACK': 'seg.ack',
  'SEG.LEN': 'wire.segLen(seg)',
  'SEG.DATA': 'seg.payload.length',
  'SEG.WND': 'seg.window',
  'SEG.MSS': 'seg.mss',
  'CALL.LEN': 'data.length',
};

const FN: Readonly<Record<string, string>> = {
  '+': 'seq.add',
  '-': 'seq.sub',
  '*': 'seq.mul',
  '<': 'seq.lt',
  '<=': 'seq.le',
  '>': 'seq.gt',
  '>=': 'seq.ge',
};

/** Field name of a connection variable: SND.NXT -> SND_NXT. */
export function fieldOf(name: string): string {
  return ident(fieldName(name));
}

export interface Names {
  readonly variables: ReadonlySet<string>;
  readonly parameters: ReadonlySet<string>;
  /** The endpoint keeps the data it sends, because some transition resends it. */
  readonly keepsData: boolean;
  /** Where the code finds the connection variables and the parameters. */
  readonly scope: { readonly variables: string; readonly parameters: string };
}

/** The names as the endpoint's methods see them: this.v and this.host.params. */
const ENDPOINT_SCOPE = { variables: 'this.v', parameters: 'this.host.params' };

export function namesOf(spec: Spec, scope = ENDPOINT_SCOPE): Names {
  return {
    variables: new Set(spec.variables.map((v) => v.name)),
    parameters: new Set(spec.parameters.map((p) => p.name)),
    keepsData: spec.transitions.some((t) => t.actions.some((a) => a.kind === 'resend')),
    scope,
  };
}

/** Logical and equality operators: the ones TypeScript writes infix. Arithmetic and order are seq calls. */
const INFIX = new Set(['&&', '||', '??', '==', '!=']);

/**
 * Whether `child`, an operand of `parent`, needs parentheses. Only where precedence asks for
 * them, and where a reader would want them: && inside ||, and anything beside ?? (which
 * TypeScript refuses to mix with && and || unparenthesized).
 */
function parenthesize(child: Expr, parent: string): boolean {
  if (child.kind !== 'binary' || !INFIX.has(child.op)) return false;
  if (parent === '&&') return child.op === '||' || child.op === '??';
  if (parent === '||') return child.op !== '||' && child.op !== '==' && child.op !== '!=';
  return true;
}

/** An expression as TypeScript, without parentheses around the whole. */
export function compileExpr(e: Expr, names: Names): string {
  const c = (x: Expr) => compileExpr(x, names);
  const operand = (x: Expr, parent: string) => (parenthesize(x, parent) ? `(${c(x)})` : c(x));
  switch (e.kind) {
    case 'num':
      return json(e.value);
    case 'bool':
      return json(e.value);
    case 'name':
      if (names.variables.has(e.name)) return `${names.scope.variables}.${fieldOf(e.name)}`;
      if (names.parameters.has(e.name)) return `${names.scope.parameters}.${fieldOf(e.name)}`;
      if (SEGMENT_CODE[e.name]) return SEGMENT_CODE[e.name]!;
      throw new Error(`internal: unresolved name ${e.name}`);
    case 'call':
      return 'this.host.isn()';
    case 'not':
      return `!${operand(e.arg, '!')}`;
    case 'binary':
      if (!INFIX.has(e.op)) return `${FN[e.op]!}(${c(e.left)}, ${c(e.right)})`;
      return `${operand(e.left, e.op)} ${JS_OP[e.op] ?? e.op} ${operand(e.right, e.op)}`;
  }
}

const JS_OP: Readonly<Record<string, string>> = { '==': '===', '!=': '!==' };

/** The value the reference dispatches on for an input: the call, the control flags, or the timer. */
export function dispatchKey(input: Input): string {
  switch (input.kind) {
    case 'call':
      return input.call;
    case 'segment':
      return controlKey(input.ctl);
    case 'timer':
      return input.timer;
  }
}

/** The guard as a TypeScript condition, or undefined when the transition has none. */
export function compileGuard(input: Input, names: Names): string | undefined {
  return input.guard ? compileExpr(input.guard.tree, names) : undefined;
}

/**
 * One or more statements per action, in order. `input` is the transition's: where its guard
 * asks for data, a delivery needs no test that there is some.
 */
export function compileAction(a: Action, names: Names, input: Input): string[] {
  const c = (e: Expr) => compileExpr(e, names);
  switch (a.kind) {
    case 'set':
      return a.assignments.map((s) => `this.v.${fieldOf(s.name)} = ${c(s.value.tree)};`);
    case 'send': {
      // In the order RFC 9293 writes a segment, <SEQ=..><ACK=..><CTL=..>; AN 0, no MSS option
      // and no data are the host's defaults.
      const fields = [
        `seq: ${c(a.seq.tree)}`,
        ...(a.ack ? [`ack: ${c(a.ack.tree)}`] : []),
        `flags: [${a.ctl.map(json).join(', ')}]`,
        ...(a.mss ? [`mss: ${c(a.mss.tree)}`] : []),
      ].join(', ');
      if (!a.data) return [`this.host.send({ ${fields} });`];
      return [`this.sendData({ ${fields} }, data, ${a.max ? c(a.max.tree) : 'Math.max(data.length, 1)'});`];
    }
    case 'deliver':
      return [
        dataOf(input.guard?.tree)
          ? 'this.host.deliver(seg.payload);'
          : 'if (seg.payload.length > 0) this.host.deliver(seg.payload);',
      ];
    case 'resend': {
      const v = (n: string) => compileExpr({ kind: 'name', name: n, at: 0 }, names);
      return [`this.resend(${v('SND.UNA')}, ${v('SND.NXT')}, ${v('SND.MSS')}, ${v('RCV.NXT')});`];
    }
    case 'notify':
      return [`this.host.notify(${json(a.what)});`];
    case 'start_timer':
      return [`this.host.startTimer(${json(a.timer)}, ${c(a.after.tree)});`];
    case 'stop_timer':
      return [`this.host.stopTimer(${json(a.timer)});`];
  }
}
