/**
 * The spec's state machine as a graph, for drawing: one node per state, one edge per pair of
 * states (from, to) that a transition joins, labelled with one line per kind of transition:
 * `input / output [rule IDs]`, as in RFC 9293's figure ("rcv SYN / snd SYN,ACK").
 *
 * Pure: it reads the model and returns plain data; the renderers (dot.ts, mermaid.ts) only
 * format it. Order follows the spec (states as declared, edges by their first transition),
 * so the same spec always gives the same graph.
 */
import type { Profile, Spec, Transition } from '../../core/spec/types.js';
import { inputLabel } from '../plan/titles.js';
import { transitionsOf } from '../../core/spec/profiles.js';

export interface GraphNode {
  readonly name: string;
  readonly description: string;
  readonly initial: boolean;
}

/** One line of an edge's label: transitions with the same input and output share it. */
export interface EdgeLine {
  /** `rcv SYN`, `connect()`, `time_wait timer` */
  readonly input: string;
  /** `snd SYN+ACK`, or '' when the transition sends nothing */
  readonly output: string;
  /** Rule IDs of the transitions on this line, in order, without repeats. */
  readonly rules: readonly string[];
  readonly transitions: readonly { readonly id: string; readonly title: string }[];
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly lines: readonly EdgeLine[];
}

export interface StateGraph {
  readonly profile: Profile;
  readonly initial: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** How many transitions the edges draw. */
  readonly transitions: number;
}

export function inputText(t: Transition): string {
  return t.input.kind === 'segment' ? `rcv ${inputLabel(t)}` : inputLabel(t);
}

/** The flags of the segments the transition sends: `snd FIN+ACK`; '' when it sends none. */
export function outputText(t: Transition): string {
  const sent = t.actions.flatMap((a) => (a.kind === 'send' ? [a.ctl.join('+')] : []));
  return sent.length === 0 ? '' : `snd ${sent.join(', ')}`;
}

/** `rcv SYN / snd SYN+ACK [H2 H2.mss]`; `time_wait timer [W4.2msl]` when nothing is sent. */
export function lineText(line: EdgeLine): string {
  return `${line.input}${line.output ? ` / ${line.output}` : ''} [${line.rules.join(' ')}]`;
}

export function buildGraph(spec: Spec, profile: Profile): StateGraph {
  const transitions = transitionsOf(spec, profile);
  const edges = new Map<
    string,
    {
      from: string;
      to: string;
      lines: Map<
        string,
        { input: string; output: string; rules: string[]; transitions: { id: string; title: string }[] }
      >;
    }
  >();
  for (const t of transitions) {
    // JSON keeps the key unambiguous whatever characters the names hold.
    const key = JSON.stringify([t.from, t.to]);
    let edge = edges.get(key);
    if (!edge) {
      edge = { from: t.from, to: t.to, lines: new Map() };
      edges.set(key, edge);
    }
    const input = inputText(t);
    const output = outputText(t);
    const lineKey = JSON.stringify([input, output]);
    let line = edge.lines.get(lineKey);
    if (!line) {
      line = { input, output, rules: [], transitions: [] };
      edge.lines.set(lineKey, line);
    }
    for (const r of t.rules) if (!line.rules.includes(r)) line.rules.push(r);
    line.transitions.push({ id: t.id, title: t.title });
  }
  const used = new Set<string>([spec.initial]);
  for (const t of transitions) used.add(t.from).add(t.to);
  const nodes = spec.states
    .filter((s) => used.has(s.name))
    .map((s) => ({ name: s.name, description: s.description, initial: s.name === spec.initial }));
  return deepFreeze({
    profile,
    initial: spec.initial,
    nodes,
    edges: [...edges.values()].map((e) => ({ from: e.from, to: e.to, lines: [...e.lines.values()] })),
    transitions: transitions.length,
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
