/**
 * `check` at the end of a connection as real stacks end it: data arriving after a full close
 * refused with a RST (rst-after-close: MAY-1, SHLD-3), and the segments of a connection the
 * endpoint reset itself left unanswered (quiet-after-reset, a warning), which never covers a
 * port that sent no RST.
 */
import { expect } from 'chai';
import { formatCheck } from '../src/check/report.js';
import { check, findings, handshake, IC, IS, type Row } from './helpers/check-trace.js';

const c = IC + 1;
const s = IS + 1;

/**
 * The client closes; the server's data and FIN come after it, and the client, which closed
 * fully, refuses the data with `rst` (SN = the data's AN) and answers the FIN with `fin`.
 */
function refused(rst: Row['flags'], fin: Row['flags'] | undefined): Row[] {
  return [
    ...handshake,
    { from: 'c', ms: 10, flags: ['FIN', 'ACK'], sn: c, an: s },
    { from: 's', ms: 20, flags: ['ACK'], sn: s, an: c + 1 },
    { from: 's', ms: 30, flags: ['ACK', 'PSH'], sn: s, an: c + 1, data: 24 },
    { from: 's', ms: 30.1, flags: ['FIN', 'ACK'], sn: s + 24, an: c + 1 },
    { from: 'c', ms: 30.2, flags: rst, sn: c + 1, an: s + 24 },
    ...(fin ? [{ from: 'c', ms: 30.3, flags: fin, sn: c + 1, an: s + 25 } as Row] : []),
    // The capture goes on (the same RST again, later), so a missing answer is judged.
    { from: 'c', ms: 2000, flags: ['RST'], sn: c + 1 },
  ];
}

const accepted = (rows: Row[]) =>
  findings(check(rows), 'accepted').flatMap(({ role, f }) => (f.kind === 'accepted' ? [[role, f.frame, f.how]] : []));

describe('check: after a close', () => {
  it('data after a full close refused with a RST, the FIN after it answered as in CLOSED: accepted', () => {
    const r = check(refused(['RST'], ['RST']));
    expect(findings(r, 'violation')).to.deep.equal([]);
    expect(findings(r, 'warning')).to.deep.equal([]);
    expect(accepted(refused(['RST'], ['RST']))).to.deep.include(['client', 8, 'rst-after-close']);
    expect(formatCheck('t.pcap', r)).to.include(
      'frame 8 (client) answers frame 6, data after its CLOSE, with a RST (a half-duplex close: the data is lost) [rst-after-close, §3.6.1 MAY-1 SHLD-3]',
    );
  });

  it('the FIN that crossed the RST left unanswered: a warning naming quiet-after-reset, not a violation', () => {
    const r = check(refused(['RST'], undefined));
    expect(findings(r, 'violation')).to.deep.equal([]);
    expect(
      findings(r, 'warning').map(({ role, f }) => [role, f.frame, f.kind === 'accepted' && f.allowance?.id]),
    ).to.deep.equal([['client', 7, 'quiet-after-reset']]);
    expect(formatCheck('t.pcap', r)).to.include(
      'frame 7 (client) leaves frame 7 unanswered, a segment of the connection it had reset, where RFC 9293 §3.10.7.1 has CLOSED send a RST [quiet-after-reset, §3.10.7.1, a warning]',
    );
  });

  it('a RST for data with the wrong SN is still a violation', () => {
    const rows = refused(['RST'], ['RST']).map((row, i) => (i === 7 ? { ...row, sn: c + 7 } : row));
    expect(findings(check(rows), 'violation').map(({ f }) => f.frame)).to.include(8);
  });

  it('SYNs to a host that never answers: gaps (silent), never lost nor quiet-after-reset (no RST came before)', () => {
    const rows: Row[] = [
      { from: 'c', ms: 0, flags: ['SYN'], sn: IC, mss: 1460 },
      { from: 'c', ms: 1000, flags: ['SYN'], sn: IC, mss: 1460 },
      { from: 'c', ms: 3000, flags: ['SYN'], sn: IC, mss: 1460 },
    ];
    const r = check(rows);
    expect(findings(r, 'warning')).to.deep.equal([]);
    // The server never sends anything: nothing shows the SYNs reached it, nor that a path lost one copy.
    expect(findings(r, 'violation')).to.deep.equal([]);
    expect(findings(r, 'gap').map(({ role, f }) => [role, f.frame, f.kind === 'gap' && f.why])).to.deep.equal([
      ['server', 1, 'silent'],
    ]);
  });
});
