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
import { generate } from '../generator/index.js';

const total = generate('spec').cases.length;
const ADAPTER = `import { ReferenceAdapter, type Adapter } from 'tcpconform';
export default (): Adapter => new ReferenceAdapter();
`;

describe('tcpconform installed from its packed tarball', function () {
  this.timeout(300_000);
  let dir: string;
  let project: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tcpconform-test-pack-'));
    execFileSync('npm', ['pack', '--pack-destination', dir], { stdio: 'pipe' });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    project = join(dir, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'student-project', version: '1.0.0', private: true }));
    execFileSync('npm', ['install', '--save-dev', '--no-audit', '--no-fund', join(dir, tarball)], { cwd: project, stdio: 'pipe' });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const tcpconform = (...args: string[]) =>
    spawnSync('npx', ['--no-install', 'tcpconform', ...args], { cwd: project, encoding: 'utf8' });

  it('runs the whole suite against the shipped Python example', () => {
    const r = tcpconform('run', '--reporter', 'json', '--exec', `python3 ${join('node_modules', 'tcpconform', 'examples', 'python', 'tcp_endpoint.py')}`);
    expect(r.status, r.stderr).to.equal(0);
    const report = JSON.parse(r.stdout) as { stats: { tests: number; passes: number } };
    expect(report.stats).to.include({ tests: total, passes: total });
  });

  for (const esm of [false, true]) {
    it(`runs a TypeScript adapter module from the project (${esm ? 'ES module' : 'CommonJS'} project)`, () => {
      const sub = join(project, esm ? 'esm' : 'cjs');
      mkdirSync(sub, { recursive: true });
      if (esm) writeFileSync(join(sub, 'package.json'), JSON.stringify({ type: 'module' }));
      writeFileSync(join(sub, 'adapter.ts'), ADAPTER);
      const r = tcpconform('run', '--reporter', 'json', '--module', join(sub, 'adapter.ts'));
      expect(r.status, r.stderr).to.equal(0);
      expect((JSON.parse(r.stdout) as { stats: { passes: number } }).stats.passes).to.equal(total);
    });
  }

  it('does not rewrite its own generated files when run from elsewhere', () => {
    const r = tcpconform('generate', '--check');
    expect(r.status, r.stderr).to.equal(0);
  });
});
