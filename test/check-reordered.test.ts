/**
 * Segments reordered after the capture point (the capture saw one order, the endpoint received
 * another): a capture gap, not the endpoint's fault, and the endpoint's answers to the order it
 * received are judged as such. The traces are the numbers of ndpi/starcraft_battle.pcap conn. 5
 * and tcpdump/ssh.pcap, made small (docs/check-dev-findings.md).
 */
import { expect } from 'chai';
import { check, findings, handshake, IC, IS, type Row } from './helpers/check-trace.js';
import type { CheckResult } from '../src/check/check.js';

/** The findings of a class as `end frame` (and why, for a gap). */
function where(r: CheckResult, cls: 'violation' | 'warning' | 'gap'): string[] {
  return findings(r, cls).map(({ role, f }) => `${role} ${f.frame}${f.kind === 'gap' ? ` ${f.why}` : ''}`);
}

describe('check: ssh.pcap, a late copy of data and FIN after the FIN held out of order', () => {
  // The capture is at the client. Its last data (frames 4, 5) and FIN (6) reach the server
  // out of order: the FIN first, which the server acknowledges up to the hole (7). The client
  // sends the data and the FIN again (8). Meanwhile the first copies arrive: the server
  // acknowledges them (9, 10: the AN jumps over the held FIN), closes (11); then the copy (8)
  // arrives, all old, and the server acknowledges it from where it is (13: after its FIN),
  // before the client's ACK of its FIN (12) reaches it.
  const rows: Row[] = [
    ...handshake,
    { from: 'c', ms: 10, flags: ['ACK', 'PSH'], sn: IC + 1, an: IS + 1, data: 36 },
    { from: 'c', ms: 10, flags: ['ACK', 'PSH'], sn: IC + 37, an: IS + 1, data: 60 },
    { from: 'c', ms: 11, flags: ['FIN', 'ACK'], sn: IC + 97, an: IS + 1 },
    { from: 's', ms: 40, flags: ['ACK'], sn: IS + 1, an: IC + 1 },
    { from: 'c', ms: 40.1, flags: ['FIN', 'ACK', 'PSH'], sn: IC + 1, an: IS + 1, data: 96 },
    { from: 's', ms: 50, flags: ['ACK'], sn: IS + 1, an: IC + 37 },
    { from: 's', ms: 50, flags: ['ACK'], sn: IS + 1, an: IC + 98 },
    { from: 's', ms: 50, flags: ['FIN', 'ACK'], sn: IS + 1, an: IC + 98 },
    { from: 'c', ms: 50.3, flags: ['ACK'], sn: IC + 98, an: IS + 2 },
    { from: 's', ms: 60, flags: ['ACK'], sn: IS + 2, an: IC + 98 },
  ];
  it('no violation: the held FIN is taken when the AN jumps over it, the late copy answered from LAST_ACK', () => {
    const r = check(rows);
    expect(where(r, 'violation')).to.deep.equal([]);
    expect(where(r, 'warning')).to.deep.equal([]);
    const state = (frame: number) =>
      r.connections[0]!.server.findings.find((f) => f.kind === 'state' && f.frame === frame);
    expect(state(10), 'the jump over the FIN').to.deep.include({ state: 'CLOSE_WAIT' });
    expect(state(11), 'its own FIN').to.deep.include({ state: 'LAST_ACK' });
  });
  it('an answer to the copy from elsewhere is still a violation', () => {
    const wrong = rows.map((row, i) => (i === 12 ? { ...row, an: IC + 50 } : row));
    expect(where(check(wrong), 'violation')).to.deep.equal(['server 13']);
  });
});

describe('check: starcraft_battle.pcap, data overtaken by the FIN after the capture point', () => {
  // The client sends its last 17 octets (4) and its FIN (5). The FIN reaches the server first:
  // it acknowledges up to the hole (6), as §3.10.7.4 has it for a segment out of order; the
  // data arrives, and its next ACK covers both (7). Nothing was sent again.
  const rows: Row[] = [
    ...handshake,
    { from: 'c', ms: 10, flags: ['ACK', 'PSH'], sn: IC + 1, an: IS + 1, data: 17 },
    { from: 'c', ms: 10.05, flags: ['FIN', 'ACK'], sn: IC + 18, an: IS + 1 },
    { from: 's', ms: 68, flags: ['ACK'], sn: IS + 1, an: IC + 1 },
    { from: 's', ms: 68.03, flags: ['ACK'], sn: IS + 1, an: IC + 19 },
    { from: 's', ms: 70, flags: ['FIN', 'ACK'], sn: IS + 1, an: IC + 19 },
    { from: 'c', ms: 71, flags: ['ACK'], sn: IC + 19, an: IS + 2 },
  ];
  it('the ACK at the hole answers the FIN taken out of order: the data is a gap, overtaken', () => {
    const r = check(rows);
    expect(where(r, 'violation')).to.deep.equal([]);
    expect(where(r, 'gap')).to.deep.equal(['server 4 overtaken']);
    const state = (frame: number) =>
      r.connections[0]!.server.findings.find((f) => f.kind === 'state' && f.frame === frame);
    expect(state(7), 'the jump over the FIN').to.deep.include({ state: 'CLOSE_WAIT' });
  });
  it('data never acknowledged, while the capture goes on, is still a violation', () => {
    const never = rows
      .filter((_, i) => i !== 6)
      .map((row) => (row.from === 's' ? { ...row, an: IC + 1 } : { ...row, ms: row.ms === 71 ? 700 : row.ms }));
    expect(where(check(never), 'violation')).to.include('server 4');
  });
  it('captured beside the server, the order seen is the order it received: the ACK at the hole is no gap', () => {
    // The server's SYN+ACK answered at once: the capture is beside the server (capture-point.ts).
    const near: Row[] = [
      { from: 'c', ms: 0, flags: ['SYN'], sn: IC, mss: 1460 },
      { from: 's', ms: 0.05, flags: ['SYN', 'ACK'], sn: IS, an: IC + 1, mss: 1460 },
      { from: 'c', ms: 30, flags: ['ACK'], sn: IC + 1, an: IS + 1 },
      ...rows.slice(3),
    ];
    const r = check(near);
    expect(where(r, 'gap')).to.deep.equal([]);
    // A duplicate ACK besides the ACK owed, which comes next: no MUST forbids it (extra_ack).
    expect(where(r, 'warning')).to.deep.equal(['server 6']);
  });
});
