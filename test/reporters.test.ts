/**
 * The reports are read by the tools that read them: JUnit XML by an XML parser, the
 * Gradescope file against Gradescope's documented results.json format (the HTML page, by
 * headless Chromium, in test/slow/html-report.test.ts).
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { BROKEN, reportTo, tcpconform } from './helpers/cli.js';
import { memoCases, planFirst } from './helpers/plan.js';

const total = () => memoCases().length;

/** Gradescope's results.json, as its autograder specification documents it. */
const GradescopeResults = z.strictObject({
  score: z.number().optional(),
  execution_time: z.number().optional(),
  output: z.string().optional(),
  output_format: z.enum(['text', 'html', 'simple_format', 'md', 'ansi']).optional(),
  visibility: z.enum(['hidden', 'after_due_date', 'after_published', 'visible']).optional(),
  stdout_visibility: z.enum(['hidden', 'after_due_date', 'after_published', 'visible']).optional(),
  extra_data: z.record(z.string(), z.unknown()).optional(),
  tests: z.array(
    z.strictObject({
      score: z.number().optional(),
      max_score: z.number().optional(),
      status: z.enum(['passed', 'failed']).optional(),
      name: z.string().optional(),
      number: z.string().optional(),
      output: z.string().optional(),
      tags: z.array(z.string()).optional(),
      visibility: z.enum(['hidden', 'after_due_date', 'after_published', 'visible']).optional(),
      extra_data: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  leaderboard: z.array(z.unknown()).optional(),
});

describe('reporters', function () {
  this.timeout(120_000);
  planFirst();
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'tcpconform-test-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('junit: where the judge used latitude, the test says so in its system-out, a warning as such', async () => {
    const delayed = await reportTo(dir, 'junit', '--module', join('test', 'fixtures', 'delayed-ack-adapter.ts'));
    expect(delayed.status).to.equal(0);
    expect(XMLValidator.validate(delayed.text)).to.equal(true);
    expect(delayed.text).to.match(
      /<system-out>step \d+: within RFC 9293&apos;s latitude delayed-ack \(§3\.8\.6\.3; SHLD-18, MUST-40\): /,
    );
    const rst = await reportTo(
      dir,
      'junit',
      '--module',
      join('test', 'fixtures', 'rst-with-ack-adapter.ts'),
      '--profile',
      'rfc9293',
    );
    expect(rst.status, 'warnings alone do not fail a run').to.equal(0);
    expect(rst.text).to.match(/step \d+: a warning, within RFC 9293&apos;s latitude rst-with-ack \(§3\.5\.2; -\)/);
  });

  it('junit: valid XML with the expected counts, a failure per failing test and the scorecard', async () => {
    const r = await reportTo(dir, 'junit', ...BROKEN);
    expect(r.status).to.equal(1);
    expect(XMLValidator.validate(r.text)).to.equal(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(r.text) as {
      testsuites: {
        tests: string;
        failures: string;
        skipped: string;
        testsuite: {
          name: string;
          tests: string;
          testcase?: { name: string; failure?: { message: string; type: string } }[];
          properties?: { property: { name: string; value: string }[] };
        }[];
      };
    };
    const ts = doc.testsuites;
    expect(Number(ts.tests)).to.equal(total());
    const suites = ts.testsuite.filter((s) => s.name !== 'scorecard');
    const cases = suites.flatMap((s) => s.testcase ?? []);
    expect(cases.length).to.equal(total());
    const failing = cases.filter((c) => c.failure);
    expect(failing.length).to.equal(Number(ts.failures)).and.be.greaterThan(0);
    expect(failing[0]!.failure!.message).to.match(/^while setting up|^at step/);
    const props = ts.testsuite.find((s) => s.name === 'scorecard')!.properties!.property;
    // A setup step that breaks H2 fails H2 too: the failing step names it.
    expect(props.find((p) => p.name === 'rule.H2')!.value).to.match(
      /^FAIL 1\/5 warnings=0 suspect=0 unverified=0 blocked=0 pending=0: /,
    );
    // The failure's type is its kind: at the test's own step a violation, in its setup blocked.
    const types = new Set(failing.map((c) => c.failure!.type));
    expect([...types].sort()).to.deep.equal(['blocked', 'violation']);
  });

  it('gradescope: matches the documented results.json format; one point per test that could be checked', async () => {
    const r = await reportTo(dir, 'gradescope', ...BROKEN);
    const results = GradescopeResults.parse(JSON.parse(r.text));
    expect(results.tests.length).to.equal(total());
    const passed = results.tests.filter((t) => t.status === 'passed').length;
    expect(results.score).to.equal(passed);
    const failed = results.tests.find((t) => t.status === 'failed')!;
    expect(failed.output).to.match(/rule H2:/);
    expect(failed.score).to.equal(0);
    expect(failed.extra_data!.blame).to.include({ transition: 'listen-syn', field: 'AN' });
    // No label of listen-syn governs the AN (MUST-8: the ISN; MUST-14, SHLD-5: the MSS option).
    expect(failed.extra_data!.blame).to.deep.include({ labels: [], level: null });
    expect((failed.extra_data!.blame as { rules: string[] }).rules).to.deep.equal(['H2']);
    expect(results.output).to.match(/^rule\s+passed\/run/);
  });

  it('json: the scorecard and every test, nothing else on stdout when writing to a file', async () => {
    const r = await reportTo(dir, 'json', ...BROKEN);
    expect(r.stdout).to.match(/^report written to /);
    const body = JSON.parse(r.text) as {
      stats: { tests: number; failures: number };
      scorecard: { rule: string; verdict: string }[];
      failures: {
        blame: { step: { index: number; description: string }; rules: string[]; labels: string[]; kind: string };
      }[];
    };
    expect(body.stats.tests).to.equal(total());
    // Per failure: the step (index, one line), its rules, labels, level and kind.
    const blame = body.failures[0]!.blame;
    expect(blame.step.description).to.match(/^tester sends SYN/);
    expect(blame.rules).to.deep.equal(['H2']);
    expect(blame.labels).to.deep.equal([]); // listen-syn's labels govern the ISN and the MSS option
    expect(['violation', 'blocked']).to.include(blame.kind);
    expect(body.scorecard.find((s) => s.rule === 'H2')!.verdict).to.equal('FAIL');
  });

  it('--lang zh: rule sentences, verdicts and hints in Chinese', () => {
    const r = tcpconform(['run', '--lang', 'zh', ...BROKEN]);
    expect(r.stdout).to.include('规则 H2：处于监听状态的服务器收到 SYN 后');
    expect(r.stdout).to.include('确认号 AN：期望 IRS+1 (1000000001)，实际 IRS+0 (1000000000)');
    expect(r.stdout).to.match(/^规则\s+通过\/运行\s+警告\s+存疑\s+无法核实\s+未检验\s+待定\s+结论$/m);
    expect(r.stdout).to.match(/^H2\s+1\/5\s+0\s+0\s+0\s+0\s+0\s+不通过$/m);
    expect(r.stdout).to.include('违规：第 2 步（listen-syn）中确认号 AN有误，违反 H2；无需求标签（按 MUST 处理）');
  });
});
