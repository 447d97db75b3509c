/**
 * A reset connection's late segments left unanswered (the quiet_after_reset allowance,
 * spec/latitude.yaml, a warning). After an endpoint sent a RST, segments of the connection
 * arriving from the peer find it in CLOSED, where RFC 9293 §3.10.7.1 (no Appendix B label)
 * has it answer with a RST; the peer, reset by then or about to be, would discard that RST.
 * Leaving them unanswered departs from no MUST. A segment arriving in CLOSED with no RST sent
 * before it (a SYN to a closed port) is not covered: its RST is still owed.
 */
import type { Transition } from '../../core/spec/types.js';

/**
 * Is the answer owed in `closed` to an input captured at `time` (µs) one to a segment of the
 * connection the endpoint reset with its own RST at `resetAt`, sent before that answer was
 * due (`graceUs` after the input; the input may have crossed the RST on the wire, and have
 * been captured before it)?
 */
export function answersAfterReset(
  o: { readonly transition: Transition; readonly time: number },
  closed: string,
  resetAt: number | undefined,
  graceUs: number,
): boolean {
  return resetAt !== undefined && o.transition.from === closed && resetAt < o.time + graceUs;
}
