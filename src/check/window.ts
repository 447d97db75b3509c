/**
 * The window each end advertises, read from the capture: the right edge (SEG.ACK + SEG.WND,
 * the window shifted by the scale its SYN announced when both SYNs carry the option, RFC 7323
 * §2.3; a SYN's own window is never scaled), the furthest it has reached. Data a sender puts
 * beyond the edge its peer advertised is a finding against the sender (§3.8.6: the sender
 * packages data into segments that fit the current window; with the usable window negative it
 * SHOULD NOT send new data, SHLD-15; RFC 9293 has no MUST here, so it is a warning). Old data
 * retransmitted beyond the edge is allowed (MAY-7), and so is a one-octet probe of a closed
 * window (MUST-36). For the receiver, such a segment is not acceptable as a whole: what it
 * answers (an ACK at RCV.NXT, or one past the part it kept) is left open, as §3.10.7.4 has it.
 *
 * The edge is the furthest the peer advertised before the segment was captured: wherever the
 * capture was taken, the sender cannot have known of a window advertised later.
 */
import { hasFlag } from '../../core/segment.js';
import * as seq from '../../core/seq.js';
import type { Packet } from './packets.js';

export interface BeyondWindow {
  /** The end that sent beyond its peer's window. */
  readonly from: string;
  /** The frames that carry new data past the edge, in order. */
  readonly frames: readonly number[];
  /** The edge (the first SN past the window) when the first of them was sent. */
  readonly edge: number;
}

export interface WindowReading {
  readonly beyond: readonly BeyondWindow[];
  /** Inputs that reach past their receiver's window: its answer to them is left open. */
  readonly outside: ReadonlySet<Packet>;
  /** Whether the window could be read: false when a SYN is missing and window scaling may be on. */
  readonly read: boolean;
}

const UNREAD: WindowReading = { beyond: [], outside: new Set(), read: false };

export function readWindow(packets: readonly Packet[], client: string, server: string): WindowReading {
  const synOf = (end: string) => packets.find((p) => p.src === end && hasFlag(p.segment, 'SYN'));
  const synC = synOf(client);
  const synS = synOf(server);
  // Scaling is on only when both SYNs carry the option; a missing SYN leaves it unknown, unless the other has none.
  if ((!synC || !synS) && (synC ?? synS)?.syn?.wscale !== undefined) return UNREAD;
  if (!synC && !synS) return UNREAD;
  const scaled = synC?.syn?.wscale !== undefined && synS?.syn?.wscale !== undefined;
  const shift = new Map([
    [client, scaled ? synC!.syn!.wscale! : 0],
    [server, scaled ? synS!.syn!.wscale! : 0],
  ]);
  const edge = new Map<string, number>();
  const sentEnd = new Map<string, number>();
  const beyond = new Map<string, { frames: number[]; edge: number }>();
  const outside = new Set<Packet>();
  for (const p of packets) {
    const s = p.segment;
    const peer = p.src === client ? server : client;
    const len = s.payload.length;
    const right = edge.get(peer);
    if (len > 0 && right !== undefined) {
      const end = seq.add(s.seq, len);
      const fresh = sentEnd.get(p.src) === undefined || seq.gt(end, sentEnd.get(p.src)!);
      const probe = len === 1 && s.seq === right;
      if (seq.gt(end, right) && !probe) {
        outside.add(p);
        if (fresh) {
          const b = beyond.get(p.src) ?? { frames: [], edge: right };
          if (!b.frames.includes(p.frame)) b.frames.push(p.frame);
          beyond.set(p.src, b);
        }
      }
    }
    if (hasFlag(s, 'ACK')) {
      const e = seq.add(s.ack, hasFlag(s, 'SYN') ? s.window : s.window * 2 ** shift.get(p.src)!);
      const was = edge.get(p.src);
      if (was === undefined || seq.gt(e, was)) edge.set(p.src, e);
    }
    const end = seq.add(s.seq, len);
    if (sentEnd.get(p.src) === undefined || seq.gt(end, sentEnd.get(p.src)!)) sentEnd.set(p.src, end);
  }
  return { beyond: [...beyond].map(([from, b]) => ({ from, ...b })), outside, read: true };
}
