/**
 * Step 5: render the generated files from the model and the plan. Output is a map from path
 * (relative to the output directory) to content; nothing here reads the clock, the
 * environment or the file system order, so the same spec always gives the same bytes.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestCase } from '../../src/case.js';
import type { Expr } from '../expr/ast.js';
import type { Profile, Spec, Transition } from '../model/types.js';
import { PROFILES, specJsonSchema } from '../validate/schema.js';
import { sourceOf, titleOf } from '../plan/titles.js';
import { compileAction, compileCondition, fieldOf, namesOf } from './compile.js';
import { hbs } from './helpers.js';

const TEMPLATES = join(dirname(fileURLToPath(import.meta.url)), '..', 'templates');

const template = (path: string) => hbs.compile(readFileSync(join(TEMPLATES, path), 'utf8'), { noEscape: true, strict: true });

hbs.registerPartial('header', readFileSync(join(TEMPLATES, 'partials', 'header.hbs'), 'utf8'));

export type GeneratedFiles = Map<string, string>;

/** Where a profile's suite files go: suite/ for the memo, suite/PROFILE/ for the larger ones. */
export function suiteDir(profile: Profile): string {
  return profile === 'memo' ? 'suite' : `suite/${profile}`;
}

export function suitePath(profile: Profile, group: string): string {
  return `${suiteDir(profile)}/${group}.test.ts`;
}

export function emitAll(spec: Spec, cases: readonly TestCase[]): GeneratedFiles {
  const files: GeneratedFiles = new Map();
  files.set('schema/spec.schema.json', `${JSON.stringify(specJsonSchema(), null, 2)}\n`);
  files.set('spec-data.ts', emitSpecData(spec));
  files.set('reference/host.ts', template('reference/host.ts.hbs')({
    sources: spec.files,
    parameters: spec.parameters.map((p) => ({ field: fieldOf(p.name), default: p.default })),
  }));
  files.set('reference/endpoint.ts', emitEndpoint(spec));
  files.set('reference/index.ts', template('reference/index.ts.hbs')({ sources: spec.files }));
  const suite = template('suite/suite.test.ts.hbs');
  for (const group of [...new Set(spec.transitions.map((t) => t.group))]) {
    const ids = new Set(spec.transitions.filter((t) => t.group === group).map((t) => t.id));
    const source = spec.transitions.find((t) => t.group === group)!.specFile;
    for (const profile of PROFILES) {
      const groupCases = cases.filter((c) => ids.has(c.transition) && c.profile === profile);
      if (groupCases.length === 0) continue;
      files.set(suitePath(profile, group), suite({ sources: [source], title: `${group} (${source}, ${profile} profile)`, cases: groupCases, runtime: profile === 'memo' ? '../../src/index.js' : '../../../src/index.js' }));
    }
  }
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}

function emitSpecData(spec: Spec): string {
  return template('spec-data.ts.hbs')({
    sources: spec.files,
    rules: spec.rules.map((r) => ({ id: r.id, text: r.text, ...(r.zh ? { zh: r.zh } : {}), source: r.source, ...(r.note ? { note: r.note } : {}) })),
    states: spec.states.map((s) => s.name),
    initial: spec.initial,
    parameters: Object.fromEntries(spec.parameters.map((p) => [p.name, p.default])),
    transitions: Object.fromEntries(spec.transitions.map((t) => [t.id, { profile: t.profile, from: t.from, on: onOf(t) }])),
  });
}

/** A transition's input without its guard, written as the spec's `on:`; for a segment, whether the guard asks for data. */
function onOf({ input }: Transition): object {
  switch (input.kind) {
    case 'call':
      return { call: input.call };
    case 'segment': {
      const data = dataOf(input.guard?.tree);
      return { segment: input.ctl, ...(data !== undefined ? { data } : {}) };
    }
    case 'timer':
      return { timer: input.timer };
  }
}

/** true for a guard with a conjunct SEG.DATA > 0, false for SEG.DATA == 0, else undefined. */
function dataOf(e: Expr | undefined): boolean | undefined {
  if (e?.kind !== 'binary') return undefined;
  if (e.op === '&&') return dataOf(e.left) ?? dataOf(e.right);
  if (e.left.kind !== 'name' || e.left.name !== 'SEG.DATA' || e.right.kind !== 'num' || e.right.value !== 0) return undefined;
  return e.op === '>' ? true : e.op === '==' ? false : undefined;
}

interface HandlerSpec {
  readonly kind: 'call' | 'segment' | 'timer';
  readonly param: string;
  readonly signature: (used: boolean) => string;
  readonly preamble?: string;
}

const HANDLERS: readonly HandlerSpec[] = [
  {
    kind: 'call',
    param: 'data',
    signature: (used) => `/** An application call; false when no transition takes it in this state. */\n  call(call: CallName, ${used ? 'data' : '_data'}: Uint8Array): boolean`,
  },
  {
    kind: 'segment',
    param: 'seg',
    signature: () => '/** A segment arrives; false when no transition takes it in this state. */\n  segment(seg: wire.Segment): boolean',
    preamble: 'const ctl = wire.controlKey(seg.flags);',
  },
  {
    kind: 'timer',
    param: 'timer',
    signature: (used) => `/** A timer expires; false when no transition takes it in this state. */\n  timer(${used ? 'timer' : '_timer'}: string): boolean`,
  },
];

function emitEndpoint(spec: Spec): string {
  const names = namesOf(spec);
  const caseOf = (t: Transition) => ({
    id: t.id,
    title: titleOf(t, t.rules),
    rfc: t.rfc,
    source: sourceOf(t),
    note: t.note ?? false,
    condition: compileCondition(t.input, names),
    statements: t.actions.flatMap((a) => compileAction(a, names)),
    to: t.to,
  });
  const handlers = HANDLERS.map((h) => {
    const states = spec.states
      .map((s) => ({ state: s.name, cases: spec.transitions.filter((t) => t.from === s.name && t.input.kind === h.kind).map(caseOf) }))
      .filter((s) => s.cases.length > 0);
    const code = JSON.stringify(states);
    const used = new RegExp(`\\b${h.param}\\b`).test(code);
    return { signature: h.signature(used), preamble: h.preamble ?? false, states };
  });
  const body = JSON.stringify(handlers);
  return template('reference/endpoint.ts.hbs')({
    sources: spec.files,
    usesSeq: names.keepsData || /\bseq\./.test(body),
    keepsData: names.keepsData,
    states: spec.states.map((s) => s.name),
    initial: spec.initial,
    variables: spec.variables.map((v) => fieldOf(v.name)),
    handlers,
  });
}
