/**
 * What `check` finds, and under which profile and latitude: a memo rule's finding is the same
 * under every profile (rfc9293 only adds its own), and `--exact` makes each allowance's
 * acceptance a finding again. Each cause of a false finding on the dev captures
 * (docs/check-dev-findings.md) has its trace here, and so has the true finding it must keep.
 */
import { expect } from 'chai';
import { classOf, labelsOf, type CheckResult } from '../src/check/check.js';
import type { Finding } from '../src/check/checker.js';
import { check, findings, handshake, IC, IS, type Row, SPEC } from './helpers/check-trace.js';
import { cli } from './helpers/cli.js';

/** Every counted finding of a result: class, end, frame, and the rules it names. */
function counted(r: CheckResult): string[] {
  return r.connections.flatMap((c) =>
    (
      [
        ['client', c.client],
        ['server', c.server],
      ] as const
    ).flatMap(([role, e]) =>
      e.findings.flatMap((f: Finding) => {
        const cls = classOf(r.checker, f);
        if (!cls || cls === 'accepted') return [];
        const rules = f.kind === 'violation' ? (f.transition?.rules.join(' ') ?? '-') : '-';
        return [`${cls} ${role} ${f.frame} ${rules}`];
      }),
    ),
  );
}

/** A finding of a memo rule (not one only RFC 9293's machine has, nor one no rule names). */
const memoRule = (line: string) => !/ (-|RFC\.\S*)$/.test(line);

describe('check: a memo finding does not change with the profile', () => {
  const cases: Record<string, Row[]> = {
    // The server acknowledges one octet too many in its SYN+ACK, then goes on.
    'a wrong AN in the SYN+ACK': [
      { from: 'c', ms: 0, flags: ['SYN'], sn: IC, mss: 1460 },
      { from: 's', ms: 1, flags: ['SYN', 'ACK'], sn: IS, an: IC + 2, mss: 1460 },
      { from: 'c', ms: 2, flags: ['ACK'], sn: IC + 1, an: IS + 1 },
      { from: 'c', ms: 3, flags: ['ACK', 'PSH'], sn: IC + 1, an: IS + 1, data: 10 },
      { from: 's', ms: 4, flags: ['ACK'], sn: IS + 1, an: IC + 11 },
    ],
    // The server never acknowledges the client's data, which the client sends again.
    'data never acknowledged': [
      ...handshake,
      { from: 'c', ms: 10, flags: ['ACK', 'PSH'], sn: IC + 1, an: IS + 1, data: 10 },
      { from: 's', ms: 600, flags: ['ACK', 'PSH'], sn: IS + 1, an: IC + 1, data: 5 },
      { from: 'c', ms: 601, flags: ['ACK'], sn: IC + 11, an: IS + 6 },
    ],
  };
  it('an unanswered SYN to a server never seen: the same capture gap under both profiles, no verdict', () => {
    // LISTEN owes a SYN+ACK, CLOSED a RST; but the capture has nothing of the server (path.ts silent).
    const rows: Row[] = [
      { from: 'c', ms: 0, flags: ['SYN'], sn: IC, mss: 1460 },
      { from: 'c', ms: 900, flags: ['RST'], sn: IC + 1 },
    ];
    const memo = counted(check(rows, 'memo'));
    const rfc = counted(check(rows, 'rfc9293'));
    expect(rfc).to.include('gap server 1 -');
    expect(memo).to.include('gap server 1 -');
    expect(memo.filter(memoRule)).to.deep.equal(rfc.filter(memoRule));
  });
  for (const [name, rows] of Object.entries(cases))
    it(`${name}: memo reports exactly the rfc9293 profile's findings of memo rules`, () => {
      const memo = counted(check(rows, 'memo'));
      const rfc = counted(check(rows, 'rfc9293'));
      expect(rfc.filter(memoRule), 'some memo rule is broken here').not.to.deep.equal([]);
      expect(memo).to.deep.equal(rfc.filter(memoRule));
    });
});

