/**
 * A FIN riding on data in a capture (the data_with_fin allowance, src/judge/fin-on-data.ts):
 * the application sent its last data and closed, and the endpoint put the FIN on that data's
 * segment instead of sending it alone after it (§3.10.4). The spec sends the two apart; here
 * they are joined, so the checker runs the hidden send and the hidden close one after the
 * other and takes the segment they make together (a retransmission with the FIN on it is the
 * checker's finOnData).
 */
import { hasFlag } from '../../core/segment.js';
import { dataOf, finEndsAt } from '../judge/fin-on-data.js';
import type { Sent } from './checker.js';

/** A hidden input run on a copy of a hypothesis: what it sent, and SND.NXT after it. */
export interface Run<R> {
  readonly run: R;
  readonly sent: readonly Sent[];
  readonly nxt: number;
}

/**
 * The segment a hidden send of `got`'s data followed by a hidden close would make with the FIN
 * on the data: `send` runs the send call on the hypothesis, `close` the close call after it.
 * Undefined unless `got` is a FIN on data, the send sends that data in one segment and the
 * close sends its FIN right after it.
 */
export function finJoinedToData<R>(
  got: Sent,
  send: (data: Uint8Array) => Run<R> | undefined,
  close: (after: R) => Run<R> | undefined,
): { readonly send: R; readonly close: R; readonly sent: Sent[] } | undefined {
  const bare = dataOf(got);
  if (!bare) return undefined;
  const data = send(bare.payload);
  if (data?.sent.length !== 1) return undefined;
  const fin = close(data.run);
  const first = fin?.sent[0];
  if (!fin || !first || !hasFlag(first, 'FIN') || first.payload.length > 0 || !finEndsAt(data.sent[0]!, fin.nxt))
    return undefined;
  // The data segment with the FIN's flags: its SN, AN and octets stay the send's.
  return { send: data.run, close: fin.run, sent: [{ ...data.sent[0]!, flags: first.flags }, ...fin.sent.slice(1)] };
}
