import { expect } from 'chai';
import { join } from 'node:path';
import { cli, runJson, runJsonBinary, tcpconform } from './helpers/cli.js';
import { memoCases, planFirst } from './helpers/plan.js';

function noStack(stderr: string): void {
  expect(stderr).not.to.match(/^\s+at /m);
}

describe('tcpconform run', function () {
  this.timeout(60_000);
  planFirst();

  it("--reporter json prints only mocha's JSON report shape on stdout, with the scorecard inside (the binary)", () => {
    const cases = memoCases();
    const { status, report, stderr } = runJsonBinary([]);
    expect(status).to.equal(0);
    expect(report.stats).to.include({ tests: cases.length, passes: cases.length, failures: 0, pending: 0 });
    expect(report.tests.every((t) => /^\[[\w. ]+\] /.test(t.title))).to.equal(true);
    expect(stderr).to.equal('');
    const w4 = cases.filter((c) => c.rules.includes('W4.2msl')).length;
    expect(report.scorecard.find((s) => s.rule === 'W4.2msl')).to.deep.include({ passed: w4, verdict: 'pass' });
  });

  it('--grep selects tests by rule ID', async () => {
    const { report } = await runJson(['--grep', '\\[W4 ']);
    expect(report.stats.tests).to.equal(memoCases().filter((c) => c.rules[0] === 'W4').length);
    expect(report.tests.every((t) => t.title.startsWith('[W4 '))).to.equal(true);
  });

  it('exits 1 when an implementation breaks a rule, naming the rule and the field', () => {
    const r = tcpconform(['run', '--module', join('test', 'fixtures', 'off-by-one-adapter.ts')]);
    expect(r.status).to.equal(1);
    expect(r.stdout).to.match(/AN: expected IRS\+1 \(1000000001\), got IRS\+0 \(1000000000\)/);
    expect(r.stdout).to.match(/rule H2: A listening server that receives a SYN answers SYN\+ACK/);
    // Columns: passed/run, warnings, suspect, unverified, blocked, pending, verdict.
    expect(r.stdout).to.match(/^H2\s+1\/5\s+0\s+0\s+0\s+0\s+0\s+FAIL$/m); // only passive open passes
    expect(r.stdout).to.match(/^W1\s+3\/3\s+0\s+0\s+0\s+3\s+0\s+blocked$/m); // the server-side W1 tests never get past the handshake
    expect(r.stdout).to.match(/^H1\s+3\/3\s+0\s+0\s+0\s+0\s+0\s+pass$/m);
    // The failure names the step that broke, the field, the rule (not H2.mss), and the kind; the
    // transition's labels govern the ISN (MUST-8) and the MSS option (MUST-14, SHLD-5), not the AN.
    expect(r.stdout).to.match(
      /violation: the AN at step 2 \(listen-syn\) breaks H2; no requirement label \(held as a MUST\)/,
    );
    expect(r.stdout).to.match(/blocked: the AN at step 2 \(listen-syn\) breaks H2;/);
    expect(r.stdout).not.to.match(/rule H2\.mss: /);
  });

  it('a wrong next state fails by the state query, and with --no-state-query by the identifying inputs', () => {
    const module = join('test', 'fixtures', 'wrong-state-adapter.ts');
    const asked = tcpconform(['run', '--module', module]);
    expect(asked.status).to.equal(1);
    expect(asked.stdout).to.match(/state: expected FIN_WAIT_2, got ESTABLISHED/);
    // --verbose: each failing test's own report besides the block of its cause.
    const hidden = tcpconform(['run', '--module', module, '--no-state-query', '--verbose']);
    expect(hidden.status).to.equal(1);
    expect(hidden.stdout).to.match(
      /after the transition, checking by its outputs that the IUT is in FIN_WAIT_2 \(step \d+ of \d+; it cannot report its state\)/,
    );
    expect(hidden.stdout).to.match(/rule W2\.ack: /);
    expect(hidden.stdout).to.not.match(/state: expected/);
    // Outputs alone cannot tell whether closing, the ACK of the FIN or what follows left the
    // wrong state: the run says so once, and marks those rules suspect, none FAIL.
    expect(hidden.stdout).to.match(
      /failed test\(s\) are explained alike by a fault at any of: .*fin-wait-1-ack \[W2\.ack\]/,
    );
    expect(hidden.stdout).to.match(/^W2\.ack\s+0\/0\s+0\s+[1-9]\d*\s+0\s+0\s+0\s+suspect$/m);
    expect(hidden.stdout).to.not.match(/^[\w.]+\s+\d+\/\d+\s.*\sFAIL$/m);
  });

  it('--identify-always shows a fault behind a state query that lies', async () => {
    const module = join('test', 'fixtures', 'lying-state-adapter.ts');
    const fooled = await runJson(['--module', module]);
    const strict = await runJson(['--module', module, '--identify-always']);
    const failed = (r: typeof fooled) => r.report.failures.map((f) => f.title);
    expect(failed(fooled).some((t) => t.startsWith('[W2.ack] FIN_WAIT_1 + ACK'))).to.equal(false);
    expect(strict.status).to.equal(1);
    expect(failed(strict).some((t) => t.startsWith('[W2.ack] FIN_WAIT_1 + ACK'))).to.equal(true);
    expect(strict.report.stats.failures).to.be.greaterThan(fooled.report.stats.failures);
  });

  it('--no-state-query against the reference: nothing fails; a case is pending only where the profile cannot tell its state by outputs', async () => {
    const cases = memoCases();
    const { status, report } = await runJson(['--no-state-query']);
    expect(status).to.equal(0);
    expect(report.stats.failures).to.equal(0);
    const identified = (c: (typeof cases)[number]) =>
      c.identify?.some(
        (id) => id.profile === 'memo' && id.at === c.steps.length && id.none.length === 0 && id.sequences.length > 0,
      );
    const pending = cases.filter((c) => c.needs.includes('stateQuery') && !identified(c));
    // Today every memo case whose evidence is a silent state change is identified by outputs.
    expect(cases.filter((c) => c.needs.includes('stateQuery')).length).to.be.greaterThan(0);
    expect(report.stats.pending).to.equal(pending.length);
    expect(report.stats.passes).to.equal(cases.length - pending.length);
  });

  for (const [args, message] of [
    [
      ['run', '--reporter', 'xml'],
      /^tcpconform: --reporter must be one of spec, json, junit, gradescope, html; got "xml"\n$/,
    ],
    [['run', '--lang', 'fr'], /^tcpconform: --lang must be one of en, zh; got "fr"\n$/],
    [['run', '--profile', 'bsd'], /^tcpconform: --profile must be one of memo, rfc9293, linux; got "bsd"\n$/],
    [['run', '--slow'], /^tcpconform: --slow and --settle apply to --kernel only\n$/],
    [['run', '--kernel', '--exec', 'true'], /^tcpconform: --exec and --kernel are alternatives; give one\n$/],
    [['coverage', '--format', 'pdf'], /^tcpconform: --format must be one of text, markdown; got "pdf"\n$/],
    [['run', '--seed', 'abc'], /^tcpconform: --seed needs a whole number, got "abc"\n$/],
    [['run', '--bogus'], /^tcpconform: Unknown option '--bogus'.*\n$/],
    [['frobnicate'], /^tcpconform: unknown command "frobnicate" \(try: tcpconform help\)\n$/],
    [
      ['run', '--module', 'test/fixtures/not-an-adapter.ts'],
      /^tcpconform: adapter module .* must export default an Adapter .*missing: reset, deliver, advance, close, capabilities, params\n$/,
    ],
    [
      ['run', '--module', 'test/fixtures/does-not-exist.ts'],
      /^tcpconform: cannot load adapter module .*does-not-exist\.ts: .*\n$/,
    ],
    [['generate', '--spec', 'no/such/dir'], /^.*no\/such\/dir: spec directory not found\n$/],
  ] as const) {
    it(`bad usage \`${args.join(' ')}\` exits 2 with one line`, async () => {
      const r = await cli(args);
      expect(r.status).to.equal(2);
      expect(r.stderr).to.match(message);
      noStack(r.stderr);
    });
  }

  it('the binary: bad usage exits 2 with one line on stderr and nothing on stdout', () => {
    const r = tcpconform(['run', '--reporter', 'xml']);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.equal('tcpconform: --reporter must be one of spec, json, junit, gradescope, html; got "xml"\n');
    expect(r.stdout).to.equal('');
  });
});
