/**
 * What the capture readers produce: frames as the file holds them, numbered from 1 as
 * Wireshark and tcpdump number them, so a report's "frame 7" is the same packet there.
 */

export interface Frame {
  /** 1-based position in the file, counting every packet record. */
  readonly number: number;
  /** Capture time in microseconds since the epoch (a fraction for nanosecond files). */
  readonly time: number;
  /** The link-layer header type (LINKTYPE_* of the tcpdump.org list). */
  readonly linkType: number;
  /** The octets captured (possibly fewer than were on the wire: the snapshot length). */
  readonly data: Uint8Array;
}

/** The file cannot be read as a capture: the message says what is wrong, in one line. */
export class CaptureError extends Error {}

/**
 * A capture file as read: its frames, and what the reader had to leave out without rejecting
 * the file (a last record cut short by a capture that was stopped or copied while written),
 * one line each, naming the offset and what is cut.
 */
export interface Capture {
  readonly frames: Frame[];
  readonly warnings: readonly string[];
}

/** The warning for a file that ends inside its last record: every frame before `at` was read. */
export function cutShort(at: number, what: string, framesBefore: number): string {
  return `truncated at offset ${at}: ${what}; the ${framesBefore} frame${framesBefore === 1 ? '' : 's'} before it ${framesBefore === 1 ? 'was' : 'were'} read`;
}
