/** The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit words. */
export function internetChecksum(...chunks: readonly (readonly number[] | Uint8Array)[]): number {
  let sum = 0;
  for (const c of chunks) {
    // Every chunk but the last has an even length here (pseudo-header, headers); an odd tail pads with zero.
    for (let i = 0; i < c.length; i += 2) sum += (c[i]! << 8) | (c[i + 1] ?? 0);
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
