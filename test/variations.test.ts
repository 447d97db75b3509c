/**
 * Known variations (spec/linux.yaml): a run that accepts the linux variant reports a step that
 * matches a recorded variation as such, a run that does not accept it fails the step, and a
 * difference the spec does not record fails either way.
 */
import { expect } from 'chai';
import { LATITUDE, VARIATIONS } from '../generated/spec-data.js';
import type { Segment } from '../core/segment.js';
import { runCase } from '../src/harness/run-case.js';
import { render } from '../src/i18n/text.js';
import { scorecard } from '../src/report/scorecard.js';
import type { Adapter } from '../src/adapter.js';
import type { Reaction } from '../core/reaction.js';
import { BrokenAdapter } from './fixtures/broken-adapters.js';
import { TimeWaitRestartAdapter } from './fixtures/time-wait-restart-adapter.js';
import { planned } from './helpers/plan.js';

const { cases, spec } = planned();
const established = cases.find((c) => c.id === 'established-abort/client')!;

/** The reference, aborting as Linux does: RST+ACK with AN = RCV.NXT (the last AN it sent), and no word to the application. */
function linuxLikeAbort(ackOffset = 0): BrokenAdapter {
  let rcvNxt = 0;
  return new BrokenAdapter({
    segments: (segs) =>
      segs.map((s): Segment => {
        if (s.flags.includes('RST') && !s.flags.includes('ACK'))
          return { ...s, flags: ['RST', 'ACK'], ack: (rcvNxt + ackOffset) >>> 0 };
        if (s.flags.includes('ACK')) rcvNxt = s.ack;
        return s;
      }),
    app: (r) => (r.segments.some((s) => s.flags.includes('RST')) ? r.app.filter((e) => e.kind !== 'reset') : r.app),
  });
}

/**
 * An endpoint that only opens actively, on a virtual clock, and retransmits its SYN as Linux
 * does: at the initial 1 s RTO `linear` more times, then doubling.
 */
class LinearSynAdapter implements Adapter {
  readonly name = 'linear-syn';
  readonly capabilities = { stateQuery: true, virtualClock: true, isnOverride: false };
  readonly params = {};
  private now = 0;
  private due: number[] = [];
  constructor(private readonly linear: number) {}
  async reset(): Promise<void> {
    this.due = [];
  }
  async call(): Promise<Reaction> {
    this.now = 0;
    // The first retransmission and `linear` more at 1 s intervals, then each interval twice the last.
    let at = 0;
    let interval = 1000;
    for (let n = 0; n < 3; n++) {
      if (n > this.linear) interval *= 2;
      at += interval;
      this.due.push(at);
    }
    return { segments: [this.syn()], app: [] };
  }
  async deliver(): Promise<Reaction> {
    return { segments: [], app: [] };
  }
  async advance(ms: number): Promise<Reaction> {
    this.now += ms;
    const fired = this.due.filter((at) => at <= this.now);
    this.due = this.due.filter((at) => at > this.now);
    return { segments: fired.map(() => this.syn()), app: [], ago: fired.map((at) => this.now - at) };
  }
  async state(): Promise<string> {
    return 'SYN_SENT';
  }
  async close(): Promise<void> {}
  private syn(): Segment {
    return {
      srcPort: 7000,
      dstPort: 9000,
      seq: 5000,
      ack: 0,
      flags: ['SYN'],
      window: 65535,
      mss: 1460,
      payload: new Uint8Array(0),
    };
  }
}

