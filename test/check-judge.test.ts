/**
 * How `check` judges a capture, on traces written here segment by segment (the numbers of a
 * real exchange, small enough to read): one fault is one finding, crossed segments keep every
 * reading, a capture may begin at the SYN+ACK, the judge's latitude applies, and each finding
 * falls in one verdict class. (Real captures: test/slow/check-captures.test.ts.)
 */
import { expect } from 'chai';
import { bytes, type Flag } from '../core/segment.js';
import type { Finding } from '../src/check/checker.js';
import { checkJson, differences, formatCheck } from '../src/check/report.js';
import { render } from '../src/i18n/text.js';
import { check, close, download, findings, handshake, IC, IS, type Row } from './helpers/check-trace.js';

describe('check judges with one engine', () => {
  it('a clean exchange: no violation, no warning, no gap', () => {
    const r = check([...handshake, ...download(5, IC + 1, 10), ...close(IC + 1, IS + 501, 100)]);
    expect(r.counts).to.deep.equal({ violation: 0, warning: 0, gap: 0, accepted: 0 });
  });

  describe('one fault is one finding', () => {
    it('one wrong AN early on: one violation, at its frame, not one in every later segment', () => {
      // The client's ACK of the first data segment acknowledges 10 octets too few.
      const rows = [
        ...handshake,
        ...download(20, IC + 1, 10, (i) => IS + 1 + 100 * (i + 1) - (i === 0 ? 10 : 0)),
        ...close(IC + 1, IS + 2001, 300),
      ];
      const r = check(rows);
      const v = findings(r, 'violation');
      expect(v.map(({ role, f }) => [role, f.frame])).to.deep.equal([['client', 5]]);
      const f = v[0]!.f as Extract<Finding, { kind: 'violation' }>;
      expect(f.transition?.id).to.equal('established-data');
      expect(differences(f.expected!, f.got!, {}).map((d) => render(d, 'en'))).to.deep.equal([
        `AN: expected ${IS + 101}, got ${IS + 91}`,
      ]);
    });

    it('data the capture missed: capture gaps, not violations, and the judge goes on from the endpoints', () => {
      // The server's third segment is not in the capture; the client's ACKs say it arrived.
      const rows = [...handshake, ...download(10, IC + 1, 10), ...close(IC + 1, IS + 1001, 300)];
      rows.splice(3 + 4, 1);
      const r = check(rows);
      expect(findings(r, 'violation')).to.deep.equal([]);
      // The client acknowledges what the capture lacks; the server's next segment starts past it.
      expect(
        findings(r, 'gap').map(({ role, f }) => f.kind === 'gap' && f.why === 'unseen' && [role, f.frame, f.what]),
      ).to.deep.equal([
        ['client', 8, 'peer'],
        ['server', 9, 'own'],
      ]);
    });
  });

  it('reordered before the capture point: a gap, held out-of-order data acknowledged at once, no violation', () => {
    const c = IC + 1;
    const s = IS + 1;
    // Captured at the client: the server's two segments arrive swapped.
    const rows: Row[] = [
      ...handshake,
      { from: 's', ms: 10, flags: ['ACK', 'PSH'], sn: s + 100, an: c, data: 100 },
      { from: 'c', ms: 10.1, flags: ['ACK'], sn: c, an: s },
      { from: 's', ms: 10.2, flags: ['ACK'], sn: s, an: c, data: 100 },
      { from: 'c', ms: 10.3, flags: ['ACK'], sn: c, an: s + 200 },
      ...close(c, s + 200, 100),
    ];
    const r = check(rows);
    expect(findings(r, 'violation')).to.deep.equal([]);
    expect(findings(r, 'gap').map(({ role, f }) => [role, f.frame, f.kind === 'gap' && f.why])).to.deep.equal([
      ['server', 4, 'unseen'],
      ['server', 6, 'reordered'],
    ]);
  });

  describe('crossed segments keep every reading', () => {
    it('crossed FINs (simultaneous close): both ends pass and end in TIME_WAIT', () => {
      const c = IC + 1;
      const s = IS + 1;
      const rows: Row[] = [
        ...handshake,
        // Each end sends its FIN before the other's arrives; the capture sees the client's first.
        { from: 'c', ms: 10, flags: ['FIN', 'ACK'], sn: c, an: s },
        { from: 's', ms: 10.1, flags: ['FIN', 'ACK'], sn: s, an: c },
        { from: 'c', ms: 11, flags: ['ACK'], sn: c + 1, an: s + 1 },
        { from: 's', ms: 11.1, flags: ['ACK'], sn: s + 1, an: c + 1 },
      ];
      const r = check(rows);
      expect(findings(r, 'violation')).to.deep.equal([]);
      const states = (e: { findings: readonly Finding[] }) =>
        e.findings.flatMap((f) => (f.kind === 'state' ? [f.state] : []));
      // The server took the client's FIN (frame 4) after sending its own (frame 5): CLOSING at frame 4.
      for (const e of [r.connections[0]!.client, r.connections[0]!.server]) {
        expect(states(e)).to.include.members(['FIN_WAIT_1', 'CLOSING', 'TIME_WAIT']);
        expect(states(e)).not.to.include('CLOSE_WAIT');
      }
    });

    it('data crossing data: the server acknowledges only what had arrived, twice', () => {
      const c = IC + 1;
      const s = IS + 1;
      const rows: Row[] = [
        ...handshake,
        { from: 'c', ms: 10, flags: ['ACK', 'PSH'], sn: c, an: s, data: 10 },
        { from: 'c', ms: 10.1, flags: ['ACK', 'PSH'], sn: c + 10, an: s, data: 10 },
        // Sent when only the first had arrived: the second is still on the wire.
        { from: 's', ms: 10.2, flags: ['ACK', 'PSH'], sn: s, an: c + 10, data: 5 },
        { from: 's', ms: 10.3, flags: ['ACK', 'PSH'], sn: s + 5, an: c + 10, data: 5 },
        { from: 's', ms: 10.4, flags: ['ACK'], sn: s + 10, an: c + 20 },
        { from: 'c', ms: 11, flags: ['ACK'], sn: c + 20, an: s + 10 },
        ...close(c + 20, s + 10, 20),
      ];
      expect(findings(check(rows), 'violation')).to.deep.equal([]);
    });
  });

  it('a capture that begins at the SYN+ACK does not report that SYN+ACK', () => {
    const rows = [...handshake.slice(1), ...download(3, IC + 1, 10), ...close(IC + 1, IS + 301, 100)];
    const r = check(rows);
    expect(findings(r, 'violation')).to.deep.equal([]);
    const server = r.connections[0]!.server;
    expect(server.startState).to.equal('SYN_RCVD');
    expect(server.findings.filter((f) => f.frame === 1).map((f) => f.kind)).to.deep.equal(['unjudged']);
  });

  describe("the judge's latitude (spec/latitude.yaml)", () => {
    it('a RST with ACK where the spec sends a RST alone is a warning, citing rst-with-ack', () => {
      // The server aborts: the spec sends <SEQ=SND.NXT><CTL=RST> (§3.10.5); this one carries ACK too.
      const rows: Row[] = [...handshake, { from: 's', ms: 10, flags: ['RST', 'ACK'], sn: IS + 1, an: IC + 1 }];
      const r = check(rows);
      expect(findings(r, 'violation')).to.deep.equal([]);
      const w = findings(r, 'warning');
      expect(w.map(({ role, f }) => [role, f.frame, f.kind === 'accepted' && f.allowance?.id])).to.deep.equal([
        ['server', 4, 'rst-with-ack'],
      ]);
      expect(r.counts.warning).to.equal(1);
    });

    it('a keep-alive probe with one garbage octet, and its answer, are accepted variations', () => {
      const c = IC + 1;
      const s = IS + 1;
      const rows: Row[] = [
        ...handshake,
        // Two hours quiet, then SN = SND.NXT - 1 with one octet (MAY-6), answered by an ACK.
        { from: 'c', ms: 7_200_000, flags: ['ACK'], sn: c - 1, an: s, data: 1 },
        { from: 's', ms: 7_200_001, flags: ['ACK'], sn: s, an: c },
        ...close(c, s, 7_200_100),
      ];
      const r = check(rows);
      expect(findings(r, 'violation')).to.deep.equal([]);
      expect(findings(r, 'accepted').map(({ f }) => f.kind === 'accepted' && [f.frame, f.how])).to.deep.equal([
        [4, 'keep-alive'],
        [5, 'left-open'],
      ]);
    });

    it('a window update is an accepted variation; the same ACK again with the same window is not', () => {
      const c = IC + 1;
      const s = IS + 1;
      const base: Row[] = [
        ...handshake,
        { from: 's', ms: 10, flags: ['ACK', 'PSH'], sn: s, an: c, data: 100 },
        { from: 'c', ms: 11, flags: ['ACK'], sn: c, an: s + 100, window: 1000 },
      ];
      const update = check([
        ...base,
        { from: 'c', ms: 50, flags: ['ACK'], sn: c, an: s + 100, window: 65535 },
        ...close(c, s + 100, 100),
      ]);
      expect(findings(update, 'violation')).to.deep.equal([]);
      expect(findings(update, 'accepted').map(({ f }) => f.kind === 'accepted' && f.how)).to.deep.equal([
        'window-update',
      ]);
      const again = check([
        ...base,
        { from: 'c', ms: 50, flags: ['ACK'], sn: c, an: s + 100, window: 1000 },
        ...close(c, s + 100, 100),
      ]);
      expect(findings(again, 'accepted')).to.deep.equal([]);
      // Not a violation either: the same numbers as frame 5, a repeat RFC 9293 does not forbid.
      expect(
        findings(again, 'gap').map(({ f }) => f.kind === 'gap' && f.why === 'repeat' && [f.frame, f.of]),
      ).to.deep.equal([[6, 5]]);
    });

    it('a delayed ACK within 500 ms is accepted; one later is missing, one finding', () => {
      const c = IC + 1;
      const s = IS + 1;
      const rows = (ms: number): Row[] => [
        ...handshake,
        { from: 's', ms: 10, flags: ['ACK', 'PSH'], sn: s, an: c, data: 100 },
        { from: 'c', ms: 10 + ms, flags: ['ACK'], sn: c, an: s + 100 },
        ...close(c, s + 100, 2000),
      ];
      const ok = check(rows(200));
      expect(findings(ok, 'violation')).to.deep.equal([]);
      expect(findings(ok, 'accepted').map(({ f }) => f.kind === 'accepted' && f.allowance?.id)).to.deep.equal([
        'delayed-ack',
      ]);
      const late = findings(check(rows(900)), 'violation');
      expect(late.map(({ f }) => f.kind === 'violation' && [f.frame, f.what])).to.deep.equal([[4, 'missing']]);
    });
  });

  describe('what a finding says', () => {
    it('its labels, level and why; the report counts each class apart', () => {
      const rows = [
        ...handshake,
        ...download(3, IC + 1, 10, (i) => IS + 1 + 100 * (i + 1) - (i === 0 ? 10 : 0)),
        ...close(IC + 1, IS + 301, 100),
      ];
      const r = check(rows);
      const text = formatCheck('t.pcap', r);
      expect(text).to.match(/frame 5 \[H4\] client 10\.0\.0\.1:40000 in ESTABLISHED: established-data/);
      expect(text).to.match(
        / {4}labels \S.* \((MUST: a violation|no label: a violation, as for every unlabelled rule)\)/,
      );
      expect(text).to.match(/why: no behaviour RFC 9293 allows explains this segment/);
      expect(text).to.match(
        /1 violation of the rfc9293 profile's rules; 0 warnings, 0 capture gaps, 0 accepted variations$/,
      );
      const json = checkJson('t.pcap', r) as {
        counts: unknown;
        connections: { endpoints: { violations: object[] }[] }[];
      };
      expect(json.counts).to.deep.equal({ violation: 1, warning: 0, gap: 0, accepted: 0 });
      expect(json.connections[0]!.endpoints[0]!.violations[0]).to.include.keys('labels', 'level', 'differences');
    });

    it('never identical expected and got: equal lengths with other octets say where they part', () => {
      const seg = (data: string) => ({ flags: ['ACK'] as Flag[], seq: 1, ack: 2, payload: bytes(data) });
      const d = differences(seg('hello world'), seg('hello there'), {}).map((x) => render(x, 'en'));
      expect(d).to.deep.equal(['payload: expected octet 6: 77 6f 72 6c 64, got octet 6: 74 68 65 72 65']);
      // And in every trace above, each unexplained segment differs from what was expected.
      for (const rows of [
        [...handshake, ...download(4, IC + 1, 10, (i) => IS + 1 + 100 * (i + 1) - (i === 2 ? 1 : 0))],
        [...handshake, { from: 's', ms: 3, flags: ['ACK'], sn: IS, an: IC + 1 } as Row],
        // Data from the SYN's SN, then one the spec would send itself: the difference is the first's.
        // (A segment larger than the MSS was this case; it is judged as offload now, test/capture-point.test.ts.)
        [
          ...handshake,
          { from: 's', ms: 10, flags: ['ACK', 'PSH'], sn: IS, an: IC + 1, data: 100 } as Row,
          { from: 's', ms: 11, flags: ['ACK', 'PSH'], sn: IS + 1, an: IC + 1, data: 100 } as Row,
        ],
      ]) {
        const found = findings(check(rows), 'violation');
        expect(found, JSON.stringify(rows.at(-1))).to.not.be.empty;
        for (const { f } of found)
          if (f.kind === 'violation' && f.what === 'unexplained' && f.expected)
            expect(differences(f.expected, f.got!, {})).to.not.be.empty;
      }
    });
  });
});