describe('check --exact: without the latitude', function () {
  this.timeout(60_000);
  const json = async (file: string, ...more: string[]) => {
    const r = await cli(['check', file, '--profile', 'rfc9293', '--reporter', 'json', ...more]);
    return { status: r.status, report: JSON.parse(r.stdout) };
  };
  type Use = { allowance?: string | null };
  /** The departures accepted on an allowance (as variations or warnings), over both ends of every connection. */
  const allowed = (report: { connections: { endpoints: { accepted: Use[]; warnings: Use[] }[] }[] }) =>
    report.connections.flatMap((c) =>
      c.endpoints.flatMap((e) => [...e.accepted, ...e.warnings].filter((a) => typeof a.allowance === 'string')),
    );

  for (const file of ['test/captures/veth-offload-on.pcap', 'test/captures/beyond-window.pcap'])
    it(`${file}: each acceptance of an allowance (but a delay) is a finding again`, async () => {
      const loose = await json(file);
      const exact = await json(file, '--exact');
      const kept = allowed(loose.report).filter((a) => a.allowance !== 'delayed-ack');
      expect(kept, 'the capture uses some latitude').not.to.deep.equal([]);
      // A capture cannot tell the endpoint's delay from the path's: only a delay stays accepted.
      expect(allowed(exact.report).map((a) => a.allowance)).to.satisfy((xs: string[]) =>
        xs.every((x) => x === 'delayed-ack'),
      );
      // Each one departs from the spec's one behaviour, which only the latitude let pass.
      expect(exact.report.counts.violation).to.be.at.least(loose.report.counts.violation + kept.length);
      expect(exact.status).to.equal(exact.report.counts.violation > 0 ? 1 : 0);
    });

  it('is in the usage', async () => {
    const r = await cli(['help']);
    expect(r.stdout + r.stderr).to.match(/check FILE [^\n]*\[--exact\]/);
  });
});

/** The findings of one class as `end frame` (and why, for a gap). */
function where(r: CheckResult, cls: 'violation' | 'gap'): string[] {
  return findings(r, cls).map(({ role, f }) => `${role} ${f.frame}${f.kind === 'gap' ? ` ${f.why}` : ''}`);
}

describe('check: what the path did after the capture point is a capture gap', () => {
  // The client's data (frame 4) is lost on the way; the client sends it again 1 s later (frame 5).
  const lost: Row[] = [
    ...handshake,
    { from: 'c', ms: 10, flags: ['ACK', 'PSH'], sn: IC + 1, an: IS + 1, data: 10 },
    { from: 'c', ms: 1010, flags: ['ACK', 'PSH'], sn: IC + 1, an: IS + 1, data: 10 },
    { from: 's', ms: 1011, flags: ['ACK'], sn: IS + 1, an: IC + 11 },
  ];
  it('an input its sender sent again went unanswered: lost, not a missing ACK (ndpi/nest_log_sink.pcap)', () => {
    const r = check(lost);
    expect(where(r, 'violation')).to.deep.equal([]);
    expect(where(r, 'gap')).to.deep.equal(['server 4 lost']);
  });
  it('an input never sent again and never answered is still a missing ACK', () => {
    const r = check([...lost.slice(0, 4), { from: 'c', ms: 1010, flags: ['ACK'], sn: IC + 11, an: IS + 1 }]);
    expect(where(r, 'violation')).to.include('server 4');
  });
  it('an unanswered SYN sent again to a server never seen: silent, under both profiles (ndpi/android.pcap)', () => {
    const rows: Row[] = [
      { from: 'c', ms: 0, flags: ['SYN'], sn: IC, mss: 1460 },
      { from: 'c', ms: 1000, flags: ['SYN'], sn: IC, mss: 1460 },
      { from: 'c', ms: 3000, flags: ['SYN'], sn: IC, mss: 1460 },
    ];
    for (const profile of ['memo', 'rfc9293'] as const) {
      const r = check(rows, profile);
      expect(where(r, 'violation'), profile).to.deep.equal([]);
      // Nothing shows the SYN reached the server, nor that only a copy was lost (path.ts silent).
      expect(where(r, 'gap'), profile).to.include('server 1 silent');
    }
  });

  // The network duplicates segments: the SYN+ACK arrives twice 0.1 ms apart (frames 2 and 3).
  const duplicating: Row[] = [
    { from: 'c', ms: 0, flags: ['SYN'], sn: IC, mss: 1460 },
    { from: 's', ms: 1, flags: ['SYN', 'ACK'], sn: IS, an: IC + 1, mss: 1460 },
    { from: 's', ms: 1.1, flags: ['SYN', 'ACK'], sn: IS, an: IC + 1, mss: 1460 },
    { from: 'c', ms: 2, flags: ['ACK'], sn: IC + 1, an: IS + 1 },
    { from: 'c', ms: 3, flags: ['ACK', 'PSH'], sn: IC + 1, an: IS + 1, data: 10 },
    { from: 's', ms: 4, flags: ['ACK', 'PSH'], sn: IS + 1, an: IC + 11, data: 5 },
    { from: 'c', ms: 5, flags: ['ACK'], sn: IC + 11, an: IS + 6 },
    // A copy of frame 5 reached the server after the capture point; it answers it at once.
    { from: 's', ms: 5.5, flags: ['ACK'], sn: IS + 6, an: IC + 11 },
    { from: 'c', ms: 6, flags: ['ACK', 'PSH'], sn: IC + 11, an: IS + 6, data: 10 },
    { from: 's', ms: 7, flags: ['ACK'], sn: IS + 6, an: IC + 21 },
  ];
  it('on a path that duplicates, an ACK from where the endpoint is answers a copy the capture missed (ndpi/fix2.pcap)', () => {
    const r = check(duplicating);
    expect(where(r, 'violation')).to.deep.equal([]);
    expect(where(r, 'gap')).to.deep.equal(['server 8 duplicated']);
  });
  it('without copies in the capture, the same ACK is no gap but a duplicate ACK sent besides; an ACK from elsewhere is a violation', () => {
    const plain = check(duplicating.filter((_, i) => i !== 2));
    expect(where(plain, 'gap')).to.deep.equal([]);
    // No MUST forbids an extra ACK from where the endpoint is: a warning (extra_ack).
    expect(
      findings(plain, 'warning').map(({ role, f }) => `${role} ${f.frame} ${f.kind === 'accepted' && f.how}`),
    ).to.deep.equal(['server 7 extra-ack']);
    const wrong = duplicating.map((row, i) => (i === 7 ? { ...row, an: IC + 5 } : row));
    expect(where(check(wrong), 'violation')).to.deep.equal(['server 8']);
  });
});

