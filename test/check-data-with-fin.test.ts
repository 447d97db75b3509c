/**
 * `check` and a FIN riding on data (the data-with-fin allowance, §3.10.4): the last data and
 * the FIN in one segment, fresh or retransmitted, is an accepted variation naming the
 * allowance; without the allowance it is the violation it was; a FIN on data with the wrong
 * AN stays a violation.
 */
import { expect } from 'chai';
import { formatCheck } from '../src/check/report.js';
import { check, checkTrace, findings, handshake, IC, IS, type Row, SPEC, trace } from './helpers/check-trace.js';

const c = IC + 1;
const s = IS + 1;
/** The client's request, then the server's answer and its FIN in one segment; the client closes after it. */
const answerWithFin = (an = c + 100): Row[] => [
  ...handshake,
  { from: 'c', ms: 10, flags: ['ACK', 'PSH'], sn: c, an: s, data: 100 },
  { from: 's', ms: 20, flags: ['FIN', 'ACK', 'PSH'], sn: s, an, data: 50 },
  { from: 'c', ms: 21, flags: ['ACK'], sn: c + 100, an: s + 51 },
  { from: 'c', ms: 30, flags: ['FIN', 'ACK'], sn: c + 100, an: s + 51 },
  { from: 's', ms: 31, flags: ['ACK'], sn: s + 51, an: c + 101 },
];

describe('check: a FIN on data (data-with-fin)', () => {
  it('the last data and the FIN in one segment: accepted, citing data-with-fin; the close passes', () => {
    const r = check(answerWithFin());
    expect(findings(r, 'violation')).to.deep.equal([]);
    expect(
      findings(r, 'accepted').flatMap(({ role, f }) =>
        f.kind === 'accepted' && f.how === 'data-with-fin' ? [[role, f.frame, f.allowance?.id]] : [],
      ),
    ).to.deep.equal([['server', 5, 'data-with-fin']]);
    const text = formatCheck('t.pcap', r);
    expect(text)
      .to.include('frame 5 (server) carries its FIN on its last data')
      .and.include('[data-with-fin, §3.10.4]');
    expect(text).to.match(/server 10\.0\.0\.2:80, from LISTEN: passed [^\n]*\bW1\b/);
  });

  it('without the allowance the same segment is the violation it was', () => {
    const packets = trace(answerWithFin());
    const spec = { ...SPEC, latitude: SPEC.latitude.filter((a) => a.allows !== 'data_with_fin') };
    const r = checkTrace(packets, spec);
    expect(findings(r, 'violation').map(({ f }) => f.frame)).to.include(5);
  });

  it('a FIN on data acknowledging half the request stays a violation, at its frame, naming the close', () => {
    const r = check(answerWithFin(c + 50));
    const v = findings(r, 'violation').find(({ f }) => f.frame === 5)?.f;
    expect(v?.kind === 'violation' && [v.transition?.id, v.expected?.payload.length, v.got?.ack]).to.deep.equal([
      'established-close',
      50,
      c + 50,
    ]);
    expect(formatCheck('t.pcap', r)).to.include('AN: expected ISNc+101 (1101), got ISNc+51 (1051)');
  });

  it('data retransmitted with the FIN already sent on it: accepted, not a retransmission of the wrong form', () => {
    const rows: Row[] = [
      ...handshake,
      { from: 'c', ms: 10, flags: ['ACK', 'PSH'], sn: c, an: s, data: 100 },
      { from: 'c', ms: 11, flags: ['FIN', 'ACK'], sn: c + 100, an: s },
      // No ACK came: after its RTO the client sends the data again, and its FIN on it.
      { from: 'c', ms: 400, flags: ['FIN', 'ACK', 'PSH'], sn: c, an: s, data: 100 },
      { from: 's', ms: 401, flags: ['ACK'], sn: s, an: c + 101 },
      { from: 's', ms: 402, flags: ['FIN', 'ACK'], sn: s, an: c + 101 },
      { from: 'c', ms: 403, flags: ['ACK'], sn: c + 101, an: s + 1 },
    ];
    const r = check(rows);
    expect(findings(r, 'violation')).to.deep.equal([]);
    expect(
      findings(r, 'accepted').flatMap(({ f }) => (f.kind === 'accepted' && f.how === 'data-with-fin' ? [f.frame] : [])),
    ).to.deep.equal([6]);
  });
});
