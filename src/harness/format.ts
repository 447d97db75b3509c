/**
 * The failure message of a case: the rule it checks, where in the exchange it went wrong,
 * and the field that differs.
 */
import { RULES } from '../../generated/spec-data.js';
import type { Step } from '../case.js';
import type { CaseResult } from './run-case.js';
import { asciiLadder, ladderRows } from '../report/ladder.js';

export function ruleText(id: string): string {
  return RULES.find((r) => r.id === id)?.text ?? '(rule not in the spec)';
}

export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'call':
      return `application calls ${step.call}()${step.data !== undefined ? ` with ${step.data.length} octets` : ''}`;
    case 'inject':
      return `tester sends ${step.segment.flags.join('+')}${step.segment.data.length > 0 ? ` with ${step.segment.data.length} octets` : ''}`;
    case 'advance':
      return 'time passes';
    case 'reset':
      return 'a new connection starts';
    case 'distinct':
      return 'the ISNs are compared';
  }
}

export function formatFailure(r: CaseResult): string {
  if (r.verdict.status !== 'failed') return '';
  const { index, step, message } = r.verdict.failure;
  const tc = r.testCase;
  const phase = index < tc.focus ? `while setting up (step ${index + 1} of ${tc.steps.length})` : `at step ${index + 1} of ${tc.steps.length}`;
  const lines = [
    `${phase}: ${describeStep(step)} [${step.rules.join(' ')}] (transition ${step.transition})`,
    `  ${message.split('\n').join('\n  ')}`,
    ...step.rules.map((id) => `  rule ${id}: ${ruleText(id)}`),
    `  spec: ${tc.source}, RFC 9293 §${tc.rfc}`,
    '',
    ...asciiLadder(ladderRows(r)).split('\n').map((l) => `  ${l}`),
    ...(r.log && r.log.length > 0 ? ['', "  the implementation's last stderr lines:", ...r.log.slice(-10).map((l) => `  > ${l}`)] : []),
  ];
  return lines.join('\n');
}
