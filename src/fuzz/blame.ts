/**
 * Whose rule a fuzz failure breaks: the transition the model took at the step where the IUT
 * and the model part ways, and of its rules and labels those that govern the field that
 * differs (as run blames a step: src/harness/blame.ts). The signature (transition, field,
 * labels) holds nothing a seed chose, so the same fault found from two seeds is one group.
 */
import type { Spec, Transition } from '../../core/spec/types.js';
import { labelsFor, type Field, type Level } from '../../core/requirements.js';
import { departureKind, rulesFor, strongest } from '../harness/blame.js';

export interface FuzzBlame {
  /**
   * The transition the model took at the failing input; at a wait in which the model fired no
   * timer, the transitions of the timers running (the IUT acted early); none when nothing was due.
   */
  readonly transitions: readonly string[];
  /** The model's state before the step. */
  readonly state: string;
  readonly field: Field;
  readonly rules: readonly string[];
  readonly labels: readonly string[];
  /** The strongest level among the labels; absent when there are none (then it is a violation). */
  readonly level?: Level;
  readonly kind: 'violation' | 'warning';
  /** The RFC 9293 sections of the transitions. */
  readonly rfc: readonly string[];
}

/**
 * `took`: the transitions the model took at the step (the failing input's are the last);
 * `allowed`: the profile's transitions; `pending`: the timers running when the step began.
 */
export function blameAt(
  spec: Spec,
  allowed: ReadonlySet<string>,
  took: readonly string[],
  state: string,
  pending: readonly { readonly timer: string }[],
  field: Field,
): FuzzBlame {
  const byId = (id: string) => spec.transitions.find((t) => t.id === id);
  const last = took.at(-1);
  const transitions: Transition[] = last
    ? [byId(last)!]
    : spec.transitions.filter(
        (t) =>
          allowed.has(t.id) &&
          t.from === state &&
          t.input.kind === 'timer' &&
          pending.some((p) => t.input.kind === 'timer' && p.timer === t.input.timer),
      );
  const unique = (xs: readonly string[]) => [...new Set(xs)];
  // An ISN is the ISS variable's: its rules (H1.isn) join the transition's, as in run's fresh-ISN cases.
  const isn = field === 'ISN' ? spec.variables.filter((v) => v.name === 'ISS').flatMap((v) => v.rules) : [];
  const rules = unique(transitions.flatMap((t) => rulesFor([...t.rules, ...isn], field)));
  const labels = unique(transitions.flatMap((t) => labelsFor(t.labels, field, spec.requirements)));
  const level = strongest(labels);
  return {
    transitions: transitions.map((t) => t.id),
    state,
    field,
    rules,
    labels,
    ...(level ? { level } : {}),
    kind: departureKind(labels),
    rfc: unique(transitions.map((t) => t.rfc)),
  };
}

/** The group a failure belongs to: no seed-chosen number in it (no SN, no ISN, no step index). */
export function signatureOf(b: FuzzBlame): string {
  const where = b.transitions.length > 0 ? b.transitions.join('|') : `${b.state}:nothing-due`;
  return [where, b.field, ...b.labels].join(' ');
}
