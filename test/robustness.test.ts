/**
 * Broken implementations never break the run. Each misbehaviour has a purpose-built fixture
 * (test/fixtures/iut/reference-over-jsonl.ts --misbehave=KIND): the test that meets it fails
 * naming what happened, the implementation is restarted where the exchange broke (a malformed
 * reply to the request asked needs no restart: test/hangs.test.ts), every other test still runs
 * and passes, and the report is complete.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, runJson } from './helpers/cli.js';
import { memoCases, planFirst } from './helpers/plan.js';

const total = () => memoCases().length;

const FIXTURE = 'node --import tsx test/fixtures/iut/reference-over-jsonl.ts';

/** A run whose start fails prints no report: stdout and stderr as they are (in this process). */
const startRun = (exec: string) => cli(['run', '--reporter', 'json', '--exec', exec]);

describe('broken implementations never break the run', function () {
  this.timeout(120_000);
  planFirst();
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'tcpconform-test-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cases: [string, RegExp][] = [
    ['hang', /the implementation did not answer .* within 300 ms/],
    [
      'crash',
      /the implementation exited with code 3[\s\S]*last stderr lines:[\s\S]*about to crash: simulated failure in handle_segment\(\)/,
    ],
    ['not-json', /with a line that is not JSON: "this is not JSON \{"/],
    ['unknown-message', /malformed or unknown message .*"\{\\"in_reply_to\\":\d+,\\"type\\":\\"bonjour\\"\}"/],
    ['malformed', /malformed or unknown message \(.*segments\.0\.seq\)/],
    ['flood', /flooded its output: more than 1048576 bytes without a newline/],
    ['wrong-reply', /answered request \d+ while request \d+ \(.*\) was waiting/],
  ];
  for (const [kind, message] of cases) {
    it(`${kind}: that test fails saying so, the rest run and pass, the report is complete`, async () => {
      const { status, report, stderr } = await runJson([
        '--exec',
        `${FIXTURE} --misbehave=${kind} --once=${join(dir, kind)}`,
        '--timeout',
        // Only the hang waits out the timeout. On a loaded machine restarting the fixture or
        // writing a megabyte through a pipe can take longer than 300 ms, and the misbehaviour
        // must be what fails the test, not the wait for a reply.
        kind === 'hang' ? '300' : '10000',
      ]);
      expect(status, stderr).to.equal(1);
      expect(report.stats.tests).to.equal(total());
      expect(report.stats.failures).to.equal(1);
      expect(report.stats.passes).to.equal(total() - 1);
      expect(report.failures[0]!.err.message).to.match(message);
    });
  }

  it('the report is written even when the implementation crashes mid-test', async () => {
    const out = join(dir, 'crash-report.xml');
    const r = await cli([
      'run',
      '--reporter',
      'junit',
      '--output',
      out,
      '--exec',
      `${FIXTURE} --misbehave=crash --once=${join(dir, 'crash-report')}`,
    ]);
    expect(r.status).to.equal(1);
    const xml = readFileSync(out, 'utf8');
    expect(xml.match(/<testcase /g)!.length).to.equal(total());
    // The crash is blamed on the step it happened at: a violation there, or blocked in a setup.
    expect(xml).to.match(
      /<failure message="[^"]*" type="(violation|blocked)">[^<]*the implementation exited with code 3[^<]*the exchange at step/,
    );
  });

  it('an implementation that never answers init: exit 2 with one line', async () => {
    const r = await startRun(`${FIXTURE} --misbehave=no-init`);
    expect(r.status).to.equal(2);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.match(
      /^tcpconform: the implementation \(`.*`\) did not answer init \(request 0\) within 5000 ms\n$/,
    );
  });

  it('an implementation that does not start: exit 2 with one line', async () => {
    const r = await startRun('/nonexistent/tcp-program --flag');
    expect(r.status).to.equal(2);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.match(
      /^tcpconform: the implementation \(`\/nonexistent\/tcp-program --flag`\) (exited with code 127|closed its output).*not found.*\n$/,
    );
  });

  it('--connect to a port where nothing listens: exit 2 with one line', async () => {
    const r = await cli(['run', '--connect', '127.0.0.1:1']);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.match(
      /^tcpconform: the implementation \(127\.0\.0\.1:1\) cannot be started: connect ECONNREFUSED 127\.0\.0\.1:1\n$/,
    );
  });
});
