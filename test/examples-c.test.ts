/**
 * The C example (examples/c/) is what students copy to start, so it must keep passing the whole
 * suite; and its deliberately broken variant (built from the same source with
 * -DBROKEN_NO_FIN_WAIT_2: on the ACK of its FIN it stays in FIN_WAIT_1) must keep failing
 * exactly where the bug is planted: rule W2.ack, and the rules whose tests go through
 * FIN_WAIT_2 (W4, W4.2msl, W2.halfclose after the FIN is acknowledged).
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expectFullPass, runJson } from './helpers/cli.js';
import { planFirst } from './helpers/plan.js';

const EXAMPLE_DIR = join('examples', 'c');

const runSuite = (binary: string) => runJson(['--exec', join(EXAMPLE_DIR, binary)]);

/** The rule IDs a test's title starts with: "data (spec/data.yaml) [W4 W2.notify] ..." -> ["W4", "W2.notify"]. */
function rulesOf(fullTitle: string): string[] {
  const m = /\[([\w. ]+)\]/.exec(fullTitle);
  if (!m) throw new Error(`test title without rule IDs: ${fullTitle}`);
  return m[1]!.split(' ');
}

describe('examples/c', function () {
  this.timeout(180_000);
  planFirst();

  before(() => {
    const r = spawnSync('make', ['-C', EXAMPLE_DIR], { encoding: 'utf8' });
    if (r.error) throw new Error(`cannot run make to build ${EXAMPLE_DIR}/: ${r.error.message}`);
    if (r.status !== 0) throw new Error(`make -C ${EXAMPLE_DIR} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  });

  it('tcp_endpoint passes the whole memo suite', async () => {
    expectFullPass(await runSuite('tcp_endpoint'));
  });

  it('broken_tcp fails rule W2.ack, and only the tests that go through FIN_WAIT_2', async () => {
    const { status, report, stderr } = await runSuite('broken_tcp');
    expect(status, stderr).to.equal(1);
    expect(report.stats.pending).to.equal(0);
    expect(report.stats.passes).to.be.greaterThan(0);
    expect(report.stats.failures).to.equal(report.failures.length);

    // Every test of the planted rules fails: W2.ack at its own step (the state stays
    // FIN_WAIT_1), W4 while setting up, since its FIN_WAIT_2 is never reached.
    const failed = new Set(report.failures.map((t) => t.fullTitle));
    for (const rule of ['W2.ack', 'W4']) {
      const tests = report.tests.filter((t) => rulesOf(t.fullTitle)[0] === rule);
      expect(tests.length, `tests of rule ${rule}`).to.be.greaterThan(0);
      expect(
        tests.filter((t) => !failed.has(t.fullTitle)).map((t) => t.fullTitle),
        `passing ${rule} tests`,
      ).to.deep.equal([]);
    }
    // Nothing else is broken: the handshake, data before the close and the passive close all
    // pass; and every failure has one cause, the state the planted bug leaves the endpoint in.
    const planted = ['W2.ack', 'W4', 'W4.2msl', 'W2.halfclose'];
    for (const t of report.failures) {
      const rules = rulesOf(t.fullTitle);
      expect(planted, t.fullTitle).to.include(rules[0]);
      if (rules[0] === 'W2.halfclose') expect(t.fullTitle).to.include('FIN_WAIT_2 + ');
      expect(t.err.message ?? '', `failure message of ${t.fullTitle}`).to.match(/expected FIN_WAIT_2, got FIN_WAIT_1/);
    }
  });
});
