/**
 * `run --baseline REPORT.json`: compared by case ID with an earlier JSON report, a run exits 0
 * when nothing got worse (the same failures), 1 naming each regression, and lists
 * improvements, other changes, new tests and tests gone apart; a missing or malformed baseline
 * is exit 2; `--update-baseline` writes the new one.
 */
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareToBaseline, type Baseline } from '../src/report/baseline.js';
import type { RunReport, TestRecord } from '../src/report/records.js';
import { BROKEN, cli } from './helpers/cli.js';

const LISTEN = ['--case', 'listen-syn/server'];
const JSONL = 'node --import tsx test/fixtures/iut/reference-over-jsonl.ts';

function record(id: string, state: TestRecord['state']): TestRecord {
  return { suite: 's', title: `[H1] a test [${id}]`, fullTitle: `s [H1] a test [${id}]`, durationMs: 0, state };
}

function report(records: readonly TestRecord[]): RunReport {
  const at = new Date(0);
  return { tool: 'tcpconform', adapter: 'a', lang: 'en', start: at, end: at, records, scores: [], rules: [] };
}

describe('baselines: what counts as worse (src/report/baseline.ts)', () => {
  it('worse: pass -> fail, pass -> pending, pending -> fail, a new failing test; better apart', () => {
    const before: Baseline = {
      file: 'b.json',
      tests: new Map(
        (
          [
            ['a', 'passed'],
            ['b', 'passed'],
            ['c', 'pending'],
            ['d', 'failed'],
            ['e', 'pending'],
            ['f', 'failed'],
            ['g', 'failed'],
            ['gone', 'passed'],
          ] as const
        ).map(([id, state]) => [id, { id, title: id, state }]),
      ),
    };
    const diff = compareToBaseline(
      before,
      report([
        record('a', 'failed'),
        record('b', 'pending'),
        record('c', 'failed'),
        record('d', 'passed'),
        record('e', 'passed'),
        record('f', 'pending'),
        record('g', 'failed'),
        record('new-fail', 'failed'),
        record('new-pass', 'passed'),
      ]),
    );
    const ids = (list: readonly { id: string; was: string; now: string }[]) =>
      list.map((c) => `${c.id}:${c.was}->${c.now}`);
    expect(ids(diff.regressions)).to.deep.equal([
      'a:passed->failed',
      'b:passed->pending',
      'c:pending->failed',
      'new-fail:absent->failed',
    ]);
    expect(ids(diff.improvements)).to.deep.equal(['d:failed->passed', 'e:pending->passed']);
    expect(ids(diff.changed)).to.deep.equal(['f:failed->pending']);
    expect(ids(diff.added)).to.deep.equal(['new-pass:absent->passed']);
    expect(ids(diff.gone)).to.deep.equal(['gone:passed->absent']);
  });
});

describe('run --baseline and --update-baseline', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tcpconform-baseline-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** `run ARGS --baseline FILE --update-baseline`, the report on stdout (the terminal reporter would write past the capture). */
  function update(file: string, ...args: string[]) {
    return cli(['run', '--reporter', 'json', '--baseline', file, '--update-baseline', ...args]);
  }

  /** `run ARGS --baseline FILE` with the JSON reporter: exit code, report, stderr. */
  async function against(file: string, ...args: string[]) {
    const r = await cli(['run', '--reporter', 'json', '--baseline', file, ...args]);
    return { status: r.status, stderr: r.stderr, report: r.stdout ? JSON.parse(r.stdout) : undefined };
  }

  it('the same failures exit 0; --update-baseline wrote the report it compares with', async () => {
    const file = join(dir, 'base.json');
    const made = await update(file, ...BROKEN, '--grep', 'established-send');
    expect(made.status).to.equal(0);
    expect(made.stderr).to.match(/baseline .*base\.json written \(\d+ tests\)/);
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written.stats.failures).to.be.greaterThan(0);
    expect(written.tests.every((t: { caseId?: string }) => typeof t.caseId === 'string')).to.equal(true);

    const r = await against(file, ...BROKEN, '--grep', 'established-send');
    expect(r.status).to.equal(0);
    expect(r.stderr).to.include('0 regression(s), 0 improvement(s)');
    expect(r.report.baseline.regressions).to.deep.equal([]);
  });

  it('one new failure exits 1 naming it; the way back is an improvement, exit 0', async () => {
    const good = join(dir, 'good.json');
    const bad = join(dir, 'bad.json');
    expect((await update(good, ...LISTEN)).status).to.equal(0);
    expect((await update(bad, ...BROKEN, ...LISTEN)).status).to.equal(0);

    const worse = await against(good, ...BROKEN, ...LISTEN);
    expect(worse.status).to.equal(1);
    expect(worse.stderr).to.include('1 regression(s)');
    expect(worse.stderr).to.match(/ {2}regression listen-syn\/server: passed -> failed: .*H2/);
    expect(worse.report.baseline.regressions.map((c: { id: string }) => c.id)).to.deep.equal(['listen-syn/server']);

    const better = await against(bad, ...LISTEN);
    expect(better.status).to.equal(0);
    expect(better.stderr).to.include('0 regression(s), 1 improvement(s)');
    expect(better.stderr).to.include('  improvement listen-syn/server: failed -> passed');
  });

  it('a test no longer checked (pass -> pending) is a regression; new tests and tests gone are listed', async () => {
    const good = join(dir, 'good.json');
    expect((await update(good, ...LISTEN)).status).to.equal(0);
    const declared = { cannot_call: [{ call: 'listen', in: 'CLOSED', why: 'it only connects' }] };
    const pending = await against(good, '--exec', `${JSONL} '--declared=${JSON.stringify(declared)}'`, ...LISTEN);
    expect(pending.status).to.equal(1);
    expect(pending.stderr).to.match(/regression listen-syn\/server: passed -> pending: .*it only connects/);

    const other = await against(good, '--case', 'established-send/client');
    expect(other.status).to.equal(0);
    expect(other.stderr).to.include('  new established-send/client: passed');
    expect(other.stderr).to.include('  gone listen-syn/server: was passed');
  });

  it('a missing or malformed baseline exits 2 before anything runs, saying which', async () => {
    const missing = await against(join(dir, 'none.json'), ...LISTEN);
    expect(missing.status).to.equal(2);
    expect(missing.stderr).to.equal(
      `tcpconform: --baseline ${join(dir, 'none.json')}: no such file (write one with --update-baseline)\n`,
    );
    const notJson = join(dir, 'report.xml');
    writeFileSync(notJson, '<testsuites/>');
    const r1 = await update(notJson, ...LISTEN);
    expect(r1.status).to.equal(2);
    expect(r1.stderr).to.match(/^tcpconform: --baseline .*report\.xml: not JSON: /);
    // A malformed file is not overwritten by --update-baseline: it may be the wrong file.
    expect(readFileSync(notJson, 'utf8')).to.equal('<testsuites/>');
    const notReport = join(dir, 'other.json');
    writeFileSync(
      notReport,
      '{"tests": [{"title": "x", "fullTitle": "x"}], "passes": [], "failures": [], "pending": []}',
    );
    const r2 = await against(notReport, ...LISTEN);
    expect(r2.status).to.equal(2);
    expect(r2.stderr).to.include('not a tcpconform JSON report (--reporter json): tests[0] names no case ID ("x")');
    const r3 = await cli(['run', ...LISTEN, '--update-baseline']);
    expect([r3.status, r3.stderr]).to.deep.equal([2, 'tcpconform: --update-baseline needs --baseline FILE\n']);
    expect(existsSync(join(dir, 'none.json'))).to.equal(false);
  });
});
