/**
 * Step 3: turn schema-checked files into the immutable Spec model, parsing every expression
 * into its tree (a syntax error points at the character inside the YAML string). What the
 * format lets a spec say once is expanded here, so later steps see plain transitions: a
 * transition whose `from:` names several states (a list, or a state set) becomes one per
 * state, its id template (`{state}-rst`) filled in; a guard fragment named in an expression
 * is replaced by its tree.
 */
import { basename, dirname } from 'node:path';
import { ErrorCollector, SpecError } from '../../core/spec/errors.js';
import { parseExpr, ExprSyntaxError } from '../../core/expr/parse.js';
import { positionInScalar, positionOf, type PathSegment } from '../../core/spec/source.js';
import type { CheckedFile } from '../validate/check-schema.js';
import type { ActionData, ExprData, InputData, MachineData, TransitionData } from '../validate/schema.js';
import { Fragments } from './fragments.js';
import { checkedSet, fromStates, type StateNames } from './from-states.js';
import { CONTROL_FLAGS, FLAGS } from '../../core/segment.js';
import type { Expr } from '../../core/expr/ast.js';
import type { AllowanceKind } from '../../core/latitude.js';
import type {
  Action,
  ControlFlag,
  GuardFragment,
  Input,
  Loc,
  Named,
  ParsedExpr,
  Rule,
  Spec,
  SpecAllowance,
  SpecRequirement,
  StateSet,
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

  const stateNames = Object.keys(m.states);
  const stateSets: StateSet[] = Object.entries(m.state_sets ?? {}).map(([name, set]) =>
    checkedSet({ name, ...set, loc: mloc(['state_sets', name]) }, stateNames, errors),
  );
  const names: StateNames = { states: stateNames, sets: new Map(stateSets.map((s) => [s.name, s])) };
  const declared = files.flatMap((f) =>
    Object.entries(f.data.guards ?? {}).map(([name, g]) => {
      const loc: Loc = { file: f.source, path: ['guards', name, 'if'] };
      // One that does not parse is still declared, so the guards that name it are not reported too.
      const tree = parse(g.if, loc, errors) ?? UNPARSED;
      return { name, tree, loc, src: String(g.if), description: g.description };
    }),
  );
  const fragments = new Fragments(declared, errors);
  const expr = (value: ExprData, loc: Loc): ParsedExpr => {
    const written = parse(value, loc, errors) ?? UNPARSED;
    return parsedExpr(String(value), written, fragments.expand(written, loc), loc);
  };
  const guards: GuardFragment[] = declared.map((d) => ({
    name: d.name,
    description: d.description,
    expr: parsedExpr(d.src, d.tree, fragments.tree(d.name), d.loc),
    loc: { file: d.loc.file, path: d.loc.path.slice(0, -1) },
  }));

  const rules: Rule[] = [];
  const requirements: SpecRequirement[] = [];
  let requirementsLoc: Loc | undefined;
  const transitions: Transition[] = [];
  const unspecified: Unspecified[] = [];
  const variations: Variation[] = [];
  for (const f of files) {
    (f.data.variations ?? []).forEach((v, i) => {
      const at = (...p: PathSegment[]): Loc => ({ file: f.source, path: ['variations', i, ...p] });
      const actions = (v.do ?? []).map((a, j) => buildAction(a, at('do', j), expr));
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
    if (f.data.requirements) requirementsLoc ??= { file: f.source, path: ['requirements'] };
    for (const [i, r] of (f.data.requirements ?? []).entries()) {
      const { out_of_scope, fields, ...rest } = r;
      requirements.push({
        ...rest,
        ...(fields !== undefined ? { fields } : {}),
        ...(out_of_scope !== undefined ? { outOfScope: out_of_scope } : {}),
        loc: { file: f.source, path: ['requirements', i] },
      });
    }
    (f.data.unspecified ?? []).forEach((u, i) => {
      const at = (...p: PathSegment[]): Loc => ({ file: f.source, path: ['unspecified', i, ...p] });
      unspecified.push({
        states: fromStates(u.from, f.source, ['unspecified', i, 'from'], names, errors).map((s) => s.state),
        input: buildInput(u.on, at, expr),
        why: u.why,
        rfc: u.rfc,
        profile: f.data.profile ?? 'memo',
        loc: at(),
      });
    });
    (f.data.transitions ?? []).forEach((t, i) => {
      transitions.push(...expandTransition(t, f, i, names, expr, errors));
    });
  }
  const latitude = buildLatitude(files, errors);
  fragments.checkUsed();
  errors.throwIfAny();

  const states: Named[] = named('states', m.states);
  return deepFreeze({
    initial: m.initial,
    initialLoc: mloc(['initial']),
    states,
    stateSets,
    guards,
    variables: named('variables', m.variables).map((v) => ({ ...v, rules: v.rules ?? [] })),
    parameters: named('parameters', m.parameters).map((p) => ({ ...p, assumed: p.assumed === true })),
    timers: named('timers', m.timers),
    rules,
    requirements,
    requirementsLoc,
    transitions,
    unspecified,
    variations,
    latitude,
    files: files.map((f) => f.source.name),
  });
}

type BuildExpr = (value: ExprData, loc: Loc) => ParsedExpr;

/** Stands for an expression with a syntax error; the error stops the pipeline after the model. */
const UNPARSED: Expr = { kind: 'bool', value: false, at: 0 };

/** `written` is kept only when it names a fragment, i.e. differs from the expanded tree. */
function parsedExpr(src: string, written: Expr, tree: Expr, loc: Loc): ParsedExpr {
  return tree === written ? { src, tree, loc } : { src, tree, written, loc };
}

/** The expression's tree as written; a syntax error is reported at its character. */
function parse(value: ExprData, loc: Loc, errors: ErrorCollector): Expr | undefined {
  const src = String(value);
  try {
    return parseExpr(src);
  } catch (err) {
    if (!(err instanceof ExprSyntaxError)) throw err;
    errors.add(new SpecError(positionInScalar(loc.file, loc.path, err.at), `expression "${src}": ${err.message}`));
    return undefined;
  }
}

/**
 * One transition per from-state. Input and actions are built once and shared: the
 * expansions differ only in id, from-state and (without `to:`) next state.
 */
function expandTransition(
  t: TransitionData,
  f: CheckedFile,
  i: number,
  names: StateNames,
  expr: BuildExpr,
  errors: ErrorCollector,
): Transition[] {
  const at = (...p: PathSegment[]): Loc => ({ file: f.source, path: ['transitions', i, ...p] });
  const froms = fromStates(t.from, f.source, ['transitions', i, 'from'], names, errors);
  const template = t.id.includes('{state}');
  if (!template && froms.length > 1) {
    errors.add(
      new SpecError(
        positionOf(f.source, ['transitions', i, 'id']),
        `transition "${t.id}" is taken in ${froms.length} states (${froms.map((s) => s.state).join(', ')}): its id needs {state}, e.g. "{state}-${t.id}", to give each its own`,
      ),
    );
    return [];
  }
  const input = buildInput(t.on, at, expr);
  const actions = (t.do ?? []).map((a, j) => buildAction(a, at('do', j), expr));
  const loc = at();
  return froms.map(({ state }) => ({
    id: t.id.replaceAll('{state}', state.toLowerCase().replaceAll('_', '-')),
    template: template ? t.id : undefined,
    group: basename(f.source.file).replace(/\.ya?ml$/, ''),
    specFile: f.source.name,
    from: state,
    input,
    actions,
    to: t.to ?? state,
    rules: t.rules,
    labels: t.labels,
    unlabelled: t.unlabelled,
    rfc: t.rfc,
    title: t.title,
    note: t.note,
    profile: t.profile ?? f.data.profile ?? 'memo',
    loc,
  }));
}

function buildInput(on: InputData, at: (...p: PathSegment[]) => Loc, expr: BuildExpr): Input {
  const guard = 'if' in on && on.if !== undefined ? expr(on.if, at('on', 'if')) : undefined;
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

function buildAction(a: ActionData, loc: Loc, expr: BuildExpr): Action {
  const sub = (...p: PathSegment[]): Loc => ({ file: loc.file, path: [...loc.path, ...p] });
  if ('set' in a) {
    return {
      kind: 'set',
      assignments: Object.entries(a.set).map(([name, v]) => ({
        name,
        value: expr(v, sub('set', name)),
        loc: sub('set', name),
      })),
      loc,
    };
  }
  if ('send' in a) {
    const s = a.send;
    const opt = (v: ExprData | undefined, key: string) => (v === undefined ? undefined : expr(v, sub('send', key)));
    return {
      kind: 'send',
      ctl: Object.freeze(FLAGS.filter((f) => (s.ctl as string[]).includes(f))),
      seq: expr(s.seq, sub('send', 'seq')),
      ack: opt(s.ack, 'ack'),
      mss: opt(s.mss, 'mss'),
      data: s.data === 'call',
      max: opt(s.max, 'max'),
      loc,
    };
  }
  if ('deliver' in a) return { kind: 'deliver', loc };
  if ('resend' in a) return { kind: 'resend', loc };
  if ('notify' in a) {
    if (typeof a.notify === 'string') return { kind: 'notify', what: a.notify, loc };
    const { what, optional, or } = a.notify;
    return { kind: 'notify', what, ...(optional ? { optional } : {}), ...(or ? { or } : {}), loc };
  }
  if ('start_timer' in a) {
    return {
      kind: 'start_timer',
      timer: a.start_timer.name,
      after: expr(a.start_timer.after, sub('start_timer', 'after')),
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

/**
 * The labels without which an allowance of a kind would allow more than RFC 9293 does: an
 * extra segment is allowed only where its MUST says (a keep-alive only after the idle time,
 * MUST-26; a window update only as the receiver's SWS avoidance sends one, MUST-39).
 */
const RESTS_ON: Partial<Record<AllowanceKind, readonly string[]>> = {
  delayed_ack: ['MUST-40'],
  window_update: ['MUST-39'],
  keep_alive: ['MAY-5', 'MUST-26'],
};

/** MUST-40: a delayed ACK comes in less than 0.5 seconds (`within` is exclusive). */
const MAX_ACK_DELAY_MS = 500;

/**
 * The allowances of every file's `latitude:`. The judge applies each kind once, so a kind
 * (or an id) given twice is an error at the second; a delayed ACK may not wait longer than
 * MUST-40 allows.
 */
function buildLatitude(files: readonly CheckedFile[], errors: ErrorCollector): SpecAllowance[] {
  const out: SpecAllowance[] = [];
  for (const f of files) {
    (f.data.latitude ?? []).forEach((a, i) => {
      const at = (...p: PathSegment[]): Loc => ({ file: f.source, path: ['latitude', i, ...p] });
      const pos = (...p: PathSegment[]) => positionOf(f.source, ['latitude', i, ...p]);
      const twin = out.find((b) => b.id === a.id || b.allows === a.allows);
      if (twin) {
        const what = twin.id === a.id ? `id "${a.id}"` : `kind "${a.allows}"`;
        const first = positionOf(twin.loc.file, twin.loc.path);
        errors.add(
          new SpecError(
            pos(twin.id === a.id ? 'id' : 'allows'),
            `a second allowance with ${what} (the first is at ${first.file}:${first.line}:${first.col})`,
          ),
        );
        return;
      }
      const lacking = (RESTS_ON[a.allows] ?? []).filter((l) => !a.labels.includes(l));
      if (lacking.length > 0)
        errors.add(
          new SpecError(
            pos('labels'),
            `an allowance of kind "${a.allows}" rests on ${RESTS_ON[a.allows]!.join(', ')}; labels: lacks ${lacking.join(', ')}`,
          ),
        );
      if (a.within !== undefined && a.within > MAX_ACK_DELAY_MS)
        errors.add(
          new SpecError(
            pos('within'),
            `within: ${a.within} ms is longer than RFC 9293 lets an ACK wait (it must come in less than ${MAX_ACK_DELAY_MS} ms, MUST-40)`,
          ),
        );
      if (a.allows === 'rto_floor' && a.level !== 'warning')
        errors.add(
          new SpecError(
            pos(a.level === undefined ? 'allows' : 'level'),
            'an RTO below 1 s departs from RFC 6298 (2.4), a SHOULD: rto_floor is level: warning',
          ),
        );
      out.push({
        id: a.id,
        allows: a.allows,
        rfc: a.rfc,
        labels: a.labels,
        level: a.level ?? 'allowed',
        ...(a.within !== undefined ? { withinMs: a.within } : {}),
        why: a.why,
        loc: at(),
      });
    });
  }
  return out;
}
