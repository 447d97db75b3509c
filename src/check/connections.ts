/**
 * Segments grouped by connection: the same two address:port ends, either direction, on the same
 * VLAN (the same 4-tuple on three VLANs is three flows, as a switch keeps them apart). A
 * connection has ended once a RST passed or both sides sent a FIN; a SYN after that (the
 * 4-tuple reused) opens a new one, while stragglers of the old one (a retransmitted FIN, the
 * last ACK) stay with it.
 */
import { hasFlag } from '../../core/segment.js';
import type { Packet } from './packets.js';

export interface TcpConnection {
  /** 1-based, in order of the connection's first packet. */
  readonly index: number;
  /** The end that opened the connection (sent the first SYN without ACK), else the first to send. */
  readonly client: string;
  /** The capture holds the connection's first SYN or SYN+ACK; if not, which end is the client is a guess. */
  readonly opened: boolean;
  readonly server: string;
  /** The VLAN ID(s) its frames were tagged with (Packet.vlan); absent when untagged. */
  readonly vlan?: string;
  readonly packets: Packet[];
}

interface Open {
  readonly conn: TcpConnection;
  readonly finFrom: Set<string>;
  ended: boolean;
}

export function groupConnections(packets: readonly Packet[]): TcpConnection[] {
  const all: TcpConnection[] = [];
  const open = new Map<string, Open>();
  for (const p of packets) {
    const ends = p.src < p.dst ? `${p.src} ${p.dst}` : `${p.dst} ${p.src}`;
    const key = p.vlan === undefined ? ends : `${ends} vlan ${p.vlan}`;
    let o = open.get(key);
    const opening = hasFlag(p.segment, 'SYN') && !hasFlag(p.segment, 'ACK');
    if (!o || (o.ended && opening)) {
      const client = opening || !hasFlag(p.segment, 'SYN') ? p.src : p.dst;
      o = {
        conn: {
          index: all.length + 1,
          client,
          opened: hasFlag(p.segment, 'SYN'),
          server: client === p.src ? p.dst : p.src,
          ...(p.vlan !== undefined ? { vlan: p.vlan } : {}),
          packets: [],
        },
        finFrom: new Set(),
        ended: false,
      };
      all.push(o.conn);
      open.set(key, o);
    }
    o.conn.packets.push(p);
    if (hasFlag(p.segment, 'FIN')) o.finFrom.add(p.src);
    if (hasFlag(p.segment, 'RST') || o.finFrom.size === 2) o.ended = true;
  }
  return all;
}
