/**
 * What `check` finds, and under which profile and latitude: a memo rule's finding is the same
 * under every profile (rfc9293 only adds its own), and `--exact` makes each allowance's
 * acceptance a finding again. Each cause of a false finding on the dev captures
 * (docs/check-dev-findings.md) has its trace here, and so has the true finding it must keep.
 */
import { expect } from 'chai';
import { classOf, type CheckResult } from '../src/check/check.js';
import type { Finding } from '../src/check/checker.js';
import { check, handshake, IC, IS, type Row } from './helpers/check-trace.js';
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
    // The server never answers the SYN (LISTEN owes a SYN+ACK, CLOSED a RST); the client gives up.
    'an unanswered SYN': [
      { from: 'c', ms: 0, flags: ['SYN'], sn: IC, mss: 1460 },
      { from: 'c', ms: 900, flags: ['RST'], sn: IC + 1 },
    ],
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
