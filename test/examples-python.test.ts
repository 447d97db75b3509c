/**
 * The Python example (examples/python/) is what students copy to start, so it must keep
 * passing the whole suite; and its deliberately broken variant must keep failing where the
 * bug is planted (rule H2: the SYN+ACK acknowledges the client's SN instead of SN+1).
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { expectFullPass, runJson } from './helpers/cli.js';
import { planFirst } from './helpers/plan.js';

const runPython = (script: string) => runJson(['--exec', `python3 ${script}`]);

describe('examples/python', function () {
  this.timeout(120_000);
  planFirst();

  before(() => {
    const py = spawnSync('python3', ['--version'], { encoding: 'utf8' });
    if (py.error || py.status !== 0) throw new Error('python3 is needed to test examples/python/ but could not be run');
  });

  it('tcp_endpoint.py passes the whole memo suite', async () => {
    expectFullPass(await runPython('examples/python/tcp_endpoint.py'));
  });

  it("broken_tcp.py fails, under rule H2, at the SYN+ACK's acknowledgment number", async () => {
    const { status, report, stderr } = await runPython('examples/python/broken_tcp.py');
    expect(status, stderr).to.equal(1);
    expect(report.stats.failures).to.be.greaterThan(0);
    const titles = report.failures.map((t) => t.fullTitle);
    expect(titles.some((t) => t.includes('[H2'))).to.equal(true);
    const messages = report.failures.map((t) => t.err.message ?? '');
    expect(messages.some((m) => m.includes('AN: expected IRS+1'))).to.equal(true);
    // The bug is in the server's handshake only: no client-side test fails.
    expect(titles.filter((t) => t.includes('(IUT as client'))).to.deep.equal([]);
  });
});
