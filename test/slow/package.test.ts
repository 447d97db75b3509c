/**
 * Installed as a dependency: the packed tarball (built by `prepare`), installed into a fresh
 * project outside the repository, runs from its compiled dist/: `npx tcpconform run`, the
 * suite against the Python example it ships and against a TypeScript adapter module written
 * in that project (a CommonJS project, and an ES module one); plain Node imports it; and a
 * strict TypeScript file that uses its types compiles.
 */
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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

  it("npx tcpconform run passes from dist/ with the plan it ships; other plans go to the project's tool cache", () => {
    const r = tcpconform('run');
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.match(new RegExp(`^  ${total()} passing`, 'm'));
    expect(r.stdout).to.not.match(/^ {2}\d+ (failing|pending)$/m);
    const cache = join(project, 'node_modules', '.cache', 'tcpconform', 'plan');
    expect(existsSync(cache), 'planned, though the memo plan is shipped').to.equal(false);
    // coverage reads every profile's plan; the rfc9293 one is made once and cached where a tool's
    // cache belongs, not in the project's sources nor in the package.
    const cov = tcpconform('coverage');
    expect(cov.status, cov.stderr).to.equal(0);
    expect(readdirSync(cache).filter((n) => /^[0-9a-f]{64}$/.test(n))).to.have.length(1);
    expect(readdirSync(project).sort()).to.deep.equal(['node_modules', 'package-lock.json', 'package.json']);
    expect(readdirSync(join(project, 'node_modules', 'tcpconform'))).to.not.include('node_modules');
  });

  it('runs compiled (bin/tcpconform.js starts dist/bin/cli.js): without tsx, everything but a TypeScript adapter module works', () => {
    const pkg = join(project, 'node_modules', 'tcpconform');
    const bin = JSON.parse(execFileSync('npm', ['pkg', 'get', 'bin.tcpconform'], { cwd: pkg, encoding: 'utf8' }));
    expect(bin).to.equal('bin/tcpconform.js');
    const tsx = join(project, 'node_modules', 'tsx');
    renameSync(tsx, `${tsx}-aside`);
    try {
      const r = tcpconform('run', '--reporter', 'json');
      expect(r.status, r.stderr).to.equal(0);
      expect((JSON.parse(r.stdout) as { stats: { passes: number } }).stats.passes).to.equal(total());
      const py = tcpconform('run', '--reporter', 'json', '--exec', example('tcp_endpoint.py'));
      expect(py.status, py.stderr).to.equal(0);
    } finally {
      renameSync(`${tsx}-aside`, tsx);
    }
  });

  it('imports in plain Node: await import() and, where Node can require an ES module, require()', () => {
    const script = `const m = await import('tcpconform');
const a = new m.ReferenceAdapter();
if (typeof m.runCase !== 'function' || typeof a.deliver !== 'function' || m.seq.add(4294967295, 1) !== 0) process.exit(3);
console.log(Object.keys(m).length);`;
    const esm = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8' });
    expect(esm.status, esm.stderr).to.equal(0);
    expect(Number(esm.stdout)).to.be.greaterThan(10);
    if (!(process.features as { require_module?: boolean }).require_module) return; // Node < 20.19: import() only
    const cjs = spawnSync(
      process.execPath,
      ['-e', "const m = require('tcpconform'); if (typeof m.ReferenceAdapter !== 'function') process.exit(3);"],
      { cwd: project, encoding: 'utf8' },
    );
    expect(cjs.status, cjs.stderr).to.equal(0);
  });

  it('its types compile in a strict TypeScript project (tsc --init defaults, no skipLibCheck)', () => {
    const sub = join(project, 'strict');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(join(sub, 'adapter.ts'), ADAPTER);
    writeFileSync(
      join(sub, 'use.ts'),
      `import { fixtures, ReferenceAdapter, runCase, testCase, type CaseResult, type TestCase } from 'tcpconform';
export async function once(tc: TestCase): Promise<CaseResult> {
  return runCase(new ReferenceAdapter({ seed: 7 }), tc, { profile: 'rfc9293' });
}
const F = fixtures({
  'client/SYN_SENT': {
    steps: [{ call: 'connect', out: ['SYN seq=ISS mss=MSS'], state: 'SYN_SENT', transition: 'active-open', rules: ['H1'] }],
  },
});
export const read: TestCase = testCase(
  { id: 'a/client', profile: 'memo', transition: 'a', rules: ['H3'], rfc: '3.10.7.3', source: 'spec/a.yaml:1',
    role: 'client', peerIsn: 1000, needs: [], setup: F['client/SYN_SENT'],
    steps: [{ in: 'SYN+ACK seq=IRS ack=ISS+1', out: ['ACK seq=ISS+1 ack=IRS+1'], state: 'ESTABLISHED', transition: 'a', rules: ['H3'] }] },
  'a test [a/client]',
  { initial: 'CLOSED', parameters: { MSS: 1460 }, variations: [] },
);
`,
    );
    // What \`tsc --init\` writes (TypeScript 6), with the declarations of dependencies checked too;
    // Node's types come from this repository, as a Node project has its own.
    writeFileSync(
      join(sub, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          target: 'esnext',
          types: ['node'],
          typeRoots: [resolve('node_modules', '@types')],
          noEmit: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          strict: true,
          verbatimModuleSyntax: true,
          isolatedModules: true,
          noUncheckedSideEffectImports: true,
          moduleDetection: 'force',
          skipLibCheck: false,
        },
      }),
    );
    const tsc = spawnSync(process.execPath, [resolve('node_modules', 'typescript', 'bin', 'tsc'), '-p', sub], {
      cwd: sub,
      encoding: 'utf8',
    });
    expect(tsc.stdout + tsc.stderr).to.equal('');
    expect(tsc.status).to.equal(0);
  });

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
