/**
 * The rst_with_ack allowance's test on the control flags, shared by the judge of a run and the
 * checker of a capture: the spec sends a RST alone (§3.5.2: a reset answering a segment that
 * carries ACK takes its SN from that AN and has no ACK) and the endpoint sent RST+ACK. Every
 * other field is compared by the caller, with any AN (§3.5.3 checks a reset by its SN alone).
 */
import { controlKey, type Flag } from '../../core/segment.js';

export function addsAckToRst(want: readonly Flag[], got: readonly Flag[]): boolean {
  return controlKey(want) === 'RST' && controlKey(got) === 'RST+ACK';
}
