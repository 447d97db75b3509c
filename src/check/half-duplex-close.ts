/**
 * Data refused after a full close (the half_duplex_close allowance, spec/latitude.yaml): a host
 * MAY implement a half-duplex close (MAY-1), and new data received after CLOSE SHOULD then get
 * a RST (SHLD-3, RFC 9293 §3.6.1). A capture does not show whether the application's close was
 * full or half, so where the spec owes an ACK for data taken in FIN_WAIT_1 or FIN_WAIT_2 a RST
 * may come instead: the connection is gone, and the segment is answered as in CLOSED (SN = its
 * AN, §3.10.7.1, as Linux and the BSDs do) or with SN = SND.NXT.
 */
import type { Transition } from '../../core/spec/types.js';
import { controlKey } from '../../core/segment.js';
import type { Sent } from './checker.js';

/** Where the endpoint has called CLOSE and may still receive data. */
const CLOSED_BY_APPLICATION = new Set(['FIN_WAIT_1', 'FIN_WAIT_2']);

/** An answer the spec owes for an input: the segment, its transition, and the input's AN. */
interface OwedFor {
  readonly seg: Sent;
  readonly transition: Transition;
  readonly peerAck: number;
}

/**
 * Is `got` a RST refusing the data whose owed ACK is `o`? `withAck`: a RST that also carries
 * ACK counts (the rst_with_ack allowance, a warning of its own).
 */
export function refusesData(o: OwedFor, got: Sent, withAck: boolean): boolean {
  const key = controlKey(got.flags);
  return (
    CLOSED_BY_APPLICATION.has(o.transition.from) &&
    o.transition.actions.some((a) => a.kind === 'deliver') &&
    (key === 'RST' || (withAck && key === 'RST+ACK')) &&
    got.payload.length === 0 &&
    (got.seq === o.peerAck || got.seq === o.seg.seq)
  );
}
