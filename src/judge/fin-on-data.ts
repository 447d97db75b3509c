/**
 * The FIN riding on the last segment of data (spec/latitude.yaml data-with-fin): a segment of
 * data with FIN, where the spec sends the data alone, is that data if the FIN is the last
 * thing its sender sent, right after the data. Used by the judge (run, fuzz) and by check.
 */
import { hasFlag, type Segment } from '../../core/segment.js';
import * as seq from '../../core/seq.js';

type Numbers = Pick<Segment, 'flags' | 'seq' | 'payload'>;

/** `s` without its FIN, when it is data carrying one; undefined otherwise. */
export function dataOf<S extends Numbers>(s: S): S | undefined {
  if (!hasFlag(s, 'FIN') || s.payload.length === 0) return undefined;
  return { ...s, flags: s.flags.filter((f) => f !== 'FIN') };
}

/** Does the FIN of `s` (data with FIN) take the last SN its sender used, SND.NXT - 1 = `nxt` - 1? */
export function finEndsAt(s: Numbers, nxt: number | undefined): boolean {
  return nxt !== undefined && seq.add(s.seq, s.payload.length + 1) === nxt;
}
