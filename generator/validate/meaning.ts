/**
 * Step 2b: check what the spec means. Every name must be declared, every state reachable,
 * every rule encoded, every requirement label known (labels.ts), and no two transitions may
 * answer the same input in the same state.
 */
import { didYouMean, ErrorCollector, SpecError } from '../../core/spec/errors.js';
import type { Scope } from '../../core/expr/check.js';
import { positionOf } from '../../core/spec/source.js';
import { ExprTypes } from './expr-types.js';
import { overlap } from './regions.js';
import type { Action, Input, Loc, Spec, Transition } from '../../core/spec/types.js';
import { inputKey } from '../../core/input-key.js';
import { RESEND_NEEDS } from '../../core/actions.js';
import { TOOL_PARAMETER_NAMES } from '../../core/latitude.js';
import { checkLabelUse, checkLatitudeLabels, checkRequirements } from './labels.js';

const at = (loc: Loc, key = false) => positionOf(loc.file, loc.path, { key });

export function checkMeaning(spec: Spec): void {
  const errors = new ErrorCollector();
  const types = new ExprTypes(spec, errors);
  const stateNames = spec.states.map((s) => s.name);
  const ruleIds = new Set(spec.rules.map((r) => r.id));
  const timers = new Set(spec.timers.map((t) => t.name));
  const vars = new Set(spec.variables.map((v) => v.name));

  const checkState = (name: string, loc: Loc, role: string): void => {
    if (!stateNames.includes(name))
      errors.add(new SpecError(at(loc), `unknown ${role} state "${name}"${didYouMean(name, stateNames)}`));
  };
  const checkRule = (id: string, loc: Loc): void => {
    if (!ruleIds.has(id)) errors.add(new SpecError(at(loc), `unknown rule ID "${id}"${didYouMean(id, [...ruleIds])}`));
  };
  const checkTimer = (name: string, loc: Loc): void => {
    if (!timers.has(name))
      errors.add(new SpecError(at(loc), `unknown timer "${name}"${didYouMean(name, [...timers])}`));
  };

  checkState(spec.initial, spec.initialLoc, 'initial');
  duplicates(
    spec.rules.map((r) => [r.id, r.loc] as const),
    'rule ID',
    errors,
  );
  duplicateIds(spec.transitions, errors);
  for (const v of spec.variables)
    for (const [i, r] of v.rules.entries()) checkRule(r, { file: v.loc.file, path: [...v.loc.path, 'rules', i] });

  // The model resolved the from-states and expanded each transition once per state; the
  // expansions share their place and all but id and states, so one of them is checked.
  const written = new Set<Loc>();
  for (const t of spec.transitions) {
    if (written.has(t.loc)) continue;
    written.add(t.loc);
    const sub = (...p: (string | number)[]): Loc => ({ file: t.loc.file, path: [...t.loc.path, ...p] });
    // Without `to:` the next state is the from-state, known.
    if (t.to !== t.from) checkState(t.to, sub('to'), 'next');
    for (const [i, r] of t.rules.entries()) checkRule(r, sub('rules', i));
    if (t.input.kind === 'timer') checkTimer(t.input.timer, sub('on', 'timer'));
    const scope = types.scopeFor(t.input);
    if (t.input.guard) types.check(t.input.guard, 'bool', scope);
    for (const a of t.actions) checkAction(a, { input: t.input, scope, vars, errors, checkTimer, types });
  }

  duplicates(
    spec.variations.map((v) => [v.id, { file: v.loc.file, path: [...v.loc.path, 'id'] }] as const),
    'variation id',
    errors,
  );
  const byId = new Map(spec.transitions.map((t) => [t.id, t]));
  // A family's values: of the machine's parameters, or of those the judge reads (its timer granularity).
  const params = [...spec.parameters.map((p) => p.name), ...TOOL_PARAMETER_NAMES];
  for (const v of spec.variations) {
    for (const name of Object.keys(v.parameters)) {
      if (!params.includes(name))
        errors.add(
          new SpecError(
            at({ file: v.loc.file, path: [...v.loc.path, 'parameters', name] }),
            `unknown parameter "${name}"${didYouMean(name, params)}`,
          ),
        );
    }
    if (v.to !== undefined) checkState(v.to, { file: v.loc.file, path: [...v.loc.path, 'to'] }, 'next');
    for (const [i, id] of v.transitions.entries()) {
      const t = byId.get(id);
      if (!t) {
        errors.add(
          new SpecError(
            at({ file: v.loc.file, path: [...v.loc.path, 'of', i] }),
            `unknown transition "${id}"${didYouMean(id, [...byId.keys()])}`,
          ),
        );
        continue;
      }
      // The variation's sends read what the transition's input and variables give.
      for (const a of v.actions)
        checkAction(a, { input: t.input, scope: types.scopeFor(t.input), vars, errors, checkTimer, types });
    }
  }

  for (const u of spec.unspecified) if (u.input.guard) types.check(u.input.guard, 'bool', types.scopeFor(u.input));

  const encoded = new Set(spec.transitions.flatMap((t) => t.rules));
  for (const r of spec.rules) {
    if (!encoded.has(r.id))
      errors.add(
        new SpecError(
          at({ file: r.loc.file, path: [...r.loc.path, 'id'] }),
          `rule ${r.id} is encoded by no transition`,
        ),
      );
  }
  checkRequirements(spec, errors);
  if (spec.requirementsLoc !== undefined) {
    checkLabelUse(spec, errors);
    checkLatitudeLabels(spec, errors);
  }
  errors.throwIfAny();

  // The graph checks, and those that evaluate guards, assume every name resolved and every type right.
  checkReachable(spec, errors);
  checkUnspecified(spec, errors);
  checkOverlaps(spec, errors);
  errors.throwIfAny();
}

