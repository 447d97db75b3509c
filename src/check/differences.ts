/**
 * How an expected segment and the one seen differ, field by field, as the run reports word it:
 * what a check finding prints, and which fields (so which labels) it departs from.
 */
import { controlKey, equalBytes, hasFlag } from '../../core/segment.js';
import { t, type Text } from '../i18n/text.js';
import { relativeTo } from '../report/ladder.js';
import type { Sent } from './checker.js';

type Bindings = Readonly<Record<string, number>>;

/** The fields that differ, each as the run reports word it. */
export function differences(want: Sent, got: Sent, b: Bindings): Text[] {
  const out: Text[] = [];
  if (controlKey(want.flags) !== controlKey(got.flags))
    out.push(t('diff.flags', { want: controlKey(want.flags), got: controlKey(got.flags) }));
  if (want.seq !== got.seq) out.push(t('diff.sn', { want: relativeTo(want.seq, b), got: relativeTo(got.seq, b) }));
  if (hasFlag(want, 'ACK') && hasFlag(got, 'ACK') && want.ack !== got.ack)
    out.push(t('diff.an', { want: relativeTo(want.ack, b), got: relativeTo(got.ack, b) }));
  if (want.mss !== got.mss) {
    if (want.mss === undefined) out.push(t('diff.mss.unexpected', { got: got.mss! }));
    else if (got.mss === undefined) out.push(t('diff.mss.missing'));
    else out.push(t('diff.mss.value', { want: want.mss, got: got.mss }));
  }
  if (want.payload.length !== got.payload.length)
    out.push(t('diff.payload.length', { want: want.payload.length, got: got.payload.length }));
  else if (!equalBytes(want.payload, got.payload)) {
    // The same length, other octets: show where they part, never two identical segments.
    let i = 0;
    while (want.payload[i] === got.payload[i]) i++;
    out.push(t('diff.payload', { want: octetsAt(want.payload, i), got: octetsAt(got.payload, i) }));
  }
  return out;
}

/** A few octets from offset `i`, in hex, with the offset. */
function octetsAt(data: Uint8Array, i: number): string {
  const hex = [...data.subarray(i, i + 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return `octet ${i}: ${hex}${data.length > i + 8 ? ' ...' : ''}`;
}
