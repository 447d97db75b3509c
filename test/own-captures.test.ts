/**
 * The captures made on this machine (test/captures/, by make.sh): each row of
 * test/captures/expected.ts that `check` gets right today is asserted here (violations, the
 * rules each end passes); the rows it gets wrong are listed there with what it says instead,
 * and are not asserted.
 */
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSpec } from '../generator/index.js';
import { checkCapture, checkJson } from '../src/index.js';
import { EXPECTED } from './captures/expected.js';

const DIR = join('test', 'captures');

describe('our own captures (test/captures/)', function () {
  this.timeout(60_000);
  const spec = readSpec('spec');

  it('every capture in the directory has a row of expected findings, and every row a capture', () => {
    const files = readdirSync(DIR).filter((f) => /\.pcap(ng)?$/.test(f));
    expect([...files].sort()).to.deep.equal(EXPECTED.map((e) => e.file).sort());
    for (const e of EXPECTED) expect(existsSync(join(DIR, e.file)), e.file).to.equal(true);
  });

  for (const e of EXPECTED.filter((x) => x.wrongToday === undefined))
    it(`${e.file}: ${e.correct}`, () => {
      const r = checkCapture(readFileSync(join(DIR, e.file)), spec, 'rfc9293');
      expect(r.connections, e.file).to.have.length(1);
      expect(r.violations, e.file).to.equal(e.violations);
      // The rules as the report gives them, per end.
      const report = checkJson(e.file, r) as {
        connections: {
          endpoints: {
            role: 'client' | 'server';
            passed: string[];
            warnings: { what?: string; frames?: number[] }[];
          }[];
          capturePoint: { offload: string | null; oneSided: string | null };
        }[];
      };
      // Said once per connection: where the capture was taken, when it tells.
      const said = report.connections[0]!.capturePoint;
      if (e.says) expect([said.offload, said.oneSided].filter(Boolean), e.file).to.deep.equal([e.says]);
      else expect([said.offload, said.oneSided], e.file).to.deep.equal([null, null]);
      // Data beyond the peer's window: a warning against its sender, and only there.
      for (const end of report.connections[0]!.endpoints) {
        const frames = end.warnings.flatMap((w) => (w.what === 'beyond-window' ? (w.frames ?? []) : []));
        expect(frames, `${e.file} ${end.role} beyond the window`).to.deep.equal([...(e.beyond?.[end.role] ?? [])]);
      }
      for (const end of report.connections[0]!.endpoints)
        expect(end.passed, `${e.file} ${end.role}`).to.include.members([...(e.passes?.[end.role] ?? [])]);
    });
});
