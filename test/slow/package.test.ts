/**
 * Installed as a dependency: the packed tarball, installed into a fresh project outside the
 * repository, runs the suite against the Python example it ships and against a TypeScript
 * adapter module written in that project (a CommonJS project, and an ES module one).
 */
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoCases, planFirst } from '../helpers/plan.js';

const total = () => memoCases().length;
/**
 * A project's own adapter: the reference with one bug (its SYN+ACK acknowledges one too few),
 * so a run that silently used some other implementation could not pass for this one.
 */
const ADAPTER = `import { ReferenceAdapter, seq, type Adapter, type Segment } from 'tcpconform';
class OffByOne extends ReferenceAdapter {
  override async deliver(segment: Segment) {
    const r = await super.deliver(segment);
    return { ...r, segments: r.segments.map((s) => (s.flags.includes('SYN') && s.flags.includes('ACK') ? { ...s, ack: seq.sub(s.ack, 1) } : s)) };
  }
}
export default (): Adapter => new OffByOne();
`;

describe('tcpconform installed from its packed tarball', function () {
  this.timeout(300_000);
  planFirst();
  let dir: string;
  let project: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tcpconform-test-pack-'));
    execFileSync('npm', ['pack', '--pack-destination', dir], { stdio: 'pipe' });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    project = join(dir, 'project');
    mkdirSync(project);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'student-project', version: '1.0.0', private: true }),
    );
    execFileSync('npm', ['install', '--save-dev', '--no-audit', '--no-fund', join(dir, tarball)], {
      cwd: project,
      stdio: 'pipe',
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const tcpconform = (...args: string[]) =>
    spawnSync('npx', ['--no-install', 'tcpconform', ...args], { cwd: project, encoding: 'utf8' });

  const example = (name: string) => `python3 ${join('node_modules', 'tcpconform', 'examples', 'python', name)}`;

  it('runs the whole suite against the shipped Python example, and its broken variant fails', () => {
    const r = tcpconform('run', '--reporter', 'json', '--exec', example('tcp_endpoint.py'));
    expect(r.status, r.stderr).to.equal(0);
    const report = JSON.parse(r.stdout) as { stats: { tests: number; passes: number } };
    expect(report.stats).to.include({ tests: total(), passes: total() });
    const broken = tcpconform('run', '--reporter', 'json', '--exec', example('broken_tcp.py'));
    expect(broken.status).to.equal(1);
  });

  for (const esm of [false, true]) {
    it(`runs a TypeScript adapter module from the project (${esm ? 'ES module' : 'CommonJS'} project)`, () => {
      const sub = join(project, esm ? 'esm' : 'cjs');
      mkdirSync(sub, { recursive: true });
      if (esm) writeFileSync(join(sub, 'package.json'), JSON.stringify({ type: 'module' }));
      writeFileSync(join(sub, 'adapter.ts'), ADAPTER);
      const r = tcpconform('run', '--reporter', 'json', '--module', join(sub, 'adapter.ts'));
      expect(r.status, r.stderr).to.equal(1);
      const report = JSON.parse(r.stdout) as { failures: { err: { message: string } }[] };
      expect(report.failures.length).to.be.greaterThan(0);
      expect(report.failures[0]!.err.message).to.match(/AN: expected IRS\+1 \(1000000001\), got IRS\+0 \(1000000000\)/);
    });
  }

  it('does not rewrite its own generated files when run from elsewhere', () => {
    const r = tcpconform('generate', '--check');
    expect(r.status, r.stderr).to.equal(0);
  });
});
