/**
 * Failures grouped by cause (src/report/causes.ts): one planted fault is one cause per
 * transition it is in, with and without the state query; three faults are three causes; the
 * tests of a cause share its step and field; the representative is the test of the blamed
 * transition itself; what varies from test to test (absolute numbers, data, request ids) does
 * not split a cause, and a different kind of wrong number does.
 */
import { expect } from 'chai';
import type { Adapter } from '../src/adapter.js';
import { ReferenceAdapter } from '../src/adapters/reference.js';
import type { CaseResult } from '../src/harness/run-case.js';
import { t } from '../src/i18n/text.js';
import { caseIdOf, causeKey, groupByCause, shape } from '../src/report/causes.js';
import type { TestRecord } from '../src/report/records.js';
import { plantedFaults } from './fixtures/planted-faults.js';
import threeFaults from './fixtures/three-faults-adapter.js';
import offByOne from './fixtures/off-by-one-adapter.js';
import { runProfile } from './helpers/blame.js';
import { planFirst, planned } from './helpers/plan.js';

function records(results: readonly CaseResult[]): TestRecord[] {
  return results.map((r) => ({
    suite: 's',
    title: `[${r.testCase.rules.join(' ')}] a test [${r.testCase.id}]`,
    fullTitle: `s a test [${r.testCase.id}]`,
    durationMs: 0,
    state: r.verdict.status === 'failed' ? 'failed' : r.verdict.status === 'pending' ? 'pending' : 'passed',
    result: r,
  }));
}

async function causesOf(make: () => Adapter, stateQuery = true) {
  const recs = records((await runProfile(make, stateQuery)).results);
  return { recs, causes: groupByCause(recs), failed: recs.filter((r) => r.state === 'failed') };
}

