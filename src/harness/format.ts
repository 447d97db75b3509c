/**
 * The failure message of a case, in the user's language: where in the exchange it went
 * wrong, the field that differs, the rule it checks in one sentence, the exchange as a ladder
 * diagram, and the implementation's last log lines.
 */
import type { Step } from '../../core/case.js';
import { formatSegment, formatTerm } from '../../core/notation.js';
import { render, t, type Lang, type Text } from '../i18n/text.js';
import { asciiLadder, exchangeOf, ladderRows } from '../report/ladder.js';
import type { CaseResult, StepFailure } from './run-case.js';
import type { Blame } from './blame.js';
import type { Unverified } from './unverified.js';

/** A rule of the spec as reports quote it. */
export interface RuleText {
  readonly id: string;
  readonly text: string;
  readonly zh?: string | undefined;
}

/** A rule's sentence in the language asked for (English when there is no Chinese one). */
export function ruleText(id: string, lang: Lang, rules: readonly RuleText[]): string {
  const rule = rules.find((r) => r.id === id);
  if (!rule) return '(rule not in the spec)';
  return lang === 'zh' && rule.zh ? rule.zh : rule.text;
}

export function describeStep(step: Step): Text {
  switch (step.kind) {
    case 'call':
      return t('step.call', { call: step.call, octets: step.data !== undefined ? step.data.length : '' });
    case 'inject':
      // As the test writes it, but for the data, which may be long: its length says enough.
      return t('step.inject', {
        segment: formatSegment({ ...step.segment, data: '' }),
        octets: step.segment.data.length || '',
      });
    case 'advance':
      return t('step.advance', { ms: formatTerm(step.ms) });
    case 'reset':
      return t('step.reset');
    case 'distinct':
      return t('step.distinct');
  }
}

/**
 * Where the failure happened: while setting up the state (counted in the setup's steps), or at
 * one of the test's own steps (counted as the test lists them, after its fixture's).
 */
export function failurePlace(r: CaseResult): Text | undefined {
  if (r.verdict.status !== 'failed') return undefined;
  const { index, identifying } = r.verdict.failure;
  if (identifying) return t('where.identify', { step: index + 1, of: identifying.of, state: identifying.state });
  const { focus, steps } = r.testCase;
  if (index < focus) return t('where.setup', { step: index + 1, of: focus });
  const own = { step: index - focus + 1, of: steps.length - focus };
  return focus === 0 ? t('where.step', own) : t('where.test', { ...own, setup: focus });
}

/** `rules`: the spec's, whose sentences the message quotes. */
export function formatFailure(r: CaseResult, lang: Lang, rules: readonly RuleText[]): string {
  if (r.verdict.status !== 'failed') return '';
  const f = r.verdict.failure;
  const tc = r.testCase;
  const say = (x: Text) => render(x, lang);
  const lines = [
    `${say(failurePlace(r)!)}: ${say(describeStep(f.step))} [${f.step.rules.join(' ')}] ${say(t('report.transition', { id: f.step.transition }))}`,
    `  ${say(f.message)}`,
    ...(f.expected !== undefined
      ? [`    ${say(t('report.expected'))}: ${f.expected}`, `    ${say(t('report.got'))}: ${f.got ?? ''}`]
      : []),
    ...(f.identifying ? [`  ${say(fitsText(f))}`] : []),
    `  ${say(blameText(f.blame))}`,
    ...(f.blame.also
      ? [
          `  ${say(t('blame.also', { list: f.blame.also.map((b) => `${b.index + 1} (${b.transition}) [${b.rules.join(' ')}]`).join(', ') }))}`,
        ]
      : []),
    ...f.blame.rules.map((id) => `  ${say(t('report.rule', { id, text: ruleText(id, lang, rules) }))}`),
    `  ${say(t('report.spec', { source: tc.source, rfc: tc.rfc }))}`,
    '',
    ...asciiLadder(ladderRows(exchangeOf(r), lang), lang)
      .split('\n')
      .map((l) => `  ${l}`),
    ...(r.log && r.log.length > 0
      ? ['', `  ${say(t('report.stderr'))}`, ...r.log.slice(-10).map((l) => `  > ${l}`)]
      : []),
  ];
  return lines.join('\n');
}

/** One line: the kind of verdict, the field, the step blamed, its rules, labels and level. */
export function blameText(b: Blame): Text {
  return t('blame.line', {
    kind: t(`kind.${b.kind}`),
    field: t(`field.${b.field}`),
    step: b.index + 1,
    transition: b.transition,
    rules: b.rules.join(' '),
    labels: b.labels.join(' '),
    level: b.level ?? '',
  });
}

/** For a wrong state found by identifying inputs: which states the answers fit, and whom that blames. */
function fitsText(f: StepFailure): Text {
  const fits = f.blame.fits;
  const expected = f.identifying!.state;
  if (!fits) return t('blame.entered', { expected });
  return fits.states.length > 0
    ? t('blame.fits', { states: fits.states.join(', '), expected })
    : t('blame.fitsNone', { expected });
}

/** A departure that only a SHOULD (or a MAY) forbids, in one paragraph. */
export function formatWarning(r: CaseResult, w: StepFailure, lang: Lang): string {
  const say = (x: Text) => render(x, lang);
  const where = `${say(describeStep(w.step))} [${w.step.rules.join(' ')}]`;
  return [
    say(t('warning.line', { id: r.testCase.id, where, message: w.message })),
    `  ${say(blameText(w.blame))}`,
  ].join('\n');
}

/** A step the run could not check, in one line. */
export function formatUnverified(r: CaseResult, u: Unverified, lang: Lang): string {
  const untold = u.untold.includes('*') ? t('unverified.any') : u.untold.join(', ');
  const p = { id: r.testCase.id, step: u.index + 1, transition: u.transition, state: u.state, untold };
  return render(
    u.index === u.entered ? t('unverified.line', p) : t('unverified.after', { ...p, entered: u.entered + 1 }),
    lang,
  );
}
