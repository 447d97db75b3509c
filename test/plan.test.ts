import { expect } from 'chai';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestCase } from '../core/case.js';
import { casesOf, PlanCache } from '../src/cli/plan.js';
import { cli, runJson, tcpconform } from './helpers/cli.js';

const digest = (n: number) => n.toString(16).padStart(64, '0');

describe('the plan cache (src/cli/plan.ts)', () => {
  let dir: string;
  let cases: readonly TestCase[];
  before(async () => {
    cases = await casesOf('spec', ['memo', 'rfc9293']);
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tcpconform-test-plan-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives back each profile of a stored plan as it was planned', () => {
    const cache = new PlanCache(dir);
    cache.store(digest(1), cases);
    expect(cache.read(digest(1), 'memo')).to.deep.equal(cases.filter((c) => c.profile === 'memo'));
    expect(cache.read(digest(1), 'rfc9293')).to.deep.equal(cases.filter((c) => c.profile === 'rfc9293'));
    expect(readdirSync(dir)).to.deep.equal([digest(1)]); // no temporary directory left behind
  });

  it('has no plan for a digest never stored, a truncated file, or a file that is not cases of that profile', () => {
    const cache = new PlanCache(dir);
    expect(cache.read(digest(2), 'memo')).to.equal(undefined);
    cache.store(digest(2), cases);
    writeFileSync(join(dir, digest(2), 'memo.json'), '[{"id":"passive-open/server","prof');
    expect(cache.read(digest(2), 'memo')).to.equal(undefined);
    writeFileSync(join(dir, digest(2), 'memo.json'), JSON.stringify({ cases }));
    expect(cache.read(digest(2), 'memo')).to.equal(undefined);
    writeFileSync(join(dir, digest(2), 'memo.json'), JSON.stringify(cases.filter((c) => c.profile === 'rfc9293')));
    expect(cache.read(digest(2), 'memo')).to.equal(undefined);
    writeFileSync(join(dir, digest(2), 'memo.json'), '[null]');
    expect(cache.read(digest(2), 'memo')).to.equal(undefined);
  });

  it('a plan stored again (another process was first) keeps the first and leaves nothing behind', () => {
    const cache = new PlanCache(dir);
    cache.store(digest(3), cases);
    cache.store(digest(3), cases.slice(0, 1));
    expect(cache.read(digest(3), 'memo')).to.have.length(cases.filter((c) => c.profile === 'memo').length);
    expect(readdirSync(dir)).to.deep.equal([digest(3)]);
  });

  it('keeps the eight newest plans', () => {
    const cache = new PlanCache(dir);
    const one = [cases[0]!];
    for (let i = 10; i < 20; i++) {
      cache.store(digest(i), one);
      const at = new Date(Date.now() - (30 - i) * 60_000); // each one minute newer than the last
      utimesSync(join(dir, digest(i)), at, at);
    }
    expect(readdirSync(dir).sort()).to.deep.equal([12, 13, 14, 15, 16, 17, 18, 19].map(digest));
  });

  it('cannot be written: nothing is stored and nothing fails', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const cache = new PlanCache(join(file, 'plan'));
    cache.store(digest(4), cases);
    expect(cache.read(digest(4), 'memo')).to.equal(undefined);
  });

  it("is where a tool's cache belongs: node_modules/.cache/tcpconform of the checkout, after a run", () => {
    const r = tcpconform(['coverage']);
    expect(r.status, r.stderr).to.equal(0);
    const plans = readdirSync(join('node_modules', '.cache', 'tcpconform', 'plan'));
    expect(plans.filter((n) => /^[0-9a-f]{64}$/.test(n))).to.have.length.within(1, 8);
  });
});

describe('tcpconform run --case ID', function () {
  this.timeout(60_000);
  let cases: readonly TestCase[];
  before(async () => {
    cases = await casesOf('spec', ['memo', 'rfc9293']);
  });

  it('runs exactly the case with that ID', async () => {
    const c = cases.find((x) => x.profile === 'memo' && x.id.includes('/'))!;
    const { status, report } = await runJson(['--case', c.id]);
    expect(status).to.equal(0);
    expect(report.stats).to.include({ tests: 1, passes: 1 });
    expect(report.tests[0]!.title).to.equal(c.title);
  });

  it('an unknown ID is a usage error (exit 2, one line) naming the closest IDs', async () => {
    const c = cases.find((x) => x.profile === 'memo')!;
    const typo = `${c.id}x`;
    const r = await cli(['run', '--case', typo]);
    expect(r.status).to.equal(2);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.match(new RegExp(`^tcpconform: --case: no case "${typo}"; closest: "[^\\n]+\\n$`));
    expect(r.stderr).to.include(`"${c.id}"`);
  });

  it("an ID of a larger profile than the run's says which profile to add", async () => {
    const c = cases.find((x) => x.profile === 'rfc9293')!;
    const r = await cli(['run', '--case', c.id]);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.equal(`tcpconform: --case ${c.id} is a case of the rfc9293 profile: add --profile rfc9293\n`);
    const { status, report } = await runJson(['--case', c.id, '--profile', 'rfc9293']);
    expect(status).to.equal(0);
    expect(report.stats).to.include({ tests: 1, passes: 1 });
  });
});
