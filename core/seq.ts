/**
 * Sequence-number arithmetic, modulo 2^32 (RFC 9293 §3.4, RFC 1982 serial arithmetic).
 * This is the only place in tcpconform that does arithmetic on sequence numbers: the
 * runtime, the planner and the generated reference all go through it, so an ISN near
 * 2^32 - 1 wraps the same way everywhere.
 */

export const SEQ_MODULUS = 0x1_0000_0000;
export const SEQ_MAX = 0xffff_ffff;

/** Reduce any integer (possibly negative) into [0, 2^32). */
export function wrap(n: number): number {
  const r = n % SEQ_MODULUS;
  return r < 0 ? r + SEQ_MODULUS : r;
}

export function add(a: number, b: number): number {
  return wrap(a + b);
}

export function sub(a: number, b: number): number {
  return wrap(a - b);
}

/** a * b mod 2^32, exact even where the plain product would exceed 2^53. */
export function mul(a: number, b: number): number {
  return Number((BigInt(wrap(a)) * BigInt(wrap(b))) % BigInt(SEQ_MODULUS));
}

/**
 * Signed distance from a to b in sequence space: positive when b is "after" a.
 * Values half the space apart are ambiguous (RFC 1982): the distance is -2^31 either way,
 * so lt is false and gt true both ways.
 */
export function diff(a: number, b: number): number {
  const d = wrap(b - a);
  return d >= 0x8000_0000 ? d - SEQ_MODULUS : d;
}

export function lt(a: number, b: number): boolean {
  return diff(a, b) > 0;
}

export function le(a: number, b: number): boolean {
  return diff(a, b) >= 0;
}

export function gt(a: number, b: number): boolean {
  return diff(a, b) < 0;
}

export function ge(a: number, b: number): boolean {
  return diff(a, b) <= 0;
}

/** Is a a valid 32-bit sequence number? */
export function isSeq(a: unknown): a is number {
  return typeof a === 'number' && Number.isInteger(a) && a >= 0 && a <= SEQ_MAX;
}
