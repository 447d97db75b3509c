/**
 * Step 5: render the generated files from the model and the plan. Output is a map from path
 * (relative to the output directory) to content; nothing here reads the clock, the
 * environment or the file system order, so the same spec always gives the same bytes.
 */
import type { TestCase } from '../../core/case.js';
import { parameterDefaults } from '../../core/spec/parameters.js';
import type { Spec, Transition } from '../../core/spec/types.js';
import { declaredJsonSchema, specJsonSchema } from '../validate/schema.js';
import { sourceOf, titleOf } from '../plan/titles.js';
import { compileAction, compileGuard, dispatchKey, fieldOf, namesOf } from './compile.js';
import { emitSuite } from './suite.js';
import { template } from './templates.js';

export type GeneratedFiles = Map<string, string>;

export function emitAll(spec: Spec, cases: readonly TestCase[]): GeneratedFiles {
  const files: GeneratedFiles = new Map();
  files.set('schema/spec.schema.json', `${JSON.stringify(specJsonSchema(), null, 2)}\n`);
  files.set('schema/declared.schema.json', `${JSON.stringify(declaredJsonSchema(), null, 2)}\n`);
  files.set('spec-data.ts', emitSpecData(spec));
  files.set(
    'reference/host.ts',
    template('reference/host.ts.hbs')({
      sources: spec.files,
      parameters: spec.parameters.map((p) => ({ field: fieldOf(p.name), name: p.name, default: p.default })),
    }),
  );
  files.set('reference/endpoint.ts', emitEndpoint(spec));
  files.set('reference/index.ts', template('reference/index.ts.hbs')({ sources: spec.files }));
  for (const [path, text] of emitSuite(spec, cases)) files.set(path, text);
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}

function emitSpecData(spec: Spec): string {
  return template('spec-data.ts.hbs')({
    sources: spec.files,
    rules: spec.rules.map((r) => ({
      id: r.id,
      text: r.text,
      ...(r.zh ? { zh: r.zh } : {}),
      source: r.source,
      labels: r.labels,
      ...(r.note ? { note: r.note } : {}),
    })),
    requirements: spec.requirements.map(({ loc: _, ...r }) => r),
    initial: spec.initial,
    parameters: parameterDefaults(spec),
    variations: spec.variations.map((v) => ({
      id: v.id,
      variant: v.variant,
      transitions: v.transitions,
      parameters: v.parameters,
      why: v.why,
      source: sourceOf(v),
    })),
    latitude: spec.latitude.map(({ loc: _, ...a }) => a),
  });
}

interface HandlerSpec {
  readonly kind: 'call' | 'segment' | 'timer';
  readonly param: string;
  readonly signature: (used: boolean) => string;
  readonly preamble?: string;
  /** The expression the handler switches on: the input's dispatchKey. */
  readonly dispatch: string;
}

const HANDLERS: readonly HandlerSpec[] = [
  {
    kind: 'call',
    param: 'data',
    dispatch: 'call',
    signature: (used) =>
      `/** An application call; false when no transition takes it in this state. */\n  call(call: CallName, ${used ? 'data' : '_data'}: Uint8Array): boolean`,
  },
  {
    kind: 'segment',
    param: 'seg',
    dispatch: 'ctl',
    signature: () =>
      '/** A segment arrives; false when no transition takes it in this state. */\n  segment(seg: wire.Segment): boolean',
    preamble: 'const ctl = wire.controlKey(seg.flags);',
  },
  {
    kind: 'timer',
    param: 'timer',
    dispatch: 'timer',
    signature: (used) =>
      `/** A timer expires; false when no transition takes it in this state. */\n  timer(${used ? 'timer' : '_timer'}: string): boolean`,
  },
];

function emitEndpoint(spec: Spec): string {
  const names = namesOf(spec);
  const arm = (t: Transition) => ({
    id: t.id,
    title: titleOf(t, t.rules),
    rfc: t.rfc,
    source: sourceOf(t),
    note: t.note ?? false,
    guard: compileGuard(t.input, names) ?? (false as string | false),
    statements: t.actions.flatMap((a) => compileAction(a, names, t.input)),
    to: t.to,
  });
  // Per state, one case per input (in the order the spec first names it), its transitions in spec order.
  const inputsOf = (ts: readonly Transition[]) =>
    [...new Set(ts.map((t) => dispatchKey(t.input)))].map((key) => {
      const arms = ts.filter((t) => dispatchKey(t.input) === key).map(arm);
      return { key, arms, unconditional: !arms.at(-1)!.guard };
    });
  const handlers = HANDLERS.map((h) => {
    const states = spec.states
      .map((s) => ({
        state: s.name,
        inputs: inputsOf(spec.transitions.filter((t) => t.from === s.name && t.input.kind === h.kind)),
      }))
      .filter((s) => s.inputs.length > 0);
    const code = JSON.stringify(states);
    const used = h.dispatch === h.param || new RegExp(`\\b${h.param}\\b`).test(code);
    return { signature: h.signature(used), preamble: h.preamble ?? false, dispatch: h.dispatch, states };
  });
  const body = JSON.stringify(handlers);
  const sendsData = /\bthis\.sendData\(/.test(body);
  return template('reference/endpoint.ts.hbs')({
    sources: spec.files,
    usesSeq: names.keepsData || sendsData || /\bseq\./.test(body),
    keepsData: names.keepsData,
    sendsData,
    states: spec.states.map((s) => s.name),
    initial: spec.initial,
    variables: spec.variables.map((v) => fieldOf(v.name)),
    handlers,
  });
}
