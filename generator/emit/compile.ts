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

export function compileExpr(e: Expr, names: Names): string {
  const c = (x: Expr) => compileExpr(x, names);
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
      return `!(${c(e.arg)})`;
    case 'binary':
      switch (e.op) {
        case '&&':
        case '||':
        case '??':
          return `(${c(e.left)} ${e.op} ${c(e.right)})`;
        case '==':
          return `(${c(e.left)} === ${c(e.right)})`;
        case '!=':
          return `(${c(e.left)} !== ${c(e.right)})`;
        default:
          return `${FN[e.op]!}(${c(e.left)}, ${c(e.right)})`;
      }
  }
}

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
  return input.guard ? compileCondition(input.guard.tree, names) : undefined;
}

/** A condition as TypeScript for `if (...)`, without the outer parentheses it brings itself. */
export function compileCondition(e: Expr, names: Names): string {
  const code = compileExpr(e, names);
  return wrapped(code) ? code.slice(1, -1) : code;
}

/** Whether the whole of `code` is one parenthesized expression, as `if (...)` adds its own. */
function wrapped(code: string): boolean {
  if (!code.startsWith('(')) return false;
  let depth = 0;
  for (let i = 0; i < code.length; i++) {
    depth += code[i] === '(' ? 1 : code[i] === ')' ? -1 : 0;
    if (depth === 0) return i === code.length - 1;
  }
  return false;
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
      const fields = [
        `flags: ${json(a.ctl)}`,
        `ack: ${a.ack ? c(a.ack.tree) : '0'}`,
        `mss: ${a.mss ? c(a.mss.tree) : 'undefined'}`,
      ].join(', ');
      if (!a.data) return [`this.host.send({ ${fields}, seq: ${c(a.seq.tree)}, payload: NO_DATA });`];
      // The data is also kept, for a later resend of what is not acknowledged.
      const max = a.max ? c(a.max.tree) : 'Math.max(data.length, 1)';
      return [
        `{`,
        `  const first = ${c(a.seq.tree)};`,
        ...(names.keepsData ? [`  this.record(first, data);`] : []),
        `  for (const [from, to] of wire.payloadRanges(data.length, ${max})) {`,
        `    this.host.send({ ${fields}, seq: seq.add(first, from), payload: data.subarray(from, to) });`,
        `  }`,
        `}`,
      ];
    }
    case 'deliver':
      return [
        dataOf(input.guard?.tree)
          ? 'this.host.deliver(seg.payload);'
          : 'if (seg.payload.length > 0) this.host.deliver(seg.payload);',
      ];
    case 'resend': {
      const v = (n: string) => compileExpr({ kind: 'name', name: n, at: 0 }, names);
      return [
        `this.host.send({ flags: ["ACK"], ack: ${v('RCV.NXT')}, mss: undefined, seq: ${v('SND.UNA')}, payload: this.unacked(${v('SND.UNA')}, ${v('SND.NXT')}, ${v('SND.MSS')}) });`,
      ];
    }
    case 'notify':
      return [`this.host.notify(${json(a.what)});`];
    case 'start_timer':
      return [`this.host.startTimer(${json(a.timer)}, ${c(a.after.tree)});`];
    case 'stop_timer':
      return [`this.host.stopTimer(${json(a.timer)});`];
  }
}
