/**
 * Summarising Stryker's report (src/mutate/code-mutants.ts). The fixture is a real report of
 * `npx stryker run` from when Stryker still mutated the generated reference (the report's
 * schema is the same), trimmed: the mutants of host.ts on a few lines, each keeping at most
 * two of the tests that covered it, and only those tests.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCodeMutants, runCodeMutants, summariseReport, type MutationReport } from '../src/mutate/code-mutants.js';

const report = JSON.parse(readFileSync('test/fixtures/stryker-report.json', 'utf8')) as MutationReport;

describe('code mutants: the summary of a Stryker report', () => {
  const s = summariseReport(report);

  it('counts the mutants by status and scores killed + timeout over all that could be killed', () => {
    expect({ killed: s.killed, timeout: s.timeout, survived: s.survived, noCoverage: s.noCoverage }).to.deep.equal({
      killed: 9,
      timeout: 1,
      survived: 8,
      noCoverage: 1,
    });
    expect(s.score).to.be.closeTo((100 * 10) / 19, 1e-9);
  });

  it('lists the ignored mutants with the reason their disable comment gives', () => {
    expect(s.ignored).to.have.length(5);
    expect(
      s.ignored.every((i) => i.file === 'generated/reference/host.ts' && i.reason.startsWith('equivalent')),
    ).to.equal(true);
    expect(s.ignored.map((i) => i.mutator)).to.include.members(['LogicalOperator', 'StringLiteral', 'BlockStatement']);
  });

  it('lists the survivors by line, with the titles of the tests that ran them', () => {
    expect(s.survivors.map((v) => v.line)).to.deep.equal([60, 60, 72, 81, 97, 101, 114, 114, 114]);
    const window = s.survivors.find((v) => v.line === 81)!;
    expect(window).to.include({ mutator: 'LogicalOperator', replacement: 'this.opts.window && 65535' });
    expect(window.coveredBy).to.have.length(2);
    expect(window.coveredBy[0]).to.match(/^data \(spec\/data\.yaml, memo profile\) \[H3 H4\] ESTABLISHED \+ send\(\)/);
    expect(s.survivors.find((v) => v.mutator === 'ArithmeticOperator')!.coveredBy).to.deep.equal([]);
  });

  it('formats the summary as lines ending with the score', () => {
    const lines = formatCodeMutants(s);
    expect(lines[0]).to.equal('killed 9, timeout 1, survived 8, no coverage 1, ignored 5, errors 0');
    expect(lines).to.include(
      'survived: generated/reference/host.ts:81 LogicalOperator -> this.opts.window && 65535 (2 test(s) ran it)',
    );
    expect(lines.some((l) => /^survived: .*ArithmeticOperator .*\(no test reaches it\)$/.test(l))).to.equal(true);
    expect(lines.filter((l) => l.startsWith('ignored '))).to.have.length.greaterThan(0);
    expect(lines.at(-1)).to.equal('code mutants: score 52.63%');
  });

  it('counts the mutants the code could not run with apart, out of the score', () => {
    const mutant = (status: string) => ({ mutatorName: 'BlockStatement', status, location: { start: { line: 1 } } });
    const r = summariseReport({
      files: { 'x.ts': { mutants: ['RuntimeError', 'CompileError', 'Killed', 'Survived'].map(mutant) } },
    });
    expect([r.errors, r.killed, r.survived, r.score]).to.deep.equal([2, 1, 1, 50]);
  });

  it('scores an empty report 100%, as there is nothing to kill', () => {
    expect(summariseReport({ files: {} }).score).to.equal(100);
  });

  describe('where Stryker cannot run, the result says why instead of failing', () => {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), 'tcpconform-test-code-mutants-'))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('an installed package, without stryker.config.json', async () => {
      expect(await runCodeMutants({ root: dir })).to.deep.equal({
        ran: false,
        message: 'code mutants need stryker.config.json and the tests it runs, from a clone of tcpconform',
      });
    });

    it('a configuration whose tests are not there', async () => {
      const config = JSON.parse(readFileSync('stryker.config.json', 'utf8'));
      writeFileSync(join(dir, 'stryker.config.json'), JSON.stringify(config));
      const r = await runCodeMutants({ root: dir });
      expect(r.ran).to.equal(false);
      expect(r.ran === false && r.message).to.equal(
        `code mutants need the tests stryker.config.json runs: ${config.mochaOptions.spec.join(', ')} not found`,
      );
    });
  });
});