describe('causes: failures grouped by cause (src/report/causes.ts)', function () {
  this.timeout(120_000);
  planFirst();

  for (const stateQuery of [true, false]) {
    it(`an AN off by one in the SYN+ACK is one cause: listen-syn, AN, H2${stateQuery ? '' : ' (no state query)'}`, async () => {
      const { causes, failed } = await causesOf(offByOne, stateQuery);
      expect(failed.length).to.be.greaterThan(50);
      expect(causes).to.have.length(1);
      const [c] = causes;
      expect(c!.records).to.deep.equal(failed);
      expect(c!.blame).to.include({ transition: 'listen-syn', field: 'AN' });
      expect(c!.blame!.rules).to.deep.equal(['H2']);
      expect(shape(c!.failure!.message)).to.equal('diff.segment(diff=diff.an(IRS-1), i=1)');
      // The test of the handshake itself shows it best: the others only pass through it.
      expect(caseIdOf(c!.representative)).to.match(/^listen-syn\/server/);
      expect(c!.failure!.blame.kind).to.equal('violation');
      expect(c!.blocked).to.be.greaterThan(0).and.lessThan(failed.length);
    });

    it(`three faults in three transitions are three causes, most tests first${stateQuery ? '' : ' (no state query)'}`, async () => {
      const { causes, failed } = await causesOf(threeFaults, stateQuery);
      expect(causes.map((c) => c.blame!.transition).sort()).to.deep.equal([
        'close-wait-close',
        'established-close',
        'established-data',
      ]);
      expect(causes.flatMap((c) => c.records)).to.have.members(failed);
      const sizes = causes.map((c) => c.records.length);
      expect(sizes).to.deep.equal([...sizes].sort((a, b) => b - a));
      for (const c of causes)
        for (const r of c.records) {
          const b = (r.result!.verdict as Extract<CaseResult['verdict'], { status: 'failed' }>).failure.blame;
          expect({ transition: b.transition, field: b.field }).to.deep.equal({
            transition: c.blame!.transition,
            field: c.blame!.field,
          });
        }
    });
  }

  it('each planted fault is one cause per transition it is in (the ISN comparison: one per role)', async () => {
    const wrong: string[] = [];
    for (const fault of plantedFaults(planned().spec)) {
      const { causes, failed } = await causesOf(fault.adapter);
      const most = fault.transitions.length || 2;
      if (causes.length > most || (failed.length > 0 && causes.length === 0))
        wrong.push(`${fault.id}: ${causes.length} causes: ${causes.map((c) => c.key).join(' | ')}`);
    }
    expect(wrong).to.deep.equal([]);
  });

  it('a run without failures has no cause; passed and pending tests belong to none', async () => {
    const { recs, causes } = await causesOf(() => new ReferenceAdapter());
    expect(recs.length).to.be.greaterThan(100);
    expect(causes).to.deep.equal([]);
  });

  it('shape: the numbers that vary from test to test do not split a cause; another kind of difference does', () => {
    const an = (want: string, got: string) => shape(t('diff.segment', { i: 1, diff: t('diff.an', { want, got }) }));
    expect(an('IRS+1 (1000000001)', 'IRS+0 (1000000000)')).to.equal(an('IRS+1 (0)', 'IRS+0 (4294967295)'));
    expect(an('IRS+10 (1000000010)', 'IRS+9 (1000000009)')).to.equal(an('IRS+2 (2)', 'IRS+1 (1)'));
    expect(an('IRS+1 (1000000001)', 'IRS+2 (1000000002)')).to.not.equal(an('IRS+1 (1000000001)', 'IRS+0 (1000000000)'));
    // A number from elsewhere is no slip of one: it is its own cause, however far it lands.
    expect(an('IRS+1 (1000000001)', '0')).to.equal('diff.segment(diff=diff.an(got=0, want=IRS+1), i=1)');
    expect(shape(t('diff.sn', { want: 'ISS+1 (7)', got: 'ISS+2 (8)' }))).to.equal('diff.sn(ISS+1)');
    // Application reports: the kinds of event missing and extra, whatever the data.
    const app = (want: ReturnType<typeof t>, got: ReturnType<typeof t>) => shape(t('diff.app', { want, got }));
    const data = (d: string) => t('app.data', { data: JSON.stringify(d) });
    expect(app(t('app.eof'), t('app.nothing'))).to.equal(
      app(t('list.pair', { a: data('hello'), b: t('app.eof') }), data('hello')),
    );
    expect(app(t('app.eof'), t('app.nothing'))).to.not.equal(app(data('x'), t('app.nothing')));
    // An implementation's misbehaviour: the request id and the line it wrote vary, what it answered does not.
    const timeout = (id: number) => shape(t('impl.timeout', { what: 'the call close()', id, ms: 2000 }));
    expect(timeout(3)).to.equal(timeout(40));
    expect(timeout(3)).to.not.equal(shape(t('impl.timeout', { what: 'the call send()', id: 3, ms: 2000 })));
    const malformed = (line: string) =>
      shape(t('impl.malformed', { what: 'reset', issue: 'Invalid input at type', line: JSON.stringify(line) }));
    expect(malformed('{"a":1}')).to.equal(malformed('{"b":2}'));
  });

  it('a failure that is no verdict (a harness error) is grouped by its first line', () => {
    const error = (id: string, error: string): TestRecord => ({
      suite: 's',
      title: `a test [${id}]`,
      fullTitle: `s a test [${id}]`,
      durationMs: 0,
      state: 'failed',
      error,
    });
    const causes = groupByCause([
      error('a', 'TypeError: x is undefined\n    at f (a.ts:1)'),
      error('b', 'TypeError: x is undefined\n    at g (b.ts:2)'),
      error('c', 'RangeError: too deep'),
    ]);
    expect(causes.map((c) => [c.key, c.records.map(caseIdOf)])).to.deep.equal([
      ['error TypeError: x is undefined', ['a', 'b']],
      ['error RangeError: too deep', ['c']],
    ]);
    expect(causes[0]!.blame).to.equal(undefined);
    expect(causeKey(causes[1]!.representative)).to.equal('error RangeError: too deep');
  });
});
