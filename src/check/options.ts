/**
 * The TCP options the spec does not carry but `check` reads from a SYN's header: window scale
 * (RFC 7323 §2), for the window (src/check/window.ts), and timestamps (RFC 7323 §3), whose 12
 * octets on every segment make the data of a full-sized one 12 octets short of the MSS
 * (src/check/capture-point.ts). The header was read whole already
 * (src/wire/tcp-header.ts), so lengths are sound; a malformed option ends the scan.
 */
export interface SynOptions {
  /** The shift count of the window scale option (at most 14, RFC 7323 §2.3); absent without the option. */
  readonly wscale?: number;
  /** The timestamps option is present. */
  readonly timestamps?: true;
}

/** The options of a header's first `headerLen` octets. */
export function synOptions(header: Uint8Array, headerLen: number): SynOptions {
  let wscale: number | undefined;
  let timestamps = false;
  for (let i = 20; i < headerLen; ) {
    const kind = header[i]!;
    if (kind === 0) break;
    if (kind === 1) {
      i++;
      continue;
    }
    const len = header[i + 1] ?? 0;
    if (len < 2 || i + len > headerLen) break;
    if (kind === 3 && len === 3) wscale = Math.min(header[i + 2]!, 14);
    if (kind === 8 && len === 10) timestamps = true;
    i += len;
  }
  return { ...(wscale !== undefined ? { wscale } : {}), ...(timestamps ? { timestamps: true as const } : {}) };
}
