/**
 * Step 5: render the generated files from the model and the plan. Output is a map from path
 * (relative to the output directory) to content; nothing here reads the clock, the
 * environment or the file system order, so the same spec always gives the same bytes.
 */
import type { TestCase } from '../../core/case.js';
import { parameterDefaults } from '../../core/spec/parameters.js';
import type { Spec, Transition } from '../../core/spec/types.js';
import { specJsonSchema } from '../validate/schema.js';
import { sourceOf, titleOf } from '../plan/titles.js';
import { show } from '../../core/expr/ast.js';
import { compileAction, compileCondition, compileGuard, dispatchKey, fieldOf, namesOf } from './compile.js';
import { codeGuards, codeOrder, quiet, unseenStops } from './needless.js';
import { emitSuite } from './suite.js';
import { template } from './templates.js';

export type GeneratedFiles = Map<string, string>;

export function emitAll(spec: Spec, cases: readonly TestCase[]): GeneratedFiles {
  const files: GeneratedFiles = new Map();
  files.set('schema/spec.schema.json', `${JSON.stringify(specJsonSchema(), null, 2)}\n`);
  files.set('spec-data.ts', emitSpecData(spec));
  files.set(
    'reference/host.ts',
    template('reference/host.ts.hbs')({
      sources: spec.files,
      parameters: spec.parameters.map((p) => ({ field: fieldOf(p.name), default: p.default })),
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
      ...(r.note ? { note: r.note } : {}),
    })),
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
  const caseOf = (t: Transition) => {
    const unseen = unseenStops(spec, t);
    const statements = t.actions.flatMap((a) => [
      ...(a.kind === 'stop_timer' && unseen.has(a.timer)
        ? [
            `// Stryker disable next-line StringLiteral: equivalent, the ${a.timer} timer left running would fire only where no transition acts on it (every way back into such a state starts it anew)`,
          ]
        : []),
      ...compileAction(a, names, t.input),
    ]);
    return {
      id: t.id,
      title: titleOf(t, t.rules),
      rfc: t.rfc,
      source: sourceOf(t),
      note: t.note ?? false,
      guard: compileGuard(t.input, names) ?? (false as string | false),
      statements,
      to: t.to,
      quiet: quiet(t),
      /** The conjuncts of the spec's guard that the code leaves out (needless.ts: codeGuards). */
      untested: false as string | false,
    };
  };
  const code = (c: ReturnType<typeof caseOf>) => JSON.stringify([c.statements, c.to]);
  // Per state, one case per input, its transitions in code order (needless.ts: codeOrder).
  const inputsOf = (ts: readonly Transition[]) => {
    const inputs = [...new Set(ts.map((t) => dispatchKey(t.input)))].map((key) => {
      const inOrder = codeOrder(ts.filter((t) => dispatchKey(t.input) === key));
      const cases = inOrder.map(caseOf);
      const reduced = codeGuards(spec, inOrder, (i, j) => code(cases[i]!) === code(cases[j]!));
      const reducedCases = cases.map((c, i) => {
        const { guard, untested } = reduced[i]!;
        if (untested.length === 0) return c;
        return {
          ...c,
          guard: guard ? compileCondition(guard, names) : (false as const),
          untested: untested.map(show).join(' && '),
        };
      });
      // Cases that act as every case after them does, down to an unconditional last one: whatever
      // their guards take or leave, the same code answers (a retransmitted FIN and one outside
      // the window, say, both get an ACK). Their guards' mutants are equivalent.
      const last = reducedCases.at(-1)!;
      let first = reducedCases.length - 1;
      if (!last.guard && !last.quiet) while (first > 0 && code(reducedCases[first - 1]!) === code(last)) first--;
      const ordered = reducedCases.map((c, i) => ({ ...c, alike: i >= first && i < reducedCases.length - 1 }));
      return { key, cases: ordered, quiet: cases.every((c) => c.quiet), unconditional: !last.guard };
    });
    // An input whose code is the same as the next one's: falling through to it does the same.
    const inputCode = (i: (typeof inputs)[number]) =>
      JSON.stringify(i.cases.filter((c) => !c.alike).map((c) => [c.guard, c.statements, c.to]));
    return inputs.map((input, k) => ({
      ...input,
      likeNext: k + 1 < inputs.length && inputCode(input) === inputCode(inputs[k + 1]!),
    }));
  };
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