/** Two transitions with one id; an id filled in from a template says which one and for which state. */
function duplicateIds(transitions: readonly Transition[], errors: ErrorCollector): void {
  const seen = new Map<string, Transition>();
  const idAt = (t: Transition) => at({ file: t.loc.file, path: [...t.loc.path, 'id'] });
  const origin = (t: Transition) => (t.template === undefined ? '' : `"${t.template}" for ${t.from}`);
  for (const t of transitions) {
    const first = seen.get(t.id);
    if (!first) {
      seen.set(t.id, t);
      continue;
    }
    const mine = origin(t) && ` (${origin(t)})`;
    const theirs = origin(first) && `: ${origin(first)}`;
    errors.add(
      new SpecError(idAt(t), `duplicate transition id "${t.id}"${mine} (first at ${fmt(idAt(first))}${theirs})`),
    );
  }
}

function duplicates(items: readonly (readonly [string, Loc])[], what: string, errors: ErrorCollector): void {
  const seen = new Map<string, Loc>();
  for (const [name, loc] of items) {
    const first = seen.get(name);
    if (first) errors.add(new SpecError(at(loc), `duplicate ${what} "${name}" (first at ${fmt(at(first))})`));
    else seen.set(name, loc);
  }
}

const fmt = (p: { file: string; line: number; col: number }) => `${p.file}:${p.line}:${p.col}`;

interface ActionContext {
  readonly input: Input;
  readonly scope: Scope;
  readonly vars: ReadonlySet<string>;
  readonly errors: ErrorCollector;
  readonly checkTimer: (name: string, loc: Loc) => void;
  readonly types: ExprTypes;
}

