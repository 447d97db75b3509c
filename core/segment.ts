/**
 * The segment model shared by the harness, the adapters and the generated reference.
 * Only the header fields connection management needs are modelled; addresses live in the
 * adapter's configuration because a test talks to exactly one IUT.
 */

/** Control flags in the canonical order used for printing and comparing ("SYN+ACK", "FIN+ACK"). */
export const FLAGS = ['SYN', 'FIN', 'RST', 'PSH', 'ACK'] as const;
export type Flag = (typeof FLAGS)[number];

/** The flags that select a transition; PSH (and URG, unmodelled) never do. */
export const CONTROL_FLAGS: readonly Flag[] = ['SYN', 'FIN', 'RST', 'ACK'];

export interface Segment {
  readonly srcPort: number;
  readonly dstPort: number;
  readonly seq: number;
  readonly ack: number;
  readonly flags: readonly Flag[];
  readonly window: number;
  /** MSS option value; undefined when the option is absent. */
  readonly mss?: number | undefined;
  readonly payload: Uint8Array;
}

/** Put flags in canonical order without duplicates. */
export function normalizeFlags(flags: Iterable<Flag>): Flag[] {
  const set = new Set(flags);
  return FLAGS.filter((f) => set.has(f));
}

export function hasFlag(seg: Pick<Segment, 'flags'>, flag: Flag): boolean {
  return seg.flags.includes(flag);
}

/** Keys already built, by flag array: decoded headers and the spec share a few arrays, asked about by the hundred thousand. */
const KEYS = new WeakMap<readonly Flag[], string>();

/** The control flags of a segment as a key such as "SYN+ACK" (PSH ignored). */
export function controlKey(flags: readonly Flag[]): string {
  let key = KEYS.get(flags);
  if (key === undefined) {
    const ctl = CONTROL_FLAGS.filter((f) => flags.includes(f));
    key = ctl.length === 0 ? '(none)' : ctl.join('+');
    // Only arrays nobody can change: a key must not outlive the flags it was built from.
    if (Object.isFrozen(flags)) KEYS.set(flags, key);
  }
  return key;
}

/** RFC 9293 SEG.LEN: data octets plus one for SYN and one for FIN. */
export function segLen(seg: Pick<Segment, 'flags' | 'payload'>): number {
  return seg.payload.length + (hasFlag(seg, 'SYN') ? 1 : 0) + (hasFlag(seg, 'FIN') ? 1 : 0);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

export function text(data: Uint8Array): string {
  return decoder.decode(data);
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * How data of `length` octets is cut into segments of at most `max` octets: [start, end)
 * ranges; no data, no segment. Used by the planner for what it expects and by the reference
 * for what it sends, so the two agree by construction.
 */
export function payloadRanges(length: number, max: number): [number, number][] {
  if (max <= 0) throw new RangeError(`segment size must be positive, got ${max}`);
  const out: [number, number][] = [];
  for (let i = 0; i < length; i += max) out.push([i, Math.min(length, i + max)]);
  return out;
}
