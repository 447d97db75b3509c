/**
 * Broken implementations never break the run. Each misbehaviour has a purpose-built fixture
 * (test/fixtures/iut/reference-over-jsonl.ts --misbehave=KIND): the test that meets it fails
 * naming what happened, the implementation is restarted, every other test still runs and
 * passes, and the report is complete.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from '../generator/index.js';

const CLI = join(process.cwd(), 'bin', 'tcpconform.js');
const FIXTURE = 'node --import tsx test/fixtures/iut/reference-over-jsonl.ts';
const total = generate('spec').cases.length;

interface Report {
  stats: { tests: number; passes: number; failures: number; pending: number };
  failures: { fullTitle: string; err: { message: string } }[];
}

function run(exec: string, ...extra: string[]) {
  return spawnSync(process.execPath, [CLI, 'run', '--reporter', 'json', '--exec', exec, ...extra], { encoding: 'utf8', timeout: 120_000 });
}

describe('broken implementations never break the run', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'tcpconform-test-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cases: [string, RegExp][] = [
    ['hang', /the implementation did not answer .* within 300 ms/],
    ['crash', /the implementation exited with code 3[\s\S]*last stderr lines:[\s\S]*about to crash: simulated failure in handle_segment\(\)/],
    ['not-json', /with a line that is not JSON: "this is not JSON \{"/],
    ['unknown-message', /malformed or unknown message .*"\{\\"in_reply_to\\":\d+,\\"type\\":\\"bonjour\\"\}"/],
    ['malformed', /malformed or unknown message \(.*segments\.0\.seq\)/],
    ['flood', /flooded its output: more than 1048576 bytes without a newline/],
    ['wrong-reply', /answered request \d+ while request \d+ \(.*\) was waiting/],
  ];
  for (const [kind, message] of cases) {
    it(`${kind}: that test fails saying so, the rest run and pass, the report is complete`, () => {
      const r = run(`${FIXTURE} --misbehave=${kind} --once=${join(dir, kind)}`, '--timeout', '300');
      expect(r.status, r.stderr).to.equal(1);
      const report = JSON.parse(r.stdout) as Report;
      expect(report.stats.tests).to.equal(total);
      expect(report.stats.failures).to.equal(1);
      expect(report.stats.passes).to.equal(total - 1);
      expect(report.failures[0]!.err.message).to.match(message);
    });
  }

  it('the report is written even when the implementation crashes mid-test', () => {
    const out = join(dir, 'crash-report.xml');
    const r = spawnSync(process.execPath, [CLI, 'run', '--reporter', 'junit', '--output', out, '--exec', `${FIXTURE} --misbehave=crash --once=${join(dir, 'crash-report')}`], { encoding: 'utf8' });
    expect(r.status).to.equal(1);
    const xml = readFileSync(out, 'utf8');
    expect(xml.match(/<testcase /g)!.length).to.equal(total);
    expect(xml).to.match(/<failure message="[^"]*" type="conformance">[^<]*the implementation exited with code 3/);
  });

  it('an implementation that never answers init: exit 2 with one line', () => {
    const r = run(`${FIXTURE} --misbehave=no-init`);
    expect(r.status).to.equal(2);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.match(/^tcpconform: the implementation \(`.*`\) did not answer init \(request 0\) within 5000 ms\n$/);
  });

  it('an implementation that does not start: exit 2 with one line', () => {
    const r = run('/nonexistent/tcp-program --flag');
    expect(r.status).to.equal(2);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.match(/^tcpconform: the implementation \(`\/nonexistent\/tcp-program --flag`\) (exited with code 127|closed its output).*not found.*\n$/);
  });

  it('--connect to a port where nothing listens: exit 2 with one line', () => {
    const r = spawnSync(process.execPath, [CLI, 'run', '--connect', '127.0.0.1:1'], { encoding: 'utf8' });
    expect(r.status).to.equal(2);
    expect(r.stderr).to.match(/^tcpconform: cannot start the implementation \(127\.0\.0\.1:1\): connect ECONNREFUSED 127\.0\.0\.1:1\n$/);
  });
});
