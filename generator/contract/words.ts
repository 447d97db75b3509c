/**
 * A transition's actions and guards in the words of the contract: a segment as RFC 9293 writes
 * one (<SEQ=ISS><CTL=SYN>), what the application is told as the RFC's error text, a timer with
 * its interval. Expressions stay as the spec writes them, so a reader can find them there.
 */
import { RESEND_MEANING } from '../../core/actions.js';
import type { Action, NotifyName, SendAction } from '../../core/spec/types.js';

/**
 * What the application is told, by notification: the RFC's words where it has them (§3.10,
 * "error: connection does not exist"), and the event of the adapter protocol that carries it.
 */
export const NOTIFY_MEANING: Readonly<Record<NotifyName, string>> = {
  eof: 'end of stream: the peer has closed its direction ("connection closing", §3.10.7.4, the FIN)',
  reset: '"connection reset" (§3.10.5, §3.10.7.3, §3.10.7.4)',
  refused: '"connection refused": the open failed (§3.10.7.4)',
  closing: '"error: connection closing" (§3.10.2, §3.10.4)',
  no_connection: '"error: connection does not exist" (§3.10.2, §3.10.4, §3.10.5)',
  exists: '"error: connection already exists" (§3.10.1)',
};

/**
 * What the names of an input mean in an expression (core/spec/types.ts SEGMENT_FIELDS,
 * CALL_FIELDS) and the one builtin. The model refuses a field without one, so a new field
 * cannot reach the contract unexplained.
 */
export const FIELD_MEANINGS: Readonly<Record<string, string>> = {
  'SEG.SEQ': "the arriving segment's sequence number (SN)",
  'SEG.ACK': 'its acknowledgment number (AN)',
  'SEG.LEN': 'its length in sequence space: the octets of data, plus 1 for a SYN and 1 for a FIN (§3.4)',
  'SEG.DATA': 'the octets of data it carries, SYN and FIN not counted',
  'SEG.WND': 'the window it advertises',
  'SEG.MSS': 'the value of its MSS option, absent when it has none (`SEG.MSS ?? 536` is then 536)',
  'CALL.LEN': 'the octets of data the send call passes',
  'isn()':
    'a fresh initial sequence number the implementation chooses (H1.isn: from a clock and a keyed hash, so successive connections differ)',
};

/** <SEQ=…><ACK=…><CTL=…>, then the MSS option and the call's data if it carries them. */
export function segmentText(a: SendAction): string {
  const fields = [`<SEQ=${a.seq.src}>`, ...(a.ack ? [`<ACK=${a.ack.src}>`] : []), `<CTL=${a.ctl.join(',')}>`];
  const mss = a.mss ? ` with the MSS option ${a.mss.src}` : '';
  const data = a.data ? `, carrying the call's data${a.max ? ` in segments of at most ${a.max.src} octets` : ''}` : '';
  return `${fields.join('')}${mss}${data}`;
}

export function notifyText(what: NotifyName, optional: boolean, or: readonly NotifyName[]): string {
  const also = or.map((n) => `, or ${NOTIFY_MEANING[n]}`).join('');
  return `${optional ? 'may tell' : 'tells'} the application ${NOTIFY_MEANING[what]}${also}${optional ? ', or nothing' : ''}`;
}

/** An action as plain data (expressions as the spec writes them), for `--format json`. */
export type ActionData =
  | { readonly kind: 'set'; readonly assignments: readonly { readonly name: string; readonly value: string }[] }
  | {
      readonly kind: 'send';
      readonly ctl: readonly string[];
      readonly seq: string;
      readonly ack?: string | undefined;
      readonly mss?: string | undefined;
      readonly data: boolean;
      readonly max?: string | undefined;
    }
  | { readonly kind: 'resend' }
  | { readonly kind: 'deliver' }
  | {
      readonly kind: 'notify';
      readonly what: NotifyName;
      readonly optional: boolean;
      readonly or: readonly NotifyName[];
    }
  | { readonly kind: 'start_timer'; readonly timer: string; readonly after: string }
  | { readonly kind: 'stop_timer'; readonly timer: string };

export function actionData(a: Action): ActionData {
  switch (a.kind) {
    case 'set':
      return { kind: 'set', assignments: a.assignments.map((s) => ({ name: s.name, value: s.value.src })) };
    case 'send':
      return {
        kind: 'send',
        ctl: a.ctl,
        seq: a.seq.src,
        ack: a.ack?.src,
        mss: a.mss?.src,
        data: a.data,
        max: a.max?.src,
      };
    case 'resend':
    case 'deliver':
      return { kind: a.kind };
    case 'notify':
      return { kind: 'notify', what: a.what, optional: a.optional === true, or: a.or ?? [] };
    case 'start_timer':
      return { kind: 'start_timer', timer: a.timer, after: a.after.src };
    case 'stop_timer':
      return { kind: 'stop_timer', timer: a.timer };
  }
}

/** One action in words. */
export function actionText(a: Action): string {
  switch (a.kind) {
    case 'set':
      return `sets ${a.assignments.map((s) => `${s.name} = ${s.value.src}`).join(', ')}`;
    case 'send':
      return `sends ${segmentText(a)}`;
    case 'resend':
      return `resends (resend: unacked): ${RESEND_MEANING[0]!.toLowerCase()}${RESEND_MEANING.slice(1)}`;
    case 'deliver':
      return "delivers the segment's data to the application";
    case 'notify':
      return notifyText(a.what, a.optional === true, a.or ?? []);
    case 'start_timer':
      return `starts the ${a.timer} timer for ${a.after.src} ms`;
    case 'stop_timer':
      return `stops the ${a.timer} timer`;
  }
}

/** Every action, in order; nothing done says so. */
export function actionsText(actions: readonly Action[]): string {
  return actions.length === 0 ? 'does nothing' : actions.map(actionText).join('; ');
}
