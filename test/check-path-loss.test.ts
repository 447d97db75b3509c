/**
 * `check` and what happens beyond the capture point: a segment lost on its way to the endpoint
 * (unanswered, then sent again and answered) is a capture gap, not a missing answer; one
 * never sent again and never answered is still missing. And a SYN+ACK with a second ISN is
 * one finding, not a cascade over every later segment of its sender.
 */
import { expect } from 'chai';
import type { Packet } from '../src/check/packets.js';
import { formatCheck } from '../src/check/report.js';
import { check, checkTrace, findings, handshake, IC, IS, type Row, trace } from './helpers/check-trace.js';

const c = IC + 1;
const s = IS + 1;
const request = (ms: number): Row => ({ from: 'c', ms, flags: ['ACK', 'PSH'], sn: c, an: s, data: 100 });
/** The server's answer: 50 octets acknowledging the request, and the client's ACK of them. */
const answer = (ms: number): Row[] => [
  { from: 's', ms, flags: ['ACK', 'PSH'], sn: s, an: c + 100, data: 50 },
  { from: 'c', ms: ms + 1, flags: ['ACK'], sn: c + 100, an: s + 50 },
];

describe('check: beyond the capture point', () => {
  it('a request unanswered, sent again and answered: lost after the capture point, a gap', () => {
    const r = check([...handshake, request(10), request(1010), ...answer(1020)]);
    expect(findings(r, 'violation')).to.deep.equal([]);
    expect(
      findings(r, 'gap').map(({ role, f }) => [role, f.frame, f.kind === 'gap' && f.why === 'lost' && f.again]),
    ).to.deep.equal([['server', 4, 5]]);
    expect(formatCheck('t.pcap', r)).to.include(
      'frame 4 (to the server) got no answer and was sent again in frame 5: lost after the capture point, before it reached the server; not judged',
    );
  });

  it('a request never sent again and never answered is still missing', () => {
    // The capture goes on: the client sends more, which the server acknowledges with the request.
    const r = check([
      ...handshake,
      request(10),
      { from: 'c', ms: 2000, flags: ['ACK', 'PSH'], sn: c + 100, an: s, data: 10 },
      { from: 's', ms: 2001, flags: ['ACK'], sn: s, an: c + 110 },
    ]);
    expect(
      findings(r, 'violation').map(({ role, f }) => f.kind === 'violation' && [role, f.frame, f.what]),
    ).to.deep.equal([['server', 4, 'missing']]);
  });

  it('a SYN+ACK with a second ISN: one violation, and the server judged on after it', () => {
    const r = check([
      ...handshake,
      { from: 's', ms: 5, flags: ['SYN', 'ACK'], sn: 900_000, an: IC + 1, mss: 1460 },
      { from: 'c', ms: 6, flags: ['ACK'], sn: c, an: s },
      request(10),
      ...answer(20),
    ]);
    expect(findings(r, 'violation').map(({ role, f }) => [role, f.frame])).to.deep.equal([['server', 4]]);
    expect(findings(r, 'gap')).to.deep.equal([]);
  });

  it('segments reordered before the capture point, the receiver acknowledging each arrival: no violation', () => {
    // The server's second segment comes first; the client's AN jumps over held data twice.
    const seg = (ms: number, off: number, n = 100): Row => ({
      from: 's',
      ms,
      flags: ['ACK'],
      sn: s + off,
      an: c + 100,
      data: n,
    });
    const ack = (ms: number, an: number): Row => ({ from: 'c', ms, flags: ['ACK'], sn: c + 100, an });
    const r = check([
      ...handshake,
      request(10),
      seg(20, 100),
      seg(20.1, 0),
      seg(20.2, 200),
      seg(20.3, 300),
      seg(20.4, 400, 50),
      ack(21, s),
      ack(21.1, s + 200),
      ack(21.2, s + 400),
      ack(21.3, s + 450),
    ]);
    expect(findings(r, 'violation')).to.deep.equal([]);
  });

  it('an ACK late by the clock of a capture beside the peer: a gap; beside the endpoint: missing', () => {
    // The handshake puts the capture beside the client (it answers in 1 ms, the server in 100).
    const rows = (answerMs: number): Row[] => [
      { from: 'c', ms: 0, flags: ['SYN'], sn: IC, mss: 1460 },
      { from: 's', ms: 100, flags: ['SYN', 'ACK'], sn: IS, an: IC + 1, mss: 1460 },
      { from: 'c', ms: 101, flags: ['ACK'], sn: c, an: s },
      request(200),
      { from: 's', ms: answerMs, flags: ['ACK'], sn: s, an: c + 100 },
    ];
    const near = check(rows(1100));
    expect(findings(near, 'violation')).to.deep.equal([]);
    expect(
      findings(near, 'gap').map(({ role, f }) => [role, f.frame, f.kind === 'gap' && f.why === 'late' && f.answer]),
    ).to.deep.equal([['server', 4, 5]]);
    // The same exchange seen beside the server (its answers quick, the client's slow): the late ACK is missing.
    const packets: Packet[] = trace([
      { from: 'c', ms: 0, flags: ['SYN'], sn: IC, mss: 1460 },
      { from: 's', ms: 1, flags: ['SYN', 'ACK'], sn: IS, an: IC + 1, mss: 1460 },
      { from: 'c', ms: 101, flags: ['ACK'], sn: c, an: s },
      request(200),
      { from: 's', ms: 1100, flags: ['ACK'], sn: s, an: c + 100 },
    ]);
    const beside = checkTrace(packets);
    expect(findings(beside, 'violation').map(({ role, f }) => [role, f.frame])).to.deep.equal([['server', 4]]);
  });
});
