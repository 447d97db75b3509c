import { expect } from 'chai';
import { ReferenceAdapter } from '../src/adapters/reference.js';
import type { TestCase } from '../core/case.js';
import { runCase, type CaseResult } from '../src/harness/run-case.js';
import { Bindings } from '../src/harness/terms.js';
import * as seq from '../core/seq.js';
import { render } from '../src/i18n/text.js';
import type { Adapter } from '../src/adapter.js';
import { BrokenAdapter, mapSegments } from './fixtures/broken-adapters.js';
import { planned } from './helpers/plan.js';

const { cases } = planned();

async function runAll(adapter: Adapter, which: readonly TestCase[] = cases): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const c of which) out.push(await runCase(adapter, c, {}));
  return out;
}

const failedRules = (results: readonly CaseResult[]) =>
  new Set(results.filter((r) => r.verdict.status === 'failed').flatMap((r) => r.testCase.rules));
const firstFailure = (results: readonly CaseResult[], id: string) => {
  const r = results.find((x) => x.testCase.id === id)!;
  return r.verdict.status === 'failed' ? render(r.verdict.failure.message, 'en') : `not failed: ${r.verdict.status}`;
};

describe('harness (src/harness)', () => {
  describe('symbolic binding', () => {
    it("learns the IUT's ISN from the first segment that carries it, across the wrap", () => {
      const b = new Bindings(1000, { MSS: 1460 });
      b.bind({ base: 'iss', off: 0 }, seq.SEQ_MAX);
      expect(b.value({ base: 'iss', off: 1 })).to.equal(0);
      expect(b.describe({ base: 'iss', off: 1 })).to.equal('ISS+1 (0)');
      expect(b.describeObserved({ base: 'iss', off: 1 }, seq.SEQ_MAX)).to.equal('ISS+0 (4294967295)');
      expect(b.value({ base: 'peer', off: 1 })).to.equal(1001);
      expect(b.value({ base: 'MSS', k: 2, off: 3 })).to.equal(2923);
    });

    it('binds from an offset: a first value of ISS+1 still yields ISS', () => {
      const b = new Bindings(0, {});
      b.bind({ base: 'iss', off: 1 }, 0);
      expect(b.get('iss')).to.equal(seq.SEQ_MAX);
    });
  });

  it('the reference passes every generated case, none pending', async () => {
    const results = await runAll(new ReferenceAdapter());
    const notPassed = results
      .filter((r) => r.verdict.status !== 'passed')
      .map((r) => `${r.testCase.id}: ${JSON.stringify(r.verdict)}`);
    expect(notPassed).to.deep.equal([]);
    expect(results.length).to.equal(cases.length);
  });

  it('the rfc9293 give-up case walks the back-off: three retransmissions, each timeout doubled, then the last timeout', () => {
    const giveUp = cases.find((c) => c.id === 'syn-sent-give-up/client')!;
    expect(giveUp.assumes).to.deep.equal({ SYN_RETRIES: 3 });
    const waits = giveUp.steps
      .filter((s) => s.kind === 'advance')
      .map((s) => (s.kind === 'advance' ? s.ms : undefined));
    // Before each expiry, the step "1 ms before the timer" must see nothing: k * RTO - 1.
    expect(waits.filter((w) => w!.off !== 1)).to.deep.equal(
      [1, 2, 4, 8].map((k) => ({ base: 'RTO', ...(k === 1 ? {} : { k }), off: 0xffff_ffff })),
    );
  });

  it('a different ISN secret (--seed) changes the ISNs and still passes', async () => {
    const a = await runAll(new ReferenceAdapter({ seed: 1 }), cases.slice(0, 5));
    expect(a.every((r) => r.verdict.status === 'passed')).to.equal(true);
  });

  describe('planted faults are caught and the broken rule is named', () => {
    it('AN off by one in the SYN+ACK: H2 fails with the field and both values', async () => {
      const broken = new BrokenAdapter({
        segments: mapSegments((s) =>
          s.flags.includes('SYN') && s.flags.includes('ACK') ? { ...s, ack: seq.sub(s.ack, 1) } : s,
        ),
      });
      const results = await runAll(broken);
      expect(failedRules(results)).to.include('H2');
      expect(firstFailure(results, 'listen-syn/server')).to.match(
        /AN: expected IRS\+1 \(1000000001\), got IRS\+0 \(1000000000\)/,
      );
    });

    it('no MSS option on the SYN: H1.mss fails', async () => {
      const broken = new BrokenAdapter({
        segments: mapSegments((s) => (s.flags.includes('SYN') ? { ...s, mss: undefined } : s)),
      });
      const results = await runAll(broken);
      expect(firstFailure(results, 'active-open/client')).to.match(/MSS option: expected one, got none/);
    });

    it('a constant ISN: the fresh-ISN case fails (H1.isn)', async () => {
      const broken = new BrokenAdapter({ constantIsn: 12345 });
      const results = await runAll(
        broken,
        cases.filter((c) => c.id.endsWith('fresh-isn')),
      );
      expect(results.length).to.be.greaterThan(0);
      expect(results.every((r) => r.verdict.status === 'failed')).to.equal(true);
      expect(firstFailure(results, 'active-open/client/fresh-isn')).to.match(/same ISN/);
    });

    it('segments larger than the peer announced: the small-MSS cases fail', async () => {
      const merge = (segs: readonly import('../core/segment.js').Segment[]) => {
        if (segs.length < 2 || !segs.every((s) => s.payload.length > 0)) return [...segs];
        const payload = new Uint8Array(segs.reduce((n, s) => n + s.payload.length, 0));
        let at = 0;
        for (const s of segs) {
          payload.set(s.payload, at);
          at += s.payload.length;
        }
        return [{ ...segs[0]!, payload }];
      };
      const results = await runAll(new BrokenAdapter({ segments: merge }));
      const failed = results.filter((r) => r.verdict.status === 'failed').map((r) => r.testCase.id);
      expect(failed).to.include.members([
        'established-send/client/small-peer-mss',
        'established-send/server/no-peer-mss',
      ]);
      expect(failedRules(results)).to.include('H1.mss');
    });

    it('no end-of-stream after the FIN: W2.notify fails', async () => {
      const results = await runAll(new BrokenAdapter({ app: (r) => r.app.filter((e) => e.kind !== 'eof') }));
      expect(firstFailure(results, 'established-fin/client')).to.match(
        /application: expected end of stream, got nothing/,
      );
    });
  });

  describe('capabilities', () => {
    it('without a state query, a silent state change is checked by identifying inputs, or the case is pending with the reason', async () => {
      const results = await runAll(new BrokenAdapter({ capabilities: { stateQuery: false } }));
      expect(results.filter((r) => r.verdict.status === 'failed')).to.deep.equal([]);
      const silent = results.filter((r) => r.testCase.needs.includes('stateQuery'));
      // Passed only by runs that identified the state by outputs; pending where the profile's inputs cannot tell it.
      const passed = silent.filter((r) => r.verdict.status === 'passed');
      expect(passed.map((r) => r.testCase.transition)).to.include.members([
        'fin-wait-1-ack',
        'last-ack-ack',
        'syn-rcvd-ack',
      ]);
      for (const r of passed) expect(r.transcript.length).to.be.greaterThan(r.testCase.steps.length);
      const pending = silent.filter((r) => r.verdict.status === 'pending');
      for (const r of pending) {
        expect(r.verdict.status === 'pending' && render(r.verdict.reason, 'en')).to.match(/cannot report its state/);
        const last = r.testCase.identify?.find(
          (id) => id.profile === r.testCase.profile && id.at === r.testCase.steps.length,
        );
        expect(last?.none ?? ['no identification']).to.not.deep.equal([]);
      }
    });

    it('without ISN override, the IUT-wrap cases are pending', async () => {
      const results = await runAll(
        new BrokenAdapter({ capabilities: { isnOverride: false } }),
        cases.filter((c) => c.iutIsn !== undefined),
      );
      expect(results.length).to.be.greaterThan(0);
      expect(results.every((r) => r.verdict.status === 'pending')).to.equal(true);
    });
  });
});