describe('check: ssh.pcap, data lost after the capture point and sent again with the FIN', () => {
  // The client sends 10 octets and its FIN; the data is lost on the way (the capture is at the
  // client), the FIN arrives: the server acknowledges up to the hole. The client sends the data
  // again with the FIN riding on it; the server acknowledges all and closes.
  const rows: Row[] = [
    ...handshake,
    { from: 'c', ms: 10, flags: ['ACK', 'PSH'], sn: IC + 1, an: IS + 1, data: 10 },
    { from: 'c', ms: 11, flags: ['FIN', 'ACK'], sn: IC + 11, an: IS + 1 },
    { from: 's', ms: 40, flags: ['ACK'], sn: IS + 1, an: IC + 1 },
    { from: 'c', ms: 41, flags: ['FIN', 'ACK', 'PSH'], sn: IC + 1, an: IS + 1, data: 10 },
    { from: 's', ms: 70, flags: ['ACK'], sn: IS + 1, an: IC + 12 },
    { from: 's', ms: 71, flags: ['FIN', 'ACK'], sn: IS + 1, an: IC + 12 },
    { from: 'c', ms: 72, flags: ['ACK'], sn: IC + 12, an: IS + 2 },
  ];
  it('the ACK at the hole is a gap (the data lost), the FIN on the data an accepted variation', () => {
    const r = check(rows);
    expect(where(r, 'violation')).to.deep.equal([]);
    expect(where(r, 'gap')).to.deep.equal(['server 4 lost']);
    const fin = findings(r, 'accepted').filter(({ f }) => f.kind === 'accepted' && f.how === 'data-with-fin');
    expect(fin.map(({ role, f }) => `${role} ${f.frame}`)).to.deep.equal(['client 7']);
  });
  it('the FIN on other data than the last, or an ACK elsewhere than the hole, is still a violation', () => {
    const short = rows.map((row, i) => (i === 6 ? { ...row, data: 9 } : row));
    expect(where(check(short), 'violation')).to.include('client 7');
    const past = rows.map((row, i) => (i === 5 ? { ...row, an: IC + 2 } : row));
    expect(where(check(past), 'violation')).to.include('server 6');
  });
  it('--exact: the FIN on the data is a violation again', () => {
    // A tail loss probe (check allows one to any endpoint) explains the same segment: off too.
    const off = new Set(['data_with_fin', 'tail_loss_probe']);
    const exact = { ...SPEC, latitude: SPEC.latitude.filter((a) => !off.has(a.allows)) };
    expect(where(check(rows, 'rfc9293', exact), 'violation')).to.deep.equal(['client 7']);
  });
});

