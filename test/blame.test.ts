/**
 * Blame where it failed: planted faults, each breaking one thing, must mark FAIL exactly the
 * rules of the step that broke (no innocent rule), with and without the state query; a rule
 * no test could check is unverified or suspect, never pass; a departure from a SHOULD is a
 * warning that does not fail the test.
 */
import { expect } from 'chai';
import type { Step, TestCase } from '../core/case.js';
import { profileView } from '../core/spec/profiles.js';
import type { Adapter } from '../src/adapter.js';
import { ReferenceAdapter } from '../src/adapters/reference.js';
import { withoutStateQuery } from '../src/adapters/without-state-query.js';
import { blameStep, departureKind, fieldOf, rulesFor, strongest } from '../src/harness/blame.js';
import { formatFailure } from '../src/harness/format.js';
import { runCase } from '../src/harness/run-case.js';
import { t } from '../src/i18n/text.js';
import { formatScorecard, scorecard } from '../src/report/scorecard.js';
import { plantedFaults } from './fixtures/planted-faults.js';
import { plantedFaultErrors, runProfile, withVerdict } from './helpers/blame.js';
import { XMLValidator } from 'fast-xml-parser';
import { gradescopeReport } from '../src/report/gradescope.js';
import { jsonReport } from '../src/report/json.js';
import { junitReport } from '../src/report/junit.js';
import type { RunReport, TestRecord } from '../src/report/records.js';
import { memoCases, planFirst, planned } from './helpers/plan.js';

const runMemo = (make: () => Adapter, stateQuery: boolean) => runProfile(make, stateQuery, 'memo');

