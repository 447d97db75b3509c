/**
 * Whose fault a difference is: the step that no expected behaviour explains, the field that
 * differs, the rules and RFC 9293 requirement labels that step checks, their level, and what
 * kind of verdict that makes. A departure from a MUST (or from a step that names no label) is a
 * violation; from SHOULDs and RECOMMENDEDs only, a warning (shown and counted, the test still
 * passes); from MAYs only, a warning too, never a failure. A failure while setting up is
 * "blocked": the rule under test was not checked.
 */
import type { Step, TestCase } from '../../core/case.js';
import { LEVELS, labelsFor, levelOf, type Field, type Level, type Requirement } from '../../core/requirements.js';
import type { Text } from '../i18n/text.js';

export type BlameKind = 'violation' | 'warning' | 'blocked' | 'unverified';

export type { Field };

export interface Blame {
  /** The step blamed, by its index in the run's steps (identifying inputs follow the case's), and its transition. */
  readonly index: number;
  readonly step: Step;
  readonly transition: string;
  /** The rules that no observed behaviour satisfies: those of the blamed step that check the field. */
  readonly rules: readonly string[];
  readonly labels: readonly string[];
  /** The strongest level among the labels; absent when the step names none (then it is a violation). */
  readonly level?: Level;
  readonly kind: BlameKind;
  readonly field: Field;
  /**
   * For a wrong state found by identifying inputs: the states whose answers fit what was seen
   * (when the spec could be run on the observations), and the state expected.
   */
  readonly fits?: { readonly expected: string; readonly states: readonly string[] };
  /**
   * Other steps whose fault would explain what this run saw just as well (settleBlame): the
   * run cannot tell which is at fault, so none of their rules is marked FAIL, only suspect.
   */
  readonly also?: readonly Blame[];
}

/** The strongest level among labels: MUST, then SHLD and REC (equal), then MAY. */
export function strongest(labels: readonly string[]): Level | undefined {
  const levels = labels.map(levelOf);
  return LEVELS.find((l) => levels.includes(l));
}

/** What departing from a step with these labels is: a violation unless no MUST (and some label) is named. */
export function departureKind(labels: readonly string[]): 'violation' | 'warning' {
  const level = strongest(labels);
  return level === undefined || level === 'MUST' ? 'violation' : 'warning';
}

const FIELD_OF_KEY: Readonly<Record<string, Field>> = {
  'diff.flags': 'flags',
  'diff.ports': 'ports',
  'diff.sn': 'SN',
  'diff.an': 'AN',
  'diff.mss.unexpected': 'MSS',
  'diff.mss.missing': 'MSS',
  'diff.mss.range': 'MSS',
  'diff.mss.value': 'MSS',
  'diff.payload': 'payload',
  'diff.payload.length': 'payload',
  'diff.missing': 'segments',
  'diff.extra': 'segments',
  'judge.ack.overdue': 'segments',
  'judge.nagle.unsent': 'segments',
  'judge.nagle.full': 'segments',
  'judge.nagle.passed': 'segments',
  'diff.app': 'app',
  'diff.state': 'state',
  'diff.isn.unseen': 'ISN',
  'diff.isn.same': 'ISN',
  'diff.isn.clock': 'ISN',
};

/** The field a difference message is about (a misbehaving implementation: the exchange itself). */
export function fieldOf(message: Text): Field {
  if (message.key === 'diff.segment') return fieldOf(message.params!.diff as Text);
  return FIELD_OF_KEY[message.key] ?? 'exchange';
}

/**
 * Rules that check one field only, by the suffix of their ID: the memo's sub-rules `.mss` (the
 * MSS option), `.notify` (the end-of-stream event) and `.isn` (successive ISNs differ). A
 * difference in that field blames them; a difference elsewhere blames the step's other rules.
 */
const FIELD_RULES: readonly { readonly suffix: string; readonly fields: readonly Field[] }[] = [
  { suffix: '.mss', fields: ['MSS'] },
  { suffix: '.notify', fields: ['app'] },
  { suffix: '.isn', fields: ['ISN'] },
];

/** Of a step's rules, those a difference in `field` breaks. */
export function rulesFor(rules: readonly string[], field: Field): readonly string[] {
  const owner = (rule: string) => FIELD_RULES.find((f) => rule.endsWith(f.suffix));
  const own = rules.filter((r) => owner(r)?.fields.includes(field));
  if (own.length > 0) return own;
  const general = rules.filter((r) => owner(r) === undefined);
  return general.length > 0 ? general : rules;
}

/**
 * The blame for a difference at a step of a case whose own steps start at `focus`: a violation
 * while setting up blocks the case (the blamed step's rules still broke). Of the step's labels,
 * those that govern the field (`requirements`: the spec's, which say which govern only some).
 */
export function blameStep(
  index: number,
  step: Step,
  field: Field,
  focus: number,
  requirements: readonly Requirement[],
): Blame {
  const labels = labelsFor(step.labels, field, requirements);
  const level = strongest(labels);
  const kind = departureKind(labels);
  return {
    index,
    step,
    transition: step.transition,
    rules: rulesFor(step.rules, field),
    labels,
    ...(level ? { level } : {}),
    kind: kind === 'violation' && index < focus ? 'blocked' : kind,
    field,
  };
}

/**
 * The step that entered the state reached after `from` steps: the last one before it that
 * changed the state (a new connection starts again in the initial state); -1 when none did.
 */
export function enteringStep(steps: readonly Step[], from: number, initial: string): number {
  let state = initial;
  let entering = -1;
  for (const [i, step] of steps.slice(0, from).entries()) {
    if (step.kind === 'reset') state = initial;
    if (step.kind === 'reset' || step.kind === 'distinct') continue;
    if (step.expect.state !== state) entering = i;
    state = step.expect.state;
  }
  return entering;
}

/**
 * The blame for inputs that identify a state getting another state's answers: the state is
 * wrong, so the transition that entered it is at fault, not the identifying step.
 */
export function blameState(
  steps: readonly Step[],
  identifying: { readonly from: number; readonly state: string },
  tc: Pick<TestCase, 'focus' | 'initial'>,
  requirements: readonly Requirement[],
): Blame {
  const index = enteringStep(steps, identifying.from, tc.initial);
  const step = steps[index];
  return step
    ? blameStep(index, step, 'state', tc.focus, requirements)
    : blameStep(identifying.from, steps[identifying.from]!, 'state', tc.focus, requirements);
}
