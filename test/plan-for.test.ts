import { expect } from 'chai';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Adapter } from '../src/adapter.js';
import type { TestCase } from '../core/case.js';
import { planCases } from '../generator/plan/cases.js';
import type { PlanFor } from '../generator/plan/plan-for.js';
import { ReferenceAdapter } from '../src/adapters/reference.js';
import { callsOf } from '../src/harness/run-case.js';
import { casesFor, PlanCache, planForDigest } from '../src/cli/plan.js';
import { planForAdapter } from '../src/cli/plan-for-adapter.js';
import { runJson } from './helpers/cli.js';
import { planned } from './helpers/plan.js';

/** The socket API's limits as the kernel adapter states them: no handle before accept(). */
const NO_CLOSE_IN_SYN_RCVD: PlanFor = {
  avoid: (['close', 'abort'] as const).flatMap((call) =>
    (['client', 'server'] as const).map((role) => ({ call, state: 'SYN_RCVD', role })),
  ),
};

const closesInSynRcvd = (tc: TestCase) =>
  callsOf(tc).some((c) => c.state === 'SYN_RCVD' && (c.call === 'close' || c.call === 'abort'));
const isFocus = (tc: TestCase) => /^syn-rcvd-(close|abort)\//.test(tc.id);
const ids = (cases: readonly TestCase[]) => new Set(cases.map((c) => c.id));