describe('check: nest_log_sink.pcap, keep-alives both ways', () => {
  // The client probes every 60 s; the server (Linux) probes 120 s after the last acceptable
  // segment it received, right after a probe of the client's, which it answers and drops.
  const probe = (from: 'c' | 's', ms: number): Row =>
    from === 'c'
      ? { from, ms, flags: ['ACK'], sn: IC + 10, an: IS + 6 }
      : { from, ms, flags: ['ACK'], sn: IS + 5, an: IC + 11 };
  const answer = (from: 'c' | 's', ms: number): Row =>
    from === 's'
      ? { from, ms, flags: ['ACK'], sn: IS + 6, an: IC + 11 }
      : { from, ms, flags: ['ACK'], sn: IC + 11, an: IS + 6 };
  const rows: Row[] = [
    ...handshake,
    { from: 'c', ms: 10, flags: ['ACK', 'PSH'], sn: IC + 1, an: IS + 1, data: 10 },
    { from: 's', ms: 20, flags: ['ACK', 'PSH'], sn: IS + 1, an: IC + 11, data: 5 },
    { from: 'c', ms: 30, flags: ['ACK'], sn: IC + 11, an: IS + 6 },
    probe('c', 60_030),
    answer('s', 60_100),
    probe('c', 120_030),
    probe('s', 120_031),
    answer('s', 120_032),
    answer('c', 120_033),
  ];
  it("a probe sent right after the peer's probe is a keep-alive, not a wrong answer", () => {
    const r = check(rows);
    expect(where(r, 'violation')).to.deep.equal([]);
    const probes = findings(r, 'accepted').filter(({ f }) => f.kind === 'accepted' && f.how === 'keep-alive');
    expect(probes.map(({ role, f }) => `${role} ${f.frame}`)).to.deep.equal(['client 7', 'client 9', 'server 10']);
  });
  it('a probe right after data from the peer is still a violation', () => {
    const data: Row = { from: 'c', ms: 120_030, flags: ['ACK', 'PSH'], sn: IC + 11, an: IS + 6, data: 1 };
    const r = check([...rows.slice(0, 8), data, { ...probe('s', 120_031), an: IC + 12 }]);
    expect(where(r, 'violation')).to.include('server 10');
  });
  it('a capture that starts at a probe starts its sender at SND.NXT, one past the probe', () => {
    const r = check(rows.slice(6));
    expect(where(r, 'violation')).to.deep.equal([]);
  });
});

describe('check: 443-curl.pcap, data after a close answered with a RST (half-duplex close)', () => {
  // The client sends its last data and closes; the server's answer crosses the FIN. The client's
  // application is gone: it refuses the data with a RST from the data's AN (as for a connection
  // it no longer has), and answers the next segment, the server's FIN, as CLOSED.
  const rows: Row[] = [
    ...handshake,
    { from: 'c', ms: 10, flags: ['ACK', 'PSH'], sn: IC + 1, an: IS + 1, data: 10 },
    { from: 'c', ms: 11, flags: ['FIN', 'ACK'], sn: IC + 11, an: IS + 1 },
    { from: 's', ms: 20, flags: ['ACK', 'PSH'], sn: IS + 1, an: IC + 11, data: 20 },
    { from: 's', ms: 20.1, flags: ['FIN', 'ACK'], sn: IS + 21, an: IC + 11 },
    { from: 'c', ms: 21, flags: ['RST'], sn: IC + 11 },
    { from: 'c', ms: 21.1, flags: ['RST'], sn: IC + 11 },
  ];
  it('the RST is an accepted variation citing MAY-1 and SHLD-3; the next RST is CLOSED answering', () => {
    const r = check(rows);
    expect(where(r, 'violation')).to.deep.equal([]);
    const refused = findings(r, 'accepted').filter(({ f }) => f.kind === 'accepted' && f.how === 'rst-after-close');
    expect(refused.map(({ role, f }) => `${role} ${f.frame}`)).to.deep.equal(['client 8']);
    const f = refused[0]!.f;
    expect(f.kind === 'accepted' && f.allowance?.labels).to.deep.equal(['MAY-1', 'SHLD-3']);
  });
  it("a RST with another SN than SND.NXT or the data's AN is still a violation", () => {
    const wrong = rows.map((row, i) => (i === 7 ? { ...row, sn: IC + 5 } : row));
    expect(where(check(wrong), 'violation')).to.include('client 8');
  });
  it('--exact: the RST is a violation', () => {
    const exact = { ...SPEC, latitude: SPEC.latitude.filter((a) => a.allows !== 'rst_after_close') };
    expect(where(check(rows, 'rfc9293', exact), 'violation')).to.include('client 8');
  });
});