function checkAction(a: Action, { input, scope, vars, errors, checkTimer, types }: ActionContext): void {
  switch (a.kind) {
    case 'set':
      for (const s of a.assignments) {
        if (!vars.has(s.name)) {
          const why =
            scope.typeOf(s.name) === undefined
              ? `not a declared variable${didYouMean(s.name, [...vars])}`
              : 'only connection variables can be assigned, and this is not one';
          errors.add(new SpecError(at(s.loc, true), `cannot assign "${s.name}": ${why}`));
        }
        types.check(s.value, 'num', scope);
      }
      break;
    case 'send':
      for (const e of [a.seq, a.ack, a.mss, a.max]) if (e) types.check(e, 'num', scope);
      if (a.data && !(input.kind === 'call' && input.call === 'send')) {
        errors.add(
          new SpecError(
            at({ file: a.loc.file, path: [...a.loc.path, 'send', 'data'] }),
            'data: call is only meaningful for a send call',
          ),
        );
      }
      if (a.ctl.includes('ACK') !== (a.ack !== undefined)) {
        errors.add(
          new SpecError(
            at({ file: a.loc.file, path: [...a.loc.path, 'send'] }),
            'a segment has an ack field exactly when its ACK flag is set',
          ),
        );
      }
      break;
    case 'deliver':
      if (input.kind !== 'segment') errors.add(new SpecError(at(a.loc), 'deliver: segment needs a segment input'));
      break;
    case 'start_timer':
      checkTimer(a.timer, { file: a.loc.file, path: [...a.loc.path, 'start_timer', 'name'] });
      types.check(a.after, 'num', scope);
      break;
    case 'stop_timer':
      checkTimer(a.timer, { file: a.loc.file, path: [...a.loc.path, 'stop_timer'] });
      break;
    case 'resend':
      for (const v of RESEND_NEEDS)
        if (!vars.has(v)) errors.add(new SpecError(at(a.loc), `resend: unacked needs the variable ${v}`));
      break;
    case 'notify':
      if (a.or && new Set([a.what, ...a.or]).size !== a.or.length + 1)
        errors.add(new SpecError(at(a.loc), `notify: "or" names "${a.what}" or another kind twice`));
      break;
  }
}

function checkReachable(spec: Spec, errors: ErrorCollector): void {
  const seen = new Set([spec.initial]);
  const queue = [spec.initial];
  while (queue.length > 0) {
    const s = queue.shift()!;
    for (const t of spec.transitions) {
      if (t.from === s && !seen.has(t.to)) {
        seen.add(t.to);
        queue.push(t.to);
      }
    }
  }
  for (const st of spec.states) {
    if (!seen.has(st.name))
      errors.add(new SpecError(at(st.loc, true), `state ${st.name} is unreachable from ${spec.initial}`));
  }
}

/** A guarded unspecified entry leaves only the region its guard accepts open, which no transition may take. */
function checkUnspecified(spec: Spec, errors: ErrorCollector): void {
  for (const u of spec.unspecified) {
    for (const s of u.states) {
      for (const t of spec.transitions.filter((x) => x.from === s && inputKey(x.input) === inputKey(u.input))) {
        const w = u.input.guard ? overlap(u.input.guard.tree, t.input.guard?.tree, spec) : '';
        if (w !== undefined)
          errors.add(
            new SpecError(
              at(u.loc),
              `${s} / ${inputKey(u.input)} is marked unspecified, but transition "${t.id}" (${fmt(at(t.loc))}) specifies it${w}`,
            ),
          );
      }
    }
  }
}

function checkOverlaps(spec: Spec, errors: ErrorCollector): void {
  const groups = new Map<string, Transition[]>();
  for (const t of spec.transitions) {
    const k = `${t.from} / ${inputKey(t.input)}`;
    groups.set(k, [...(groups.get(k) ?? []), t]);
  }
  for (const ts of groups.values()) {
    for (let i = 0; i < ts.length; i++) {
      for (let j = i + 1; j < ts.length; j++) {
        const witness = overlap(ts[i]!.input.guard?.tree, ts[j]!.input.guard?.tree, spec);
        if (witness !== undefined) {
          errors.add(
            new SpecError(
              at(ts[j]!.loc),
              `transition "${ts[j]!.id}" overlaps "${ts[i]!.id}" (${fmt(at(ts[i]!.loc))}): both take ${inputKey(ts[j]!.input)} in ${ts[j]!.from}${witness}`,
            ),
          );
        }
      }
    }
  }
}
