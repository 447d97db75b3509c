/**
 * `check` and retransmissions as real stacks send them: a tail loss probe (RACK-TLP, MAY-18),
 * the last segment sent again, and a retransmission on the timer of the earliest
 * segment as first sent, less than the full segment the spec resends (rto). Other octets in
 * the same place are still a violation.
 */
import { expect } from 'chai';
import { check, findings, handshake, IC, IS, type Row } from './helpers/check-trace.js';

const c = IC + 1;
const s = IS + 1;
const request: Row = { from: 'c', ms: 10, flags: ['ACK', 'PSH'], sn: c, an: s, data: 100 };
const data = (ms: number, off: number, octets: string | number = 100): Row => ({
  from: 's',
  ms,
  flags: ['ACK', 'PSH'],
  sn: s + off,
  an: c + 100,
  data: octets,
});
const how = (rows: Row[]) =>
  findings(check(rows), 'accepted').flatMap(({ role, f }) =>
    f.kind === 'accepted' && ['tail-loss-probe', 'resent-prefix'].includes(f.how)
      ? [[role, f.frame, f.how, f.allowance?.id]]
      : [],
  );

describe('check: retransmissions', () => {
  it('a tail loss probe, the last segment again before the earliest: accepted, citing tail-loss-probe', () => {
    const rows: Row[] = [
      ...handshake,
      request,
      data(20, 0),
      data(21, 100),
      // More from the client, acknowledging none of it, acknowledged at once; then the probe of
      // the last segment (not the earliest, which a retransmission would resend), and the ACK of all.
      { from: 'c', ms: 30, flags: ['ACK', 'PSH'], sn: c + 100, an: s, data: 10 },
      { from: 's', ms: 31, flags: ['ACK'], sn: s + 200, an: c + 110 },
      { from: 's', ms: 60, flags: ['ACK', 'PSH'], sn: s + 100, an: c + 110, data: 100 },
      { from: 'c', ms: 61, flags: ['ACK'], sn: c + 110, an: s + 200 },
    ];
    expect(findings(check(rows), 'violation')).to.deep.equal([]);
    expect(how(rows)).to.deep.equal([['server', 9, 'tail-loss-probe', 'tail-loss-probe']]);
  });

  it('the earliest segment resent as first sent, less than the spec resends: accepted, citing rto', () => {
    const rows: Row[] = [
      ...handshake,
      request,
      data(20, 0),
      data(21, 100),
      data(22, 200),
      data(400, 0),
      { from: 'c', ms: 401, flags: ['ACK'], sn: c + 100, an: s + 300 },
    ];
    expect(findings(check(rows), 'violation')).to.deep.equal([]);
    expect(how(rows)).to.deep.equal([['server', 8, 'resent-prefix', 'rto']]);
  });

  it('other octets where the earliest segment was is still a violation', () => {
    const rows: Row[] = [
      ...handshake,
      request,
      data(20, 0, 'a'.repeat(100)),
      data(21, 100, 'a'.repeat(100)),
      data(22, 200, 'a'.repeat(100)),
      // As long as a prefix, but other octets (a repeat of frame 5's numbers would be a capture gap).
      data(400, 0, 'b'.repeat(50)),
      { from: 'c', ms: 401, flags: ['ACK'], sn: c + 100, an: s + 300 },
    ];
    expect(findings(check(rows), 'violation').map(({ role, f }) => [role, f.frame])).to.deep.equal([['server', 8]]);
  });
});
