/**
 * The data_with_fin allowance's test on a segment, shared by the judge of a run and the
 * checker of a capture: a FIN riding on the last segment of data instead of following it
 * alone (§3.10.4: CLOSE forms its FIN once the preceding SENDs are segmentized). The FIN must
 * come right after every octet before it: the segment's data ends where the FIN's SN is, one
 * short of SND.NXT. Which data it must be is the caller's to compare, on the segment without
 * its FIN.
 */
import type { Flag } from '../../core/segment.js';
import * as seq from '../../core/seq.js';

interface Carrying {
  readonly flags: readonly Flag[];
  readonly seq: number;
  readonly payload: Uint8Array;
}

/** The data segment under the FIN when `s` is a FIN riding on data; undefined otherwise. */
export function dataUnderFin<S extends Carrying>(s: S): S | undefined {
  if (!s.flags.includes('FIN') || s.payload.length === 0) return undefined;
  return { ...s, flags: s.flags.filter((f) => f !== 'FIN') };
}

/** Whether the FIN on `s`'s data is the endpoint's FIN, `nxt` (SND.NXT) being one past it. */
export function finRightAfterData(s: Carrying, nxt: number | undefined): boolean {
  return nxt !== undefined && seq.add(s.seq, s.payload.length + 1) === nxt;
}