describe('planning for the implementation (generator/plan/plan-for.ts)', function () {
  this.timeout(60_000);
  const { spec, cases: byDefault } = planned();

  it('plans at the values given: each case assumes them, and the numbers it sends follow', () => {
    const linux = planCases(spec, { parameters: { MAX_RETRIES: 6, 'RCV.WND': 64240 } });
    // The same cases, with the same IDs: a boundary is named by the guard's terms, not its value.
    expect([...ids(linux)].sort()).to.deep.equal([...ids(byDefault)].sort());
    expect(ids(linux)).to.include('close-wait-rst-in-window/client/SEG.SEQ=RCV.NXT+RCV.WND-1');
    const assuming = linux.filter((c) => c.assumes);
    expect(assuming.length).to.be.greaterThan(400);
    for (const c of assuming) {
      if (c.assumes!['RCV.WND'] !== undefined) expect(c.assumes!['RCV.WND'], c.id).to.equal(64240);
      if (c.assumes!.MAX_RETRIES !== undefined) expect(c.assumes!.MAX_RETRIES, c.id).to.equal(6);
      expect(c.parameters['RCV.WND'] ?? 64240, c.id).to.equal(64240);
    }
    // A segment just past the window: its sequence number is planned from the window's size.
    const edge = (cases: readonly TestCase[]) =>
      cases
        .filter((c) => c.assumes?.['RCV.WND'] !== undefined)
        .flatMap((c) => c.steps.flatMap((s) => (s.kind === 'inject' ? [s.segment.seq.off] : [])));
    expect(edge(byDefault)).to.include(65535 + 1);
    expect(edge(linux)).to.include(64240 + 1);
    expect(edge(linux)).not.to.include(65535 + 1);
  });

  it('reaches each state without the calls the implementation cannot make, where another path does', () => {
    const around = planCases(spec, NO_CLOSE_IN_SYN_RCVD);
    const before = byDefault.filter((c) => closesInSynRcvd(c) && !isFocus(c));
    const after = around.filter((c) => closesInSynRcvd(c) && !isFocus(c));
    expect(before.length).to.be.greaterThan(300);
    // Including those that need data unacknowledged when the FIN goes (a path with a send first).
    // Left: FIN_WAIT_1 and CLOSING with the SYN+ACK still unacknowledged, which only close() in
    // SYN_RCVD reaches; the run says why they cannot run.
    expect(after.length).to.be.greaterThan(0);
    expect(after.filter((c) => !/^(fin-wait-1|closing)-rexmt-syn\//.test(c.id)).map((c) => c.id)).to.deep.equal([]);
    const partly = around.find((c) => c.id === 'fin-wait-1-ack-data-partly/server')!;
    expect(callsOf(partly).map((c) => `${c.call} in ${c.state}`)).to.include.members([
      'send in ESTABLISHED',
      'close in ESTABLISHED',
    ]);
    // FIN_WAIT_1 as server: through ESTABLISHED and close.
    const fw1 = around.find((c) => c.id === 'fin-wait-1-fin/server')!;
    expect(callsOf(fw1)).to.deep.include({ call: 'close', state: 'ESTABLISHED' });
    // The transitions that are the call itself keep their tests, which the run makes pending.
    expect(around.filter(isFocus).map((c) => c.id)).to.deep.equal(byDefault.filter(isFocus).map((c) => c.id));
  });

  it('asks nothing of an implementation that uses the spec values and makes every call', () => {
    expect(planForAdapter(new ReferenceAdapter(), byDefault)).to.deep.equal({});
  });

  it("asks for the implementation's values of what cases assume, and around the calls it cannot make", () => {
    const adapter: Adapter = Object.assign(new ReferenceAdapter(), {
      params: { MSS: 1460, MSL: 30000, MAX_RETRIES: 10, 'RCV.WND': 64240 },
      cannotCall: (call: string, state: string) => (call === 'close' && state === 'SYN_RCVD' ? 'no handle' : undefined),
    });
    // MSL differs too, but no case is planned at a value of it: the plan has it as an unknown.
    expect(planForAdapter(adapter, byDefault)).to.deep.equal({
      parameters: { MAX_RETRIES: 10, 'RCV.WND': 64240 },
      avoid: [
        { call: 'close', state: 'SYN_RCVD', role: 'client' },
        { call: 'close', state: 'SYN_RCVD', role: 'server' },
        { call: 'close', state: 'SYN_RCVD', role: 'none' },
      ],
    });
    expect(planForAdapter(Object.assign(adapter, { unavailable: { key: 'x' } }), byDefault)).to.deep.equal({});
  });
});

describe('plans for an implementation, in the plan cache (src/cli/plan.ts casesFor)', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tcpconform-test-plan-for-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are kept under the digest of the inputs and what they were made for, and read back', async () => {
    const at: PlanFor = { parameters: { 'RCV.WND': 60000 } };
    const made = await casesFor('spec', ['memo', 'rfc9293'], at, new PlanCache(dir));
    const [key] = readdirSync(dir);
    expect(key).to.match(/^[0-9a-f]{64}$/);
    expect(planForDigest('a', at)).not.to.equal(planForDigest('a', { parameters: { 'RCV.WND': 60001 } }));
    const cache = new PlanCache(dir);
    expect(cache.read(key!, 'rfc9293')).to.deep.equal(made.filter((c) => c.profile === 'rfc9293'));
    expect(made.find((c) => c.assumes?.['RCV.WND'])?.assumes?.['RCV.WND']).to.equal(60000);
  });

  it('are the spec’s own plan when nothing else is asked', async () => {
    const own = await casesFor('spec', ['memo'], {}, new PlanCache(dir));
    expect(readdirSync(dir)).to.deep.equal([]);
    expect(own).to.have.length(planned().cases.filter((c) => c.profile === 'memo').length);
  });
});

describe('tcpconform run against an implementation with parameters of its own', function () {
  this.timeout(120_000);

  it('runs every rfc9293 test planned for its values, none pending, and all pass', async () => {
    const { status, report, stderr } = await runJson([
      '--module',
      join('test', 'fixtures', 'own-parameters-adapter.ts'),
      '--profile',
      'rfc9293',
    ]);
    expect(report.failures.map((t) => t.fullTitle)).to.deep.equal([]);
    expect(report.stats.pending).to.equal(0);
    expect(report.stats.passes).to.equal(report.stats.tests);
    expect(stderr).to.equal('planned for this implementation: MAX_RETRIES = 6, RCV.WND = 64240\n');
    expect(status).to.equal(0);
  });

  it('fails where an implementation does not use the window it reports', async () => {
    const { status, report } = await runJson([
      '--module',
      join('test', 'fixtures', 'misreported-parameters-adapter.ts'),
      '--profile',
      'rfc9293',
    ]);
    expect(status).to.equal(1);
    expect(report.failures.length).to.be.greaterThan(0);
    expect(report.stats.pending).to.equal(0);
  });
});