describe('check: tfo-5c1fa7f9ae91.pcap, data on the SYN', () => {
  // TCP Fast Open: the client's SYN carries 4 octets, which the server acknowledges in its SYN+ACK.
  const rows: Row[] = [
    { from: 'c', ms: 0, flags: ['SYN'], sn: IC, mss: 1460, data: 4 },
    { from: 's', ms: 1, flags: ['SYN', 'ACK'], sn: IS, an: IC + 5, mss: 1460 },
    { from: 'c', ms: 2, flags: ['ACK'], sn: IC + 5, an: IS + 1 },
    { from: 'c', ms: 3, flags: ['ACK', 'PSH'], sn: IC + 5, an: IS + 1, data: 10 },
  ];
  it("is no finding of the client's: RFC 9293 §3.5 calls it legitimate", () => {
    const r = check(rows);
    expect(where(r, 'violation').filter((x) => x.startsWith('client'))).to.deep.equal([]);
    const syn = findings(r, 'accepted').filter(({ f }) => f.kind === 'accepted' && f.how === 'syn-data');
    expect(syn.map(({ role, f }) => `${role} ${f.frame}`)).to.deep.equal(['client 1']);
  });
  it('without the MSS option the SYN is a SHLD-5 warning, not a violation', () => {
    const { mss: _, ...bare } = rows[0]!;
    const r = check([bare, ...rows.slice(1)]);
    expect(where(r, 'violation').filter((x) => x.startsWith('client'))).to.deep.equal([]);
    expect(findings(r, 'warning').map(({ role, f }) => `${role} ${f.frame}`)).to.deep.equal(['client 1']);
  });
});

describe('check: fix2.pcap, an endpoint that keeps no TIME_WAIT', () => {
  // The client closes first and acknowledges the server's FIN, then answers every later
  // segment with a RST as a host with no connection does: it left TIME_WAIT at once (MUST-13).
  const rows: Row[] = [
    ...handshake,
    { from: 'c', ms: 10, flags: ['FIN', 'ACK'], sn: IC + 1, an: IS + 1 },
    { from: 's', ms: 11, flags: ['FIN', 'ACK'], sn: IS + 1, an: IC + 2 },
    { from: 'c', ms: 12, flags: ['ACK'], sn: IC + 2, an: IS + 2 },
    { from: 's', ms: 13, flags: ['ACK'], sn: IS + 2, an: IC + 2 },
    { from: 'c', ms: 14, flags: ['RST', 'ACK'], sn: IC + 2, an: IS + 2 },
    { from: 's', ms: 15, flags: ['ACK'], sn: IS + 2, an: IC + 2 },
    { from: 'c', ms: 16, flags: ['RST', 'ACK'], sn: IC + 2, an: IS + 2 },
    { from: 's', ms: 17, flags: ['ACK', 'PSH'], sn: IS + 2, an: IC + 1, data: 5 },
    { from: 'c', ms: 18, flags: ['RST', 'ACK'], sn: IC + 1, an: IS + 7 },
  ];
  it('is one violation, at its first RST; the RSTs after it answer as CLOSED', () => {
    expect(where(check(rows), 'violation').filter((x) => x.startsWith('client'))).to.deep.equal(['client 8']);
  });
  it("names the rule it broke, TIME_WAIT's 2 MSL (W4.2msl, MUST-13), under both profiles", () => {
    for (const profile of ['memo', 'rfc9293'] as const) {
      const r = check(rows, profile);
      expect(
        counted(r).filter((x) => x.includes(' client ')),
        profile,
      ).to.include('violation client 8 W4.2msl');
      const f = r.connections[0]!.client.findings.find((x) => x.kind === 'violation')!;
      expect(f.kind === 'violation' && labelsOf(r.checker, f), profile).to.deep.equal(['MUST-13']);
    }
  });
  it('a RST from ESTABLISHED, which no timer ends silently, names no such rule', () => {
    const early = [...handshake, { from: 'c', ms: 10, flags: ['RST', 'ACK'], sn: IC + 5, an: IS + 1 } as Row];
    expect(counted(check(early)).join()).not.to.include('W4.2msl');
  });
});

