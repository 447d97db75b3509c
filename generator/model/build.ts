/**
 * Step 3: turn schema-checked files into the immutable Spec model, parsing every expression
 * into its tree (a syntax error points at the character inside the YAML string).
 */
import { basename, dirname } from 'node:path';
import { ErrorCollector, SpecError } from '../../core/spec/errors.js';
import { parseExpr, ExprSyntaxError } from '../../core/expr/parse.js';
import { positionInScalar, positionOf, type PathSegment } from '../../core/spec/source.js';
import type { CheckedFile } from '../validate/check-schema.js';
import type { ActionData, ExprData, InputData, MachineData } from '../validate/schema.js';
import { CONTROL_FLAGS, FLAGS } from '../../core/segment.js';
import type {
  Action,
  ControlFlag,
  Input,
  Loc,
  Named,
  ParsedExpr,
  Rule,
  Spec,
  Transition,
  Unspecified,
  Variation,
} from '../../core/spec/types.js';

export function buildModel(files: readonly CheckedFile[]): Spec {
  const errors = new ErrorCollector();
  const machines = files.filter((f) => f.data.machine);
  if (machines.length === 0) {
    // The problem is the directory, not any one file in it.
    const dir = dirname(files[0]!.source.file);
    throw new SpecError(
      { file: dir, line: 0, col: 0 },
      'no file declares the machine (a top-level "machine:" with states, variables, parameters, timers)',
    );
  }
  for (const extra of machines.slice(1)) {
    errors.add(
      new SpecError(
        positionOf(extra.source, ['machine'], { key: true }),
        `a second "machine:" section (the first is in ${machines[0]!.source.file})`,
      ),
    );
  }
  const mfile = machines[0]!;
  const m = mfile.data.machine as MachineData;
  const mloc = (path: PathSegment[]): Loc => ({ file: mfile.source, path: ['machine', ...path] });
  const named = <T extends { description: string }>(section: string, rec: Record<string, T>) =>
    Object.entries(rec).map(([name, v]) => ({ name, ...v, loc: mloc([section, name]) }));

  const rules: Rule[] = [];
  const transitions: Transition[] = [];
  const unspecified: Unspecified[] = [];
  const variations: Variation[] = [];
  for (const f of files) {
    (f.data.variations ?? []).forEach((v, i) => {
      const at = (...p: PathSegment[]): Loc => ({ file: f.source, path: ['variations', i, ...p] });
      const actions = (v.do ?? []).map((a, j) => buildAction(a, at('do', j), errors));
      variations.push({
        id: v.id,
        variant: v.variant,
        transitions: v.of ?? [],
        actions,
        to: v.to,
        parameters: v.parameters ?? {},
        why: v.why,
        loc: at(),
      });
    });
    for (const [i, r] of (f.data.rules ?? []).entries())
      rules.push({ ...r, loc: { file: f.source, path: ['rules', i] } });
    (f.data.unspecified ?? []).forEach((u, i) => {
      const at = (...p: PathSegment[]): Loc => ({ file: f.source, path: ['unspecified', i, ...p] });
      unspecified.push({
        states: u.from,
        input: buildInput(u.on, at, errors),
        why: u.why,
        rfc: u.rfc,
        profile: f.data.profile ?? 'memo',
        loc: at(),
      });
    });
    (f.data.transitions ?? []).forEach((t, i) => {
      errors.attempt(() => {
        const at = (...p: PathSegment[]): Loc => ({ file: f.source, path: ['transitions', i, ...p] });
        transitions.push({
          id: t.id,
          group: basename(f.source.file).replace(/\.ya?ml$/, ''),
          specFile: f.source.name,
          from: t.from,
          input: buildInput(t.on, at, errors),
          actions: (t.do ?? []).map((a, j) => buildAction(a, at('do', j), errors)),
          to: t.to ?? t.from,
          rules: t.rules,
          rfc: t.rfc,
          title: t.title,
          note: t.note,
          profile: t.profile ?? f.data.profile ?? 'memo',
          loc: at(),
        });
      });
    });
  }
  errors.throwIfAny();

  const states: Named[] = named('states', m.states);
  return deepFreeze({
    initial: m.initial,
    initialLoc: mloc(['initial']),
    states,
    variables: named('variables', m.variables).map((v) => ({ ...v, rules: v.rules ?? [] })),
    parameters: named('parameters', m.parameters).map((p) => ({ ...p, assumed: p.assumed === true })),
    timers: named('timers', m.timers),
    rules,
    transitions,
    unspecified,
    variations,
    files: files.map((f) => f.source.name),
  });
}

function expr(value: ExprData, loc: Loc, errors: ErrorCollector): ParsedExpr {
  const src = String(value);
  try {
    return { src, tree: parseExpr(src), loc };
  } catch (err) {
    if (!(err instanceof ExprSyntaxError)) throw err;
    errors.add(new SpecError(positionInScalar(loc.file, loc.path, err.at), `expression "${src}": ${err.message}`));
    return { src, tree: { kind: 'bool', value: false, at: 0 }, loc };
  }
}

function buildInput(on: InputData, at: (...p: PathSegment[]) => Loc, errors: ErrorCollector): Input {
  const guard = 'if' in on && on.if !== undefined ? expr(on.if, at('on', 'if'), errors) : undefined;
  if ('call' in on) return { kind: 'call', call: on.call, guard };
  if ('segment' in on) {
    return {
      kind: 'segment',
      ctl: Object.freeze(CONTROL_FLAGS.filter((f): f is ControlFlag => (on.segment as string[]).includes(f))),
      guard,
    };
  }
  return { kind: 'timer', timer: on.timer, guard };
}

function buildAction(a: ActionData, loc: Loc, errors: ErrorCollector): Action {
  const sub = (...p: PathSegment[]): Loc => ({ file: loc.file, path: [...loc.path, ...p] });
  if ('set' in a) {
    return {
      kind: 'set',
      assignments: Object.entries(a.set).map(([name, v]) => ({
        name,
        value: expr(v, sub('set', name), errors),
        loc: sub('set', name),
      })),
      loc,
    };
  }
  if ('send' in a) {
    const s = a.send;
    const opt = (v: ExprData | undefined, key: string) =>
      v === undefined ? undefined : expr(v, sub('send', key), errors);
    return {
      kind: 'send',
      ctl: Object.freeze(FLAGS.filter((f) => (s.ctl as string[]).includes(f))),
      seq: expr(s.seq, sub('send', 'seq'), errors),
      ack: opt(s.ack, 'ack'),
      mss: opt(s.mss, 'mss'),
      data: s.data === 'call',
      max: opt(s.max, 'max'),
      loc,
    };
  }
  if ('deliver' in a) return { kind: 'deliver', loc };
  if ('resend' in a) return { kind: 'resend', loc };
  if ('notify' in a) return { kind: 'notify', what: a.notify, loc };
  if ('start_timer' in a) {
    return {
      kind: 'start_timer',
      timer: a.start_timer.name,
      after: expr(a.start_timer.after, sub('start_timer', 'after'), errors),
      loc,
    };
  }
  return { kind: 'stop_timer', timer: a.stop_timer, loc };
}

/** Freeze the model's own objects (not the YAML documents the locs point into). */
function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  for (const [k, v] of Object.entries(value)) if (k !== 'file') deepFreeze(v, seen);
  return Object.freeze(value);
}
