/**
 * Declared variations (`run --variations FILE`, a process's `init_ok.declared`, a module's
 * `declared`): checked by one validator with `file:line:col` and exit 2, and a test engine
 * with a known departure fails without its declarations and passes with them, the reports
 * naming the variation with its file and line.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { declaredData, declaredFile, readDeclared } from '../generator/declared.js';
import { SpecErrors } from '../core/spec/errors.js';
import { ReferenceAdapter } from '../src/adapters/reference.js';
import { withDeclared } from '../src/cli/declared.js';
import { cli, tcpconform } from './helpers/cli.js';

const FIXTURES = join('test', 'fixtures', 'declared');
const ENGINE = ['--module', join('test', 'fixtures', 'silent-reset-adapter.ts')];
const CASE = ['--profile', 'rfc9293', '--case', 'close-wait-rst/client'];
const JSONL = 'node --import tsx test/fixtures/iut/reference-over-jsonl.ts';

interface Report {
  readonly stats: { readonly passes: number; readonly failures: number; readonly pending: number };
  readonly tests: readonly {
    readonly caseId: string;
    readonly pendingReason?: string;
    readonly variations?: readonly { id: string; variant: string; source: string; why: string }[];
  }[];
  readonly scorecard: readonly { readonly rule: string; readonly verdict: string; readonly verdictText: string }[];
  readonly knownVariations?: readonly { id: string; source: string }[];
}

function problems(f: () => unknown): string[] {
  try {
    f();
  } catch (err) {
    if (err instanceof SpecErrors) return err.errors.map((e) => e.message);
    throw err;
  }
  return [];
}

describe('declarations: one loader and validator (generator/declared.ts)', function () {
  this.timeout(60_000);

  it('reads variations, parameters and calls the interface cannot make, each with its place', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tcpconform-declared-'));
    try {
      const file = join(dir, 'engine.yaml');
      writeFileSync(
        file,
        [
          'variations:',
          '  - id: myengine.granularity',
          '    variant: myengine',
          '    parameters: { GRANULARITY: 10, MSL: 30000 }',
          '    why: its timers tick every 10 ms; TIME_WAIT lasts 60 s',
          'cannot_call:',
          '  - call: close',
          '    in: [SYN_RCVD, SYNCHRONIZED]',
          '    role: server',
          '    why: no handle before accept()',
          '',
        ].join('\n'),
      );
      const d = readDeclared('spec', [declaredFile(file)]);
      expect(d.variations.map((v) => [v.id, v.variant])).to.deep.equal([['myengine.granularity', 'myengine']]);
      expect(d.parameters).to.deep.equal({ GRANULARITY: 10, MSL: 30000 });
      expect(d.cannotCall).to.have.length(1);
      expect(d.cannotCall[0]!.states).to.include.members(['SYN_RCVD', 'ESTABLISHED', 'TIME_WAIT']);
      expect(d.cannotCall[0]!.source).to.equal(`${file}:7`);
      // The spec it plans with has the declared variation besides Linux's.
      expect(d.spec.variations.map((v) => v.id)).to.include.members(['myengine.granularity', 'linux.window']);

      // What they declare reaches the adapter: values over its own, calls it cannot make besides its own.
      const a = withDeclared(new ReferenceAdapter(), d);
      expect(a.params.GRANULARITY).to.equal(10);
      expect(a.params.MSL).to.equal(30000);
      expect(a.cannotCall!('close', 'ESTABLISHED', 'server')).to.equal(`no handle before accept() (${file}:7)`);
      expect(a.cannotCall!('close', 'ESTABLISHED', 'client')).to.equal(undefined);
      expect(a.cannotCall!('send', 'ESTABLISHED', 'server')).to.equal(undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives file:line:col and the reason for each bad declaration', () => {
    const at = (name: string) => problems(() => readDeclared('spec', [declaredFile(join(FIXTURES, name))]));
    const f = (name: string) => join(FIXTURES, name);
    expect(at('unknown-transition.yaml')).to.deep.equal([
      `${f('unknown-transition.yaml')}:4:10: unknown transition "close-wait-rsst" (did you mean "close-wait-rst"?)`,
    ]);
    expect(at('bad-parameter.yaml')).to.deep.equal([
      `${f('bad-parameter.yaml')}:4:24: unknown parameter "MSX" (did you mean "MSS"?)`,
    ]);
    expect(at('bad-call-name.yaml')).to.deep.equal([
      `${f('bad-call-name.yaml')}:2:11: Invalid option: expected one of "listen"|"connect"|"send"|"close"|"abort" (at cannot_call[0].call)`,
    ]);
    expect(at('yaml-syntax.yaml')).to.deep.equal([
      `${f('yaml-syntax.yaml')}:4:1: YAML syntax: Sequence item without - indicator`,
    ]);
    expect(at('unknown-key.yaml')).to.deep.equal([
      `${f('unknown-key.yaml')}:1:1: unknown key "variatons" (did you mean "variations"?)`,
    ]);
    expect(at('unknown-state.yaml')).to.deep.equal([
      `${f('unknown-state.yaml')}:3:10: unknown state "SYN_RCVX" (did you mean "SYN_RCVD"?)`,
    ]);
    expect(at('no-such-file.yaml')).to.deep.equal([
      `${f('no-such-file.yaml')}: cannot read the declarations: no such file`,
    ]);
  });

  it("checks an adapter's declarations as data the same way, at their place in the data as JSON", () => {
    const data = { variations: [{ id: 'my.x', variant: 'my', of: ['established-abrot'], do: [], why: 'w' }] };
    expect(problems(() => readDeclared('spec', [declaredData('my-engine (declared)', data)]))).to.deep.equal([
      'my-engine (declared):7:9: unknown transition "established-abrot" (did you mean "established-abort"?)',
    ]);
    // A variation id that another declaration (here the spec's) already has is a duplicate.
    const twice = { variations: [{ id: 'linux.window', variant: 'linux', parameters: { MSS: 1400 }, why: 'w' }] };
    expect(problems(() => readDeclared('spec', [declaredData('e', twice)]))[0]).to.match(/duplicate variation id/);
  });
});

describe('run --variations, and the declarations of a process or module', function () {
  this.timeout(120_000);

  it('a test engine with a known departure fails without its declarations', async () => {
    const r = await cli(['run', ...ENGINE, ...CASE, '--reporter', 'json']);
    expect(r.status).to.equal(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.stats.failures).to.equal(1);
    expect(report.scorecard.find((s) => s.rule === 'RFC.rst')!.verdict).to.equal('FAIL');
  });

  it('passes with its --variations file, naming the variation with its file and line in every report', async () => {
    const file = join(FIXTURES, 'silent-reset.yaml');
    const r = await cli(['run', ...ENGINE, ...CASE, '--reporter', 'json', '--variations', file]);
    expect(r.status, r.stderr).to.equal(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.stats).to.include({ passes: 1, failures: 0 });
    const known = {
      id: 'silent.close-wait-reset',
      variant: 'silent',
      source: `${file}:5`,
      why: 'The application learns of a reset in CLOSE_WAIT at its next send, not at once.',
    };
    expect(report.tests[0]!.variations).to.deep.equal([known]);
    expect(report.knownVariations).to.deep.equal([known]);
    const rst = report.scorecard.find((s) => s.rule === 'RFC.rst')!;
    expect([rst.verdict, rst.verdictText]).to.deep.equal(['variation', 'pass, with a known variation']);

    const junit = await cli(['run', ...ENGINE, ...CASE, '--reporter', 'junit', '--variations', file]);
    expect(junit.stdout).to.include(
      `passed with known variation silent.close-wait-reset (${file}:5): The application learns of a reset`,
    );
    const gradescope = await cli(['run', ...ENGINE, ...CASE, '--reporter', 'gradescope', '--variations', file]);
    expect(gradescope.stdout).to.include(`passed with known variation silent.close-wait-reset (${file}:5)`);
  });

  it('the terminal report names the variation under the results, and the scorecard says so', () => {
    const file = join(FIXTURES, 'silent-reset.yaml');
    const r = tcpconform(['run', ...ENGINE, ...CASE, '--variations', file]);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.include(
      `1 test(s) passed with known variation silent.close-wait-reset (${file}:5): The application learns of a reset in CLOSE_WAIT at its next send, not at once.`,
    );
    expect(r.stdout).to.match(/\nRFC\.rst +1\/1 .* pass, with a known variation\n/);
  });

  it("passes with the module's own declared property, named as its source", async () => {
    const module = ['--module', join('test', 'fixtures', 'silent-reset-declaring-adapter.ts')];
    const r = await cli(['run', ...module, ...CASE, '--reporter', 'json']);
    expect(r.status, r.stderr).to.equal(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.tests[0]!.variations!.map((v) => v.source)).to.deep.equal(['silent-reset (declared):3']);
  });

  it("takes a process's init_ok.declared: a call it cannot make makes the case pending, citing where", async () => {
    const declared = { cannot_call: [{ call: 'listen', in: 'CLOSED', why: 'it only connects' }] };
    const r = await cli([
      'run',
      '--exec',
      `${JSONL} '--declared=${JSON.stringify(declared)}'`,
      '--case',
      'listen-syn/server',
      '--reporter',
      'json',
    ]);
    expect(r.status, r.stderr).to.equal(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.stats.pending).to.equal(1);
    expect(report.tests[0]!.pendingReason).to.include('it only connects (reference-over-jsonl (declared):3)');
  });

  it('a malformed declaration, from a file or from the implementation, exits 2 with file:line:col and no stack', async () => {
    for (const name of ['unknown-transition', 'bad-parameter', 'bad-call-name', 'yaml-syntax', 'unknown-key']) {
      const file = join(FIXTURES, `${name}.yaml`);
      const r = await cli(['run', '--case', 'listen-syn/server', '--variations', file]);
      expect(r.status, name).to.equal(2);
      expect(r.stdout).to.equal('');
      expect(r.stderr, name).to.match(new RegExp(`^${file.replace(/[.]/g, '\\.')}:\\d+:\\d+: .+\\n$`));
    }
    const bad = { variations: [{ id: 'my.x', variant: 'my', parameters: { MSl: 1 }, why: 'w' }] };
    const r = await cli([
      'run',
      '--exec',
      `${JSONL} '--declared=${JSON.stringify(bad)}'`,
      '--case',
      'listen-syn/server',
    ]);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.match(/^reference-over-jsonl \(declared\):\d+:\d+: .*MSl/);
    expect(r.stderr).not.to.match(/\n\s+at /);
  });

  it('real_clock: timed tests of an engine on real time run within its windows instead of pending', async () => {
    const realTime = `${JSONL} --no-virtual-clock`;
    const stops = ['--case', 'fin-wait-1-ack/client/stops-rexmt', '--reporter', 'json'];
    const without = JSON.parse((await cli(['run', '--exec', realTime, ...stops])).stdout) as Report;
    expect(without.stats.pending).to.equal(1);
    expect(without.tests[0]!.pendingReason).to.include('no virtual clock');
    const clock = { real_clock: { tolerance_ms: 50, tolerance_pct: 5 } };
    const r = await cli(['run', '--exec', `${realTime} '--declared=${JSON.stringify(clock)}'`, ...stops]);
    expect(r.status, r.stderr).to.equal(0);
    expect((JSON.parse(r.stdout) as Report).stats).to.include({ passes: 1, pending: 0 });
    // On a virtual clock a real one makes no sense: said, exit 2.
    const virtual = await cli(['run', '--exec', `${JSONL} '--declared=${JSON.stringify(clock)}'`, ...stops]);
    expect(virtual.status).to.equal(2);
    expect(virtual.stderr).to.include('declares real_clock but has a virtual clock');
  });

  it('declared values are checked as reported ones: a zero MSS exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tcpconform-declared-'));
    try {
      const file = join(dir, 'zero.yaml');
      writeFileSync(file, 'variations:\n  - id: my.mss\n    variant: my\n    parameters: { MSS: 0 }\n    why: w\n');
      const r = await cli(['run', '--case', 'listen-syn/server', '--variations', file]);
      expect(r.status).to.equal(2);
      expect(r.stderr).to.include('MSS must not be 0');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
