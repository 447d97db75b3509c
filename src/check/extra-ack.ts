/**
 * A pure ACK sent besides (the extra_ack allowance, spec/latitude.yaml, a warning): from where
 * the endpoint is, acknowledging nothing it has not received. RFC 9293 has no MUST against an
 * acknowledgment; the spec sends none there (a duplicate ACK before the ACK owed, teams.pcap;
 * an ACK answering an out-of-window RST that §3.10.7.4 drops, KakaoTalk_chat.pcap; a second
 * ACK of a FIN already acknowledged, starcraft_battle.pcap).
 */
import type { Connection } from '../../core/machine.js';
import { controlKey } from '../../core/segment.js';
import type { Sent } from './checker.js';

/** States with a connection both ends have synchronized: where an ACK means what it says. */
const SYNCHRONIZED = new Set([
  'ESTABLISHED',
  'FIN_WAIT_1',
  'FIN_WAIT_2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
]);

/**
 * Is `got` an ACK alone from SND.NXT of `c`, no data, whose AN is RCV.NXT or the last AN the
 * endpoint sent (`lastAn`): a duplicate, no AN the spec would not have sent?
 */
export function isExtraAck(c: Connection, got: Sent, lastAn: number | undefined): boolean {
  return (
    SYNCHRONIZED.has(c.state) &&
    controlKey(got.flags) === 'ACK' &&
    got.payload.length === 0 &&
    got.seq === c.get('SND.NXT') &&
    (got.ack === c.get('RCV.NXT') || got.ack === lastAn)
  );
}