describe('blame', function () {
  this.timeout(120_000);
  planFirst();

  describe('planted faults mark FAIL exactly the rules of the step that broke', () => {
    for (const stateQuery of [true, false]) {
      const mode = stateQuery ? 'with the state query' : 'without the state query';
      it(`every planted fault, ${mode}`, async () => {
        expect(await plantedFaultErrors('memo', stateQuery)).to.deep.equal([]);
      });
    }
  });

  it('the reference: nothing FAIL or suspect; without the state query, TIME_WAIT not told from CLOSED leaves W4.2msl unverified, not pass', async () => {
    const asked = await runMemo(() => new ReferenceAdapter(), true);
    expect(asked.scores.every((s) => s.verdict === 'pass')).to.equal(true);
    const blind = await runMemo(() => new ReferenceAdapter(), false);
    expect(withVerdict(blind.scores, 'FAIL', 'suspect', 'blocked')).to.deep.equal([]);
    const w = blind.scores.find((s) => s.rule === 'W4.2msl')!;
    expect(w.verdict).to.equal('unverified');
    expect(w.passed).to.equal(0);
    const tw = blind.results.find((r) => r.testCase.id === 'time-wait-expires/client')!;
    expect(tw.verdict.status).to.equal('passed');
    expect(tw.unverified!.some((u) => u.index === tw.testCase.focus && u.untold.includes('CLOSED'))).to.equal(true);
  });

  it('a failure names the step, the field, its rules, the labels of that field, level and kind; in setup it is blocked', async () => {
    const fault = plantedFaults(planned().spec).find((f) => f.id === 'synack-an')!;
    const { results } = await runMemo(fault.adapter, true);
    const own = results.find((r) => r.testCase.id === 'listen-syn/server')!;
    expect(own.verdict.status === 'failed' && own.verdict.failure.blame).to.deep.equal({
      index: own.testCase.focus,
      step: own.testCase.steps[own.testCase.focus],
      transition: 'listen-syn',
      rules: ['H2'],
      // listen-syn names MUST-8 (the ISN) and MUST-14, SHLD-5 (the MSS option): an AN breaks none of them.
      labels: [],
      kind: 'violation',
      field: 'AN',
    });
    const later = results.find((r) => r.testCase.id === 'syn-rcvd-ack/server')!;
    const b = later.verdict.status === 'failed' ? later.verdict.failure.blame : undefined;
    expect(b?.kind).to.equal('blocked');
    expect(b?.rules).to.deep.equal(['H2']);
    const text = formatFailure(own, 'en', planned().spec.rules);
    expect(text).to.match(
      /violation: the AN at step \d+ \(listen-syn\) breaks H2; no requirement label \(held as a MUST\)/,
    );
    expect(text).to.match(/rule H2: /);
    expect(text).not.to.match(/rule H2\.mss: /);
  });

  it("a missing MSS option departs from SHLD-5 only: a warning, not the ISN's MUST-8 or MUST-14", async () => {
    const fault = plantedFaults(planned().spec).find((f) => f.id === 'synack-no-mss')!;
    const { results } = await runMemo(fault.adapter, true);
    const own = results.find((r) => r.testCase.id === 'listen-syn/server')!;
    expect(own.verdict.status).to.equal('passed');
    const b = own.warnings?.[0]?.blame;
    expect(b?.field).to.equal('MSS');
    expect(b?.rules).to.deep.equal(['H2.mss']);
    expect(b?.labels).to.deep.equal(['SHLD-5']);
    expect(b?.level).to.equal('SHLD');
    expect(b?.kind).to.equal('warning');
  });

  it('a wrong state found by identifying inputs says which states the answers fit and blames the transition that entered it', async () => {
    const fault = plantedFaults(planned().spec).find((f) => f.id === 'fin-wait-1-stays')!;
    const c = memoCases().find((x) => x.id === 'fin-wait-1-ack/client')!;
    const view = profileView(planned().spec, 'memo');
    const r = await runCase(withoutStateQuery(fault.adapter()), c, { profile: 'memo', spec: async () => view });
    expect(r.verdict.status).to.equal('failed');
    if (r.verdict.status !== 'failed') return;
    const { blame, identifying } = r.verdict.failure;
    expect(identifying?.state).to.equal('FIN_WAIT_2');
    expect(blame.fits?.states).to.include('ESTABLISHED').and.not.include('FIN_WAIT_2');
    expect(blame.transition).to.equal('fin-wait-1-ack');
    expect(blame.field).to.equal('state');
    expect(formatFailure(r, 'en', planned().spec.rules)).to.match(
      /the answers fit [A-Z_, ]*ESTABLISHED[A-Z_, ]*, not FIN_WAIT_2/,
    );
    // Other explanations are listed for the run to weigh.
    expect(r.verdict.failure.suspects!.map((s) => s.transition)).to.include('fin-wait-1-ack');
  });

  describe('levels', () => {
    const labelled = (tc: TestCase, index: number, labels: readonly string[]): TestCase => ({
      ...tc,
      steps: tc.steps.map((s, i): Step => (i === index ? Object.assign({}, s, { labels }) : s)),
    });
    const fault = () =>
      plantedFaults(planned().spec)
        .find((f) => f.id === 'synack-an')!
        .adapter();
    const base = () => memoCases().find((x) => x.id === 'listen-syn/server')!;

    it('a departure at a step labelled only SHOULD is a warning: the test passes, the rule says so', async () => {
      const tc = labelled(base(), base().focus, ['SHLD-99']);
      const r = await runCase(fault(), tc, {});
      expect(r.verdict.status).to.equal('passed');
      expect(r.warnings!.map((w) => [w.blame.kind, w.blame.level, w.blame.rules.join()])).to.deep.equal([
        ['warning', 'SHLD', 'H2'],
      ]);
      const [score] = scorecard(['H2'], [r]);
      expect(score!.verdict).to.equal('warning');
      expect(formatScorecard([score!])).to.match(/^H2 .* pass, 1 warning$/m);
      expect(formatScorecard([score!], 'zh')).to.match(/^H2 .* 通过，1 个警告$/m);
    });

    it('reports: a warning is no JUnit failure (it goes to system-out) and costs no Gradescope point', async () => {
      const r = await runCase(fault(), labelled(base(), base().focus, ['SHLD-99']), {});
      const record: TestRecord = {
        suite: 'handshake',
        title: r.testCase.title,
        fullTitle: r.testCase.title,
        durationMs: 1,
        state: 'passed',
        result: r,
      };
      const report: RunReport = {
        tool: 'tcpconform',
        adapter: 'broken',
        lang: 'en',
        start: new Date(0),
        end: new Date(1000),
        records: [record],
        scores: scorecard(['H2'], [r]),
        rules: planned().spec.rules,
      };
      const xml = junitReport(report);
      expect(XMLValidator.validate(xml)).to.equal(true);
      expect(xml).to.match(/<testsuites [^>]*failures="0"/);
      expect(xml).not.to.include('<failure');
      expect(xml).to.match(/<system-out>warning in listen-syn\/server: [^<]*AN: expected IRS\+1/);
      const grade = JSON.parse(gradescopeReport(report)) as {
        score: number;
        tests: { score: number; output: string; extra_data: { warnings: { kind: string; level: string }[] } }[];
      };
      expect(grade.score).to.equal(1);
      expect(grade.tests[0]!.output).to.match(/^warning in listen-syn\/server/);
      expect(grade.tests[0]!.extra_data.warnings).to.deep.equal([
        { ...grade.tests[0]!.extra_data.warnings[0]!, kind: 'warning', level: 'SHLD' },
      ]);
      const json = JSON.parse(jsonReport(report)) as { passes: { warnings: unknown[] }[] };
      expect(json.passes[0]!.warnings).to.have.length(1);
    });

    it('a MUST among the labels makes it a violation; a MAY alone never fails', async () => {
      const must = await runCase(fault(), labelled(base(), base().focus, ['SHLD-99', 'MUST-99']), {});
      expect(must.verdict.status === 'failed' && must.verdict.failure.blame.level).to.equal('MUST');
      const may = await runCase(fault(), labelled(base(), base().focus, ['MAY-99']), {});
      expect(may.verdict.status).to.equal('passed');
      expect(may.warnings![0]!.blame.level).to.equal('MAY');
    });

    it('the level is the strongest label prefix; no label is held as a MUST', () => {
      expect(strongest(['MAY-1', 'REC-2'])).to.equal('REC');
      expect(strongest([])).to.equal(undefined);
      expect(departureKind([])).to.equal('violation');
      expect(departureKind(['SHLD-1', 'MAY-2'])).to.equal('warning');
      expect(departureKind(['SHLD-1', 'MUST-2'])).to.equal('violation');
    });
  });

  it('a field blames the rules that check it: the MSS option its .mss rule, the end-of-stream event its .notify rule', () => {
    const rules = ['H1', 'H1.isn', 'H1.mss'];
    expect(rulesFor(rules, 'MSS')).to.deep.equal(['H1.mss']);
    expect(rulesFor(rules, 'SN')).to.deep.equal(['H1']);
    expect(rulesFor(['W2', 'W2.notify'], 'app')).to.deep.equal(['W2.notify']);
    expect(rulesFor(['W2', 'W2.notify'], 'AN')).to.deep.equal(['W2']);
    expect(rulesFor(['H1.mss'], 'AN')).to.deep.equal(['H1.mss']);
    expect(fieldOf(t('diff.segment', { i: 1, diff: t('diff.mss.missing') }))).to.equal('MSS');
    const step = memoCases()[0]!.steps[0]!;
    expect(blameStep(0, step, 'state', 1, []).kind).to.equal('blocked');
  });

  it('the scorecard table has a column per count, in English and Chinese', async () => {
    const fault = plantedFaults(planned().spec).find((f) => f.id === 'fin-wait-1-stays')!;
    const { scores } = await runMemo(fault.adapter, false);
    const en = formatScorecard(scores);
    expect(en).to.match(/^rule\s+passed\/run\s+warnings\s+suspect\s+unverified\s+blocked\s+pending\s+verdict$/m);
    expect(en).to.match(/^W2\.ack\s+\d+\/\d+\s+0\s+[1-9]\d*\s+\d+\s+\d+\s+0\s+suspect$/m);
    const zh = formatScorecard(scores, 'zh');
    expect(zh).to.match(/^规则\s+通过\/运行\s+警告\s+存疑\s+无法核实\s+未检验\s+待定\s+结论$/m);
    expect(zh).to.match(/^W2\.ack\s.*存疑$/m);
  });
});
