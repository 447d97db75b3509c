/**
 * The state graph as a Mermaid state diagram (renders on GitHub inside a ```mermaid block).
 *
 * Mermaid has no general quoting, so spec text never reaches it raw: state ids are made of
 * [A-Za-z0-9_] only (prefixed, so no id is a Mermaid keyword), and every character of a label
 * or state name other than letters, digits, space and a few safe marks is written as a Mermaid
 * entity code (`#quot;`, `#35;`, …), which Mermaid shows as the character itself.
 */
import { lineText, type StateGraph } from './build.js';

export function toMermaid(graph: StateGraph): string {
  const ids = stateIds(graph.nodes.map((n) => n.name));
  const id = (name: string): string => ids.get(name) ?? 'unknown_state';
  const out = ['stateDiagram-v2', '    direction TB'];
  for (const n of graph.nodes) out.push(`    state "${text(n.name)}" as ${id(n.name)}`);
  out.push(`    [*] --> ${id(graph.initial)}`);
  for (const e of graph.edges) {
    out.push(`    ${id(e.from)} --> ${id(e.to)} : ${e.lines.map((l) => text(lineText(l))).join('<br/>')}`);
  }
  const initial = graph.nodes.find((n) => n.initial);
  if (initial) {
    out.push('    classDef initial font-weight:bold,stroke-width:3px');
    out.push(`    class ${id(initial.name)} initial`);
  }
  return `${out.join('\n')}\n`;
}

/** `s_` + the name with anything but [A-Za-z0-9_] made `_`; a clash gets a numeric suffix. */
function stateIds(names: readonly string[]): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const name of names) {
    const base = `s_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
    let candidate = base;
    for (let i = 2; taken.has(candidate); i++) candidate = `${base}_${i}`;
    taken.add(candidate);
    ids.set(name, candidate);
  }
  return ids;
}

/** Text for a Mermaid label: safe characters as they are, every other one as an entity code. */
export function text(s: string): string {
  return [...s.replace(/\s+/g, ' ')]
    .map((c) => {
      if (/[A-Za-z0-9 _.,+()[\]/*=-]/.test(c)) return c;
      if (c === '"') return '#quot;';
      return `#${c.codePointAt(0)};`;
    })
    .join('');
}
