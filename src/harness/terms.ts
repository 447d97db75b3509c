/**
 * Turning a case's terms into numbers: learned ISNs are bound the first time the IUT reveals
 * them, parameters come from the adapter (or the spec's defaults).
 */
import type { SegmentSpec, Term } from '../../core/case.js';
import { bytes, type Segment } from '../../core/segment.js';
import type { Endpoints } from '../adapter.js';
import { baseName } from '../../core/notation.js';
import * as seq from '../../core/seq.js';

export class Bindings {
  private readonly learned = new Map<string, number>();

  /** `iutIsn`: the ISN the IUT was told to use (TestCase.iutIsn), then known, not learned. */
  constructor(
    peerIsn: number,
    private readonly params: Readonly<Record<string, number>>,
    iutIsn?: number,
  ) {
    this.learned.set('peer', peerIsn);
    if (iutIsn !== undefined) this.learned.set('iss', iutIsn);
  }

  isBound(base: string): boolean {
    return this.learned.has(base) || isParam(base);
  }

  get(base: string): number {
    const v = isParam(base) ? this.params[base] : this.learned.get(base);
    if (v === undefined) throw new Error(`internal: ${base} is not known yet`);
    return v;
  }

  /** Learn the unknown of `term` from an observed value. */
  bind(term: Term, observed: number): void {
    if (!term.base || this.isBound(term.base)) return;
    this.learned.set(term.base, seq.sub(observed, term.off));
  }

  value(term: Term): number {
    if (!term.base) return term.off;
    return seq.add(seq.mul(this.get(term.base), term.k ?? 1), term.off);
  }

  /** A value relative to a learned base, as a person reads it: "ISS+1 (2290000001)". */
  describe(term: Term): string {
    const v = this.value(term);
    if (!term.base) return String(v);
    // A parameter is shown by name: "MSS (1460)", "2*MSL-1 (239999)".
    if (isParam(term.base) && term.off === 0 && (term.k ?? 1) === 1) return `${term.base} (${v})`;
    return `${relative(term.base, term.k ?? 1, term.off)} (${v})`;
  }

  /** An observed value relative to the base of the term it was expected to match. */
  describeObserved(term: Term, observed: number): string {
    if (!term.base || !this.isBound(term.base) || isParam(term.base)) return String(observed);
    const off = seq.diff(seq.mul(this.get(term.base), term.k ?? 1), observed);
    return `${relative(term.base, term.k ?? 1, seq.wrap(off))} (${observed})`;
  }

  all(): Record<string, number> {
    return Object.fromEntries(this.learned);
  }

  learnedValues(bases: readonly string[]): (number | undefined)[] {
    return bases.map((b) => this.learned.get(b));
  }
}

function isParam(base: string): boolean {
  return /^[A-Z]/.test(base);
}

/** As the suite's notation writes a term, but with +0 spelled out: "got ISS+0" beside "expected ISS+1". */
function relative(base: string, k: number, off: number): string {
  const d = seq.diff(0, off);
  const b = k === 1 ? baseName(base) : `${k}*${baseName(base)}`;
  return d >= 0 ? `${b}+${d}` : `${b}${d}`;
}

/** The segment the peer sends for a step's `s`, with the numbers known now. */
export function injectedSegment(s: SegmentSpec, b: Bindings, ends: Endpoints): Segment {
  return {
    srcPort: ends.peer.port,
    dstPort: ends.iut.port,
    seq: b.value(s.seq),
    ack: s.ack ? b.value(s.ack) : 0,
    flags: s.flags,
    window: 65535,
    mss: s.mss,
    payload: bytes(s.data),
  };
}
