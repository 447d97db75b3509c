/**
 * The coverage table: states × inputs. Each cell says which transitions (and rules) take that
 * input in that state and how many tests check them, or that the spec leaves the pair open
 * on purpose, or that nobody has said anything about it yet (a gap). A pair whose guards
 * leave some segments to no transition and no unspecified entry is a gap as well.
 */
import type { TestCase } from '../core/case.js';
import type { Input, Profile, Spec } from '../core/spec/types.js';
import { inProfile, profileView } from '../core/spec/profiles.js';
import { callKey, inputKey, segmentKey } from '../core/input-key.js';
import type { Flag } from '../core/segment.js';
import { CALL_NAMES } from '../core/spec/names.js';
import { openRegions } from './validate/regions.js';

/** The inputs every state must answer: every application call and each meaningful flag combination. */
const ANSWERED: readonly (readonly Flag[])[] = [
  ['SYN'],
  ['SYN', 'ACK'],
  ['ACK'],
  ['FIN', 'ACK'],
  ['RST'],
  ['RST', 'ACK'],
];
export const INPUTS: readonly string[] = [...CALL_NAMES.map(callKey), ...ANSWERED.map(segmentKey)];

export type Cell =
  | {
      readonly kind: 'covered';
      readonly transitions: readonly string[];
      readonly rules: readonly string[];
      readonly tests: number;
    }
  | { readonly kind: 'unspecified'; readonly why: string }
  | { readonly kind: 'gap' };

export interface Coverage {
  readonly profile: Profile;
  readonly states: readonly string[];
  readonly inputs: readonly string[];
  readonly cells: ReadonlyMap<string, Cell>;
  readonly gaps: readonly string[];
}

export const cellKey = (state: string, input: string) => `${state} / ${input}`;

export function coverage(spec: Spec, cases: readonly TestCase[], profile: Profile): Coverage {
  const { transitions, unspecified } = profileView(spec, profile);
  const timers = [...new Set(transitions.flatMap((t) => (t.input.kind === 'timer' ? [inputKey(t.input)] : [])))];
  const inputs = [...INPUTS, ...timers];
  const states = spec.states
    .map((s) => s.name)
    .filter((s) => s === spec.initial || transitions.some((t) => t.from === s || t.to === s));
  const cells = new Map<string, Cell>();
  const gaps: string[] = [];
  for (const state of states) {
    for (const input of inputs) {
      const here = transitions.filter((t) => t.from === state && inputKey(t.input) === input);
      const open = unspecified.find((u) => u.states.includes(state) && inputKey(u.input) === input);
      let cell: Cell;
      if (here.length > 0) {
        const ids = here.map((t) => t.id);
        cell = {
          kind: 'covered',
          transitions: ids,
          rules: [...new Set(here.flatMap((t) => t.rules))],
          tests: cases.filter((c) => inProfile(c, profile) && ids.includes(c.transition)).length,
        };
      } else if (open) {
        cell = { kind: 'unspecified', why: open.why };
      } else if (input.startsWith('timer ')) {
        // A timer that never runs in this state cannot expire there: nothing to answer.
        continue;
      } else {
        cell = { kind: 'gap' };
        gaps.push(cellKey(state, input));
      }
      cells.set(cellKey(state, input), cell);
    }
  }
  // A pair can be covered and still leave a region of its segments to nobody.
  for (const r of openRegions(profileView(spec, profile)))
    gaps.push(`${cellKey(r.state, r.input)} where no transition takes it${r.witness}`);
  return { profile, states, inputs, cells, gaps };
}

const short = (input: string) =>
  input
    .replace(/^call (\w+)$/, '$1()')
    .replace(/^segment /, '')
    .replace(/^timer (\w+)$/, '$1 timer');

function cellText(c: Cell | undefined, markdown: boolean): string {
  if (!c) return markdown ? '' : '.';
  if (c.kind === 'gap') return markdown ? '**GAP**' : 'GAP';
  if (c.kind === 'unspecified') return markdown ? '*unspecified*' : 'unspec';
  return markdown ? `${c.rules.join(' ')} (${c.tests})` : `${c.tests}`;
}

/** The table for a terminal: one row per state, tests per cell; details follow it. */
export function coverageText(cov: Coverage): string {
  const w = Math.max(...cov.states.map((s) => s.length));
  const cols = cov.inputs.map(short);
  const widths = cols.map((c) => Math.max(c.length, 6));
  const line = (first: string, rest: string[]) =>
    `${first.padEnd(w)}  ${rest.map((r, i) => r.padStart(widths[i]!)).join('  ')}`;
  const out = [
    `coverage of the ${cov.profile} profile: tests per (state, input); unspec = deliberately left open`,
    '',
    line('', cols),
  ];
  for (const s of cov.states)
    out.push(
      line(
        s,
        cov.inputs.map((i) => cellText(cov.cells.get(cellKey(s, i)), false)),
      ),
    );
  out.push('');
  for (const [k, c] of cov.cells) {
    if (c.kind === 'covered') out.push(`${k}: ${c.transitions.join(', ')} [${c.rules.join(' ')}], ${c.tests} test(s)`);
    else if (c.kind === 'unspecified') out.push(`${k}: unspecified: ${c.why}`);
  }
  out.push(
    '',
    cov.gaps.length === 0
      ? 'no gaps: every (state, input) pair is covered or deliberately unspecified'
      : `${cov.gaps.length} gap(s): ${cov.gaps.join('; ')}`,
  );
  return `${out.join('\n')}\n`;
}

/** The same as a Markdown table, for the docs. */
export function coverageMarkdown(cov: Coverage): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out = [
    `| state | ${cov.inputs.map((i) => esc(short(i))).join(' | ')} |`,
    `| --- | ${cov.inputs.map(() => '---').join(' | ')} |`,
    ...cov.states.map(
      (s) => `| ${s} | ${cov.inputs.map((i) => esc(cellText(cov.cells.get(cellKey(s, i)), true))).join(' | ')} |`,
    ),
  ];
  out.push(
    '',
    'Each cell: the rule IDs of the transitions that take the input in that state, and (in parentheses) the number of tests. *unspecified*: the spec leaves it open on purpose; **GAP**: nothing says what happens.',
  );
  return `${out.join('\n')}\n`;
}

export type { Input };