describe('check: iphone.pcap, a keep-alive probe after a short idle time', () => {
  // The client (iOS) sends its request, the server answers, the client acknowledges; 0.6 s after
  // the last segment it received, the client sends a probe (SN = SND.NXT - 1, no data), which the
  // server answers with an ACK. MUST-27 makes the interval configurable with no floor.
  const probe = (ms: number): Row[] => [
    { from: 'c', ms, flags: ['ACK'], sn: IC + 10, an: IS + 101 },
    { from: 's', ms: ms + 35, flags: ['ACK'], sn: IS + 101, an: IC + 11 },
  ];
  const rows = (idle: number): Row[] => [
    ...handshake,
    { from: 'c', ms: 10, flags: ['ACK', 'PSH'], sn: IC + 1, an: IS + 1, data: 10 },
    { from: 's', ms: 40, flags: ['ACK', 'PSH'], sn: IS + 1, an: IC + 11, data: 100 },
    { from: 'c', ms: 150, flags: ['ACK'], sn: IC + 11, an: IS + 101 },
    ...probe(40 + idle),
  ];
  it('0.6 s after the last segment received it is a keep-alive, not a wrong ACK', () => {
    const r = check(rows(620));
    expect(where(r, 'violation')).to.deep.equal([]);
    const probes = findings(r, 'accepted').filter(({ f }) => f.kind === 'accepted' && f.how === 'keep-alive');
    expect(probes.map(({ role, f }) => `${role} ${f.frame}`)).to.deep.equal(['client 7']);
  });
  it('sooner than any answer is due, the same segment is still a violation', () => {
    expect(where(check(rows(300)), 'violation')).to.deep.equal(['client 7']);
  });
});

describe('check: teams.pcap, an extra duplicate ACK before the ACK of the FIN', () => {
  // The server sends its last data and its FIN; the client acknowledges both and closes. The
  // server sends a pure ACK that acknowledges nothing new (frame 9), then the ACK of the
  // client's FIN (frame 10): one departure, the extra segment, not two.
  const rows: Row[] = [
    ...handshake,
    { from: 's', ms: 10, flags: ['ACK', 'PSH'], sn: IS + 1, an: IC + 1, data: 31 },
    { from: 's', ms: 10.1, flags: ['FIN', 'ACK'], sn: IS + 32, an: IC + 1 },
    { from: 'c', ms: 10.2, flags: ['ACK'], sn: IC + 1, an: IS + 32 },
    { from: 'c', ms: 10.3, flags: ['ACK'], sn: IC + 1, an: IS + 33 },
    { from: 'c', ms: 10.4, flags: ['FIN', 'ACK'], sn: IC + 1, an: IS + 33 },
    { from: 's', ms: 65, flags: ['ACK'], sn: IS + 33, an: IC + 1 },
    { from: 's', ms: 65.1, flags: ['ACK'], sn: IS + 33, an: IC + 2 },
  ];
  /** The exact latitude less the pure ACK sent besides (extra_ack). */
  const noExtra = { ...SPEC, latitude: SPEC.latitude.filter((a) => a.allows !== 'extra_ack') };
  it('the extra ACK is one warning (no MUST forbids acknowledging); the ACK owed after it is the answer', () => {
    expect(counted(check(rows)).filter((x) => x.includes(' server '))).to.deep.equal(['warning server 9 -']);
    const extra = findings(check(rows), 'warning').map(({ f }) => f.kind === 'accepted' && f.how);
    expect(extra).to.deep.equal(['extra-ack']);
  });
  it('without the extra_ack allowance it is one violation, not two', () => {
    expect(counted(check(rows, 'rfc9293', noExtra)).filter((x) => x.includes(' server '))).to.deep.equal([
      'violation server 9 W4 W2.notify',
    ]);
  });
  it('an ACK below the AN it sent before, or from elsewhere than SND.NXT, is still a violation', () => {
    for (const wrong of [{ an: IC }, { sn: IS + 32 }]) {
      const r = check(rows.map((row, i) => (i === 8 ? { ...row, ...wrong } : row)));
      expect(where(r, 'violation'), JSON.stringify(wrong)).to.include('server 9');
    }
  });
  it('the ACK of the FIN never sent after it is still a violation: what was owed is still owed', () => {
    const r = check([...rows.slice(0, 9), { from: 'c', ms: 700, flags: ['ACK'], sn: IC + 2, an: IS + 33 }]);
    expect(where(r, 'violation')).to.include('server 8');
  });
});