describe('known variations (spec variations:, the linux variant)', () => {
  it('the spec records them with where they are written, and the planner puts them on the steps of their transitions', () => {
    const abort = VARIATIONS.find((v) => v.id === 'linux.abort-rst-ack')!;
    expect(abort.source).to.match(/^spec\/linux\.yaml:\d+$/);
    expect(abort.transitions).to.include('established-abort');
    const step = established.steps[established.focus]!;
    expect(step.kind === 'call' && step.variations?.map((v) => v.id)).to.deep.equal(['linux.abort-rst-ack']);
    expect(spec.variations.find((v) => v.id === 'linux.time-wait-60s')!.parameters).to.deep.equal({ MSL: 30000 });
  });

  it('without the variant, RST+ACK on abort fails the step; with it, the case passes and names the variation', async () => {
    const strict = await runCase(linuxLikeAbort(), established, {});
    expect(strict.verdict.status).to.equal('failed');
    expect(strict.verdict.status === 'failed' && render(strict.verdict.failure.message, 'en')).to.contain(
      'flags: expected RST, got RST+ACK',
    );
    const linux = await runCase(linuxLikeAbort(), established, { variants: ['linux'] });
    expect(linux.verdict.status).to.equal('passed');
    expect(linux.variations).to.deep.equal(['linux.abort-rst-ack']);
    const score = scorecard(['RFC.calls'], [linux])[0]!;
    expect([score.verdict, score.varied]).to.deep.equal(['variation', 1]);
  });

  it('a difference the variation does not record (a wrong AN in the RST+ACK) fails even with the variant', async () => {
    const r = await runCase(linuxLikeAbort(1), established, { variants: ['linux'] });
    expect(r.verdict.status).to.equal('failed');
    expect(r.variations).to.equal(undefined);
  });

  it('the reference, which follows the RFC, passes with the variant accepted and shows no variation', async () => {
    const { ReferenceAdapter } = await import('../src/adapters/reference.js');
    const r = await runCase(new ReferenceAdapter(), established, { variants: ['linux'] });
    expect(r.verdict.status).to.equal('passed');
    expect(r.variations).to.equal(undefined);
  });

  it("a SYN retransmitted at the initial RTO, not doubled: a failure of RFC 6298 (5.5), Linux's linux.syn-schedule with the variant", async () => {
    const tc = cases.find((c) => c.id === 'syn-sent-rexmt/client/starts-rexmt')!;
    const options = { variations: VARIATIONS, latitude: LATITUDE };
    const strict = await runCase(new LinearSynAdapter(4), tc, options);
    expect(strict.verdict.status).to.equal('failed');
    expect(strict.verdict.status === 'failed' && render(strict.verdict.failure.message, 'en')).to.match(
      /retransmitted 1000 ms after the previous retransmission; .*not before 2000 ms/,
    );
    const linux = await runCase(new LinearSynAdapter(4), tc, { ...options, variants: ['linux'] });
    expect(linux.verdict.status).to.equal('passed');
    expect(linux.variations).to.deep.equal(['linux.syn-schedule']);
    // Doubling from the first, as the RFC has it: no variation shown, with or without the variant.
    const rfc = await runCase(new LinearSynAdapter(0), tc, { ...options, variants: ['linux'] });
    expect([rfc.verdict.status, rfc.variations]).to.deep.equal(['passed', undefined]);
  });

  describe('a variation that moves a timer (linux.time-wait-ack-restarts: a bare ACK restarts TIME_WAIT)', () => {
    const keeps = cases.filter((c) => /^time-wait-ack\/(client|server)\/keeps-time_wait$/.test(c.id));
    const options = { spec: async () => spec };

    it('the spec records the restart as a start_timer in its do:', () => {
      const v = spec.variations.find((x) => x.id === 'linux.time-wait-ack-restarts')!;
      expect(v.actions.map((a) => (a.kind === 'start_timer' ? `${a.timer} ${a.after.src}` : a.kind))).to.deep.equal([
        'time_wait 2 * MSL',
      ]);
    });

    it("without the variant the case fails where TIME_WAIT outlasts the spec's timer; with it, it passes as the variation", async () => {
      expect(keeps.map((c) => c.id)).to.have.length(2);
      for (const tc of keeps) {
        const strict = await runCase(new TimeWaitRestartAdapter(), tc, options);
        expect(strict.verdict.status, tc.id).to.equal('failed');
        expect(strict.verdict.status === 'failed' && strict.verdict.failure.index, tc.id).to.equal(tc.steps.length - 1);
        expect(strict.verdict.status === 'failed' && render(strict.verdict.failure.message, 'en')).to.contain(
          'expected CLOSED, got TIME_WAIT',
        );
        const linux = await runCase(new TimeWaitRestartAdapter(), tc, { ...options, variants: ['linux'] });
        expect(linux.verdict.status, tc.id).to.equal('passed');
        expect(linux.variations, tc.id).to.deep.equal(['linux.time-wait-ack-restarts']);
      }
    });

    it('the reference (no restart) passes with the variant and shows no variation', async () => {
      const { ReferenceAdapter } = await import('../src/adapters/reference.js');
      for (const tc of keeps) {
        const r = await runCase(new ReferenceAdapter(), tc, { ...options, variants: ['linux'] });
        expect([r.verdict.status, r.variations], tc.id).to.deep.equal(['passed', undefined]);
      }
    });

    it('the restarted timer is judged too: a TIME_WAIT that then never ends fails with the variant', async () => {
      const tc = cases.find((c) => c.id === 'time-wait-ack/client/keeps-time_wait')!;
      // The plan ends at the spec's 2*MSL, where the restarted timer has MSL left: one more wait
      // of MSL (the case's focus, its first wait, is that long) and it must have expired.
      const last = tc.steps.at(-1)!;
      const first = tc.steps[tc.focus]!;
      if (last.kind !== 'advance' || first.kind !== 'advance') expect.fail('the case ends and begins with a wait');
      expect(last.expect.state).to.equal('CLOSED');
      const longer = { ...tc, steps: [...tc.steps, { ...last, ms: first.ms }] };
      const linux = { ...options, variants: ['linux' as const] };
      const restarts = await runCase(new TimeWaitRestartAdapter(), longer, linux);
      expect([restarts.verdict.status, restarts.variations]).to.deep.equal([
        'passed',
        ['linux.time-wait-ack-restarts'],
      ]);
      const forever = await runCase(new TimeWaitRestartAdapter('forever'), longer, linux);
      expect(forever.verdict.status).to.equal('failed');
      expect(forever.verdict.status === 'failed' && forever.verdict.failure.index).to.equal(longer.steps.length - 1);
    });
  });
});
