/**
 * Latitude, end to end: implementations that do what RFC 9293 allows but the spec's
 * transitions do not write down (test/fixtures/latitude-adapters.ts) pass every case of the
 * rfc9293 profile, with and without a state query, where the exact comparison fails them;
 * and every planted fault still fails with the same latitude, alone or inside such an
 * implementation.
 */
import { expect } from 'chai';
import type { Adapter } from '../src/adapter.js';
import { withoutStateQuery } from '../src/adapters/without-state-query.js';
import { ReferenceAdapter } from '../src/adapters/reference.js';
import { createReference } from '../generated/reference/index.js';
import { runCase } from '../src/harness/run-case.js';
import { runAll } from './helpers/latitude.js';
import { plantedFaultErrors } from './helpers/blame.js';
import { fuzz } from '../src/fuzz/run.js';
import { BrokenAdapter, mapSegments } from './fixtures/broken-adapters.js';
import {
  AdaptiveRtoAdapter,
  DelayedAckAdapter,
  KeepAliveAdapter,
  Rfc1337Adapter,
  RstWithAckAdapter,
  TailLossProbeAdapter,
  TickAdapter,
  WindowUpdateAdapter,
} from './fixtures/latitude-adapters.js';
import { DataWithFinAdapter, NagleAdapter, RetransmitAsSentAdapter } from './fixtures/nagle-adapters.js';
import { planFirst, planned } from './helpers/plan.js';
import { tcpconform } from './helpers/cli.js';
import { join } from 'node:path';
import * as seq from '../core/seq.js';
import { controlKey } from '../core/segment.js';
import { render } from '../src/i18n/text.js';

/**
 * `fuzzed`: fuzzing applies its latitude too. `fuzzRuns`: the fuzzing judged exactly must find
 * the departure too, in this many walks (more than the default 200 where few walks reach it),
 * so the walks are known to reach it.
 */
const FIXTURES: readonly {
  name: string;
  make: () => Adapter;
  allowance: string;
  warns: boolean;
  fuzzed: boolean;
  fuzzRuns?: number;
}[] = [
  {
    name: 'ACKs delayed 200 ms',
    make: () => new DelayedAckAdapter(200),
    allowance: 'delayed-ack',
    warns: false,
    fuzzed: true,
  },
  {
    name: 'every RST with ACK',
    make: () => new RstWithAckAdapter(),
    allowance: 'rst-with-ack',
    warns: true,
    fuzzed: true,
  },
  {
    name: 'timers on a 500 ms tick',
    make: () => new TickAdapter(500),
    allowance: 'timer-granularity',
    warns: false,
    fuzzed: true,
  },
  // Below 1 s, RFC 6298 (2.4)'s SHOULD: it warns.
  {
    name: 'an RFC 6298 RTO with a 200 ms floor',
    make: () => new AdaptiveRtoAdapter(200),
    allowance: 'rto',
    warns: true,
    fuzzed: true,
  },
  {
    name: 'window updates when the application reads',
    make: () => new WindowUpdateAdapter(),
    allowance: 'window-update',
    warns: false,
    fuzzed: true,
  },
  {
    name: 'empty keep-alive probes after 1 s idle',
    make: () => new KeepAliveAdapter(1000),
    allowance: 'keep-alive',
    warns: false,
    fuzzed: true,
  },
  {
    name: 'keep-alive probes with a garbage octet after 1 s idle',
    make: () => new KeepAliveAdapter(1000, true),
    allowance: 'keep-alive',
    warns: false,
    fuzzed: true,
  },
  {
    name: 'RFC 1337: a RST in TIME_WAIT ignored',
    make: () => new Rfc1337Adapter(),
    allowance: 'rfc1337-time-wait',
    warns: true,
    fuzzed: true,
    // A walk to TIME_WAIT, then a RST with SN = RCV.NXT: about one walk in a thousand.
    fuzzRuns: 3000,
  },
  // A probe 200 ms after the tail, in every case that waits for a retransmission of data or a FIN.
  {
    name: 'tail loss probes (RACK-TLP, declared as TLP = 1)',
    make: () => new TailLossProbeAdapter(),
    allowance: 'tail-loss-probe',
    warns: false,
    fuzzed: true,
  },
  // The cases with a peer MSS of 64 send 150 octets as 64 + 64 + 22: the 22 are held, and go
  // out on the ACK of the 128 where a case acknowledges them (generator/plan/release.ts).
  {
    name: 'Nagle: a short segment held while data is unacknowledged',
    make: () => new NagleAdapter(),
    allowance: 'nagle',
    warns: false,
    fuzzed: true,
  },
  {
    name: 'a FIN on the last data of a retransmission',
    make: () => new DataWithFinAdapter(),
    allowance: 'data-with-fin',
    warns: false,
    fuzzed: true,
    // A FIN_WAIT_1, CLOSING or LAST_ACK retransmission with data of two sends unacknowledged (/two-sends).
    fuzzRuns: 500,
  },
  {
    name: 'retransmission of the first unacknowledged segment as it was sent',
    make: () => new RetransmitAsSentAdapter(),
    allowance: 'rto',
    warns: false,
    fuzzed: true,
    // Every retransmission with data of two sends unacknowledged (/two-sends).
    fuzzRuns: 500,
  },
];

describe('latitude: implementations within RFC 9293 pass, planted faults still fail', function () {
  this.timeout(600_000);
  planFirst();
  const rfc9293 = () => planned().cases;
  const memo = () => planned().cases.filter((c) => c.profile === 'memo');

  for (const f of FIXTURES) {
    describe(f.name, () => {
      it('passes every case of the rfc9293 profile, using the latitude; exactly judged, some fail', async () => {
        const judged = await runAll(f.make(), rfc9293());
        expect(judged.failed, 'failed with latitude').to.deep.equal([]);
        expect(judged.passed).to.equal(rfc9293().length);
        expect(judged.used.get(f.allowance) ?? 0, `uses of ${f.allowance}`).to.be.greaterThan(0);
        if (f.warns) expect(judged.warned, 'cases that warn').to.be.greaterThan(0);
        else expect(judged.warned, 'nothing here departs from a SHOULD').to.equal(0);
        const exact = await runAll(f.make(), rfc9293(), true);
        expect(exact.failed.length, 'cases failed when judged exactly').to.be.greaterThan(0);
      });

      it('passes the rfc9293 profile without a state query too', async () => {
        const judged = await runAll(withoutStateQuery(f.make()), rfc9293());
        expect(judged.failed).to.deep.equal([]);
        expect(judged.passed).to.equal(rfc9293().length);
      });

      if (f.fuzzed)
        it('passes fuzzing, both profiles', async () => {
          const runs = f.fuzzRuns ?? 200;
          for (const profile of ['memo', 'rfc9293'] as const) {
            const o = await fuzz(f.make(), { spec: planned().spec, profile, runs, maxSteps: 40, seed: 11 });
            expect(o.groups[0]?.result.failure, profile).to.equal(undefined);
            expect(o.steps, profile).to.be.greaterThan(1000);
          }
          if (!f.fuzzRuns) return;
          const exact = { ...planned().spec, latitude: [] };
          const o = await fuzz(f.make(), { spec: exact, profile: 'rfc9293', runs, maxSteps: 40, seed: 11 });
          expect(o.groups[0]?.result.failure, 'the walks reach the departure: judged exactly, one fails').to.not.equal(
            undefined,
          );
        });
    });
  }

  /** Planted faults, each judged with the spec's latitude, alone and inside a delayed-ACK implementation. */
  /**
   * `allowedSometimes`: in some cases the fault looks like what the RFC allows there (a handshake
   * ACK never sent alone, but carried by the data that follows), so latitude passes those; it
   * must fail a subset of the cases the exact comparison fails, and still fail.
   */
  const FAULTS: readonly { name: string; make: () => Adapter; allowedSometimes?: boolean }[] = [
    {
      name: 'the SYN+ACK acknowledges one too few',
      make: () =>
        new BrokenAdapter({
          segments: mapSegments((s) => (controlKey(s.flags) === 'SYN+ACK' ? { ...s, ack: seq.sub(s.ack, 1) } : s)),
        }),
    },
    {
      name: 'pure ACKs are never sent',
      make: () =>
        new BrokenAdapter({
          segments: (segs) => segs.filter((s) => controlKey(s.flags) !== 'ACK' || s.payload.length > 0),
        }),
      allowedSometimes: true,
    },
    {
      name: 'every pure ACK acknowledges one octet more',
      make: () =>
        new BrokenAdapter({
          segments: mapSegments((s) =>
            controlKey(s.flags) === 'ACK' && s.payload.length === 0 ? { ...s, ack: seq.add(s.ack, 1) } : s,
          ),
        }),
    },
    {
      name: 'a RST carries the wrong SN',
      make: () =>
        new BrokenAdapter({
          segments: mapSegments((s) =>
            s.flags.includes('RST') ? { ...s, flags: ['RST', 'ACK'], seq: seq.add(s.seq, 1) } : s,
          ),
        }),
    },
  ];

  for (const fault of FAULTS) {
    it(`a planted fault fails ${fault.allowedSometimes ? 'some of ' : ''}the same cases with latitude as without: ${fault.name}`, async () => {
      const t = await runAll(fault.make(), rfc9293());
      const exact = (await runAll(fault.make(), rfc9293(), true)).failed;
      expect(t.failed.length).to.be.greaterThan(0);
      if (fault.allowedSometimes) expect(exact).to.include.members(t.failed);
      else expect(t.failed).to.deep.equal(exact);
    });
  }

  /**
   * Faults in the RFC 6298 RTO, each against a MUST: the latitude never lets them pass. A
   * fault in timing fails only cases that wait for a retransmission; a wrong segment fails
   * wherever one is sent.
   */
  const RTO_FAULTS: readonly { name: string; make: () => Adapter; says: RegExp; timing: boolean }[] = [
    {
      name: 'retransmits sooner than its declared RTO_MIN',
      make: () => new AdaptiveRtoAdapter(200, { actualMinMs: 100 }),
      says: /sooner than the declared RTO_MIN of 200 ms/,
      timing: true,
    },
    {
      name: 'does not back off',
      make: () => new AdaptiveRtoAdapter(200, { backoff: false }),
      says: /the RTO doubles, so not before/,
      timing: true,
    },
    {
      name: 'retransmits from one octet past the earliest unacknowledged',
      make: () => new AdaptiveRtoAdapter(200, { resend: (s) => ({ ...s, seq: seq.add(s.seq, 1) }) }),
      says: /SN/,
      timing: false,
    },
  ];

  for (const fault of RTO_FAULTS) {
    it(`a planted RTO fault fails, with and without a state query: ${fault.name}`, async () => {
      const latitude = planned().spec.latitude;
      const rexmt = rfc9293().filter((c) => /rexmt|give-up/.test(c.id));
      const failed: string[] = [];
      const messages: string[] = [];
      for (const c of rfc9293()) {
        const r = await runCase(fault.make(), c, { latitude });
        if (r.verdict.status !== 'failed') continue;
        failed.push(c.id);
        messages.push(render(r.verdict.failure.message, 'en'));
      }
      expect(failed.length).to.be.greaterThan(0);
      if (fault.timing) expect(failed.filter((id) => !rexmt.some((c) => c.id === id))).to.deep.equal([]);
      expect(
        messages.some((m) => fault.says.test(m)),
        messages[0],
      ).to.equal(true);
      const blind = await runAll(withoutStateQuery(fault.make()), rexmt);
      expect(blind.failed.length).to.be.greaterThan(0);
    });
  }

  /**
   * Fuzzing judges timers as run does, on the declared granularity: late by up to it, never
   * early. Each of these breaks that, or the RFC 6298 RTO's MUSTs, and fuzzing finds it.
   */
  const FUZZED_TIMING_FAULTS: readonly { name: string; make: () => Adapter }[] = [
    {
      name: 'timers 1 ms early (on a 1 ms tick, 500 ms declared)',
      make: () => new TickAdapter(1, 0, { declaredMs: 500, earlyMs: 1 }),
    },
    { name: 'a 500 ms tick declared as 100 ms', make: () => new TickAdapter(500, 317, { declaredMs: 100 }) },
    { name: 'an RTO below its declared RTO_MIN', make: () => new AdaptiveRtoAdapter(200, { actualMinMs: 100 }) },
    { name: 'an RTO that does not back off', make: () => new AdaptiveRtoAdapter(200, { backoff: false }) },
  ];

  for (const fault of FUZZED_TIMING_FAULTS)
    it(`fuzzing finds a planted timing fault: ${fault.name}`, async () => {
      const o = await fuzz(fault.make(), {
        spec: planned().spec,
        profile: 'rfc9293',
        // A wait of a timer's length less 1 ms is one draw in about fifty: more walks than the fixtures get.
        runs: 2000,
        maxSteps: 40,
        seed: 11,
      });
      expect(o.groups[0]?.result.failure, 'a failing walk').to.not.equal(undefined);
    });

  /**
   * Faults in an RFC 1337 TIME_WAIT: the latitude lets the RST be ignored and nothing more.
   * With the state query each is blamed on the transition it breaks: answering the RST on the
   * RST's own; staying beyond 2*MSL on the expiry of the timer the endpoint that stayed still ran.
   */
  const TIME_WAIT_FAULTS: readonly { fault: 'answer' | 'forever'; blamed: readonly string[]; cases: RegExp }[] = [
    {
      fault: 'answer',
      blamed: ['time-wait-rst RFC.rst', 'time-wait-rst-ack RFC.rst'],
      cases: /^time-wait-rst(-ack)?\//,
    },
    { fault: 'forever', blamed: ['time-wait-expires W4.2msl'], cases: /^time-wait-rst(-ack)?\/.*stops-time_wait$/ },
  ];

  for (const { fault, blamed, cases } of TIME_WAIT_FAULTS) {
    it(`a planted fault in an RFC 1337 TIME_WAIT fails, blamed where it is: ${fault}`, async () => {
      const { spec } = planned();
      const tw = rfc9293().filter((c) => /^time-wait-rst(-ack)?\//.test(c.id));
      const failed: string[] = [];
      const blames = new Set<string>();
      for (const c of tw) {
        const r = await runCase(new Rfc1337Adapter(fault), c, { latitude: spec.latitude, spec: async () => spec });
        if (r.verdict.status !== 'failed') continue;
        failed.push(c.id);
        const { blame } = r.verdict.failure;
        expect(blame.kind, c.id).to.equal('violation');
        blames.add(`${blame.transition} ${blame.rules.join(',')}`);
      }
      expect(failed).to.deep.equal(tw.filter((c) => cases.test(c.id)).map((c) => c.id));
      expect([...blames].sort()).to.deep.equal(blamed);
      const blind = await runAll(withoutStateQuery(new Rfc1337Adapter(fault)), tw);
      expect(blind.failed).to.deep.equal(failed);
    });
  }

  it('a duplicate ACK where the spec sends one ACK fails, blamed on the step that sent it, latitude or not', async () => {
    // Every pure ACK sent twice: the second has the same window, so it is no window update.
    const doubling = () =>
      new BrokenAdapter({
        segments: (segs) =>
          segs.flatMap((s) => (controlKey(s.flags) === 'ACK' && s.payload.length === 0 ? [s, s] : [s])),
      });
    const { spec } = planned();
    const judged = await runAll(doubling(), rfc9293());
    expect(judged.failed.length).to.be.greaterThan(0);
    expect(judged.failed).to.deep.equal((await runAll(doubling(), rfc9293(), true)).failed);
    for (const id of judged.failed.slice(0, 40)) {
      const c = rfc9293().find((x) => x.id === id)!;
      const r = await runCase(doubling(), c, { latitude: spec.latitude, spec: async () => spec });
      if (r.verdict.status !== 'failed') throw new Error(`${id} passed on a second run`);
      const { failure } = r.verdict;
      const step = failure.step;
      expect(render(failure.message, 'en'), id).to.match(/got an extra one: ACK /);
      expect(failure.blame.transition, id).to.equal(step.transition);
      // The step that sent it: the spec sends a pure ACK there, and only one.
      const acks =
        'expect' in step ? step.expect.segments.filter((p) => controlKey(p.flags) === 'ACK' && p.data === '') : [];
      expect(acks.length, id).to.equal(1);
    }
  });

  it("an RFC 1337 TIME_WAIT is followed at the implementation's own MSL: staying its 2*MSL passes, beyond fails", async () => {
    // The spec run for the endpoint that stayed must time TIME_WAIT with the MSL the implementation reports.
    const shortMsl = (fault?: 'forever') =>
      new Rfc1337Adapter(
        fault,
        new ReferenceAdapter({ create: (o) => createReference({ ...o, params: { ...o.params, MSL: 5000 } }) }),
      );
    expect(shortMsl().params.MSL).to.equal(5000);
    const tw = rfc9293().filter((c) => /^time-wait/.test(c.id));
    const stayed = await runAll(shortMsl(), tw);
    expect(stayed.failed).to.deep.equal([]);
    expect(stayed.warned).to.be.greaterThan(0);
    const forever = await runAll(shortMsl('forever'), tw);
    expect(forever.failed).to.deep.equal(
      tw.filter((c) => /^time-wait-rst(-ack)?\/.*stops-time_wait$/.test(c.id)).map((c) => c.id),
    );
  });

  it("a retransmission ahead of the plan may carry the FIN on its data, as Linux's do; without data-with-fin it fails", async () => {
    // An RTO below the spec's brings the retransmissions of data from two sends forward, and
    // each carries the FIN already sent: the kernel's FIN_WAIT_1, CLOSING and LAST_ACK cases.
    const cases = planned().cases.filter((c) => c.id.endsWith('/two-sends'));
    const make = () => new DataWithFinAdapter(new AdaptiveRtoAdapter(200));
    const t = await runAll(make(), cases);
    expect(t.failed).to.deep.equal([]);
    expect(t.used.get('data-with-fin')).to.be.greaterThan(0);
    const { spec } = planned();
    const without = spec.latitude.filter((a) => a.allows !== 'data_with_fin');
    const failed: string[] = [];
    for (const c of cases) {
      const r = await runCase(make(), c, { latitude: without, spec: async () => spec });
      if (r.verdict.status === 'failed') failed.push(c.id);
    }
    expect(failed).to.have.length.greaterThan(0);
  });

  it('the planted faults of test/fixtures/*-adapter.ts fail the same cases with latitude as without', async () => {
    for (const file of ['off-by-one', 'wrong-state', 'deep-fault']) {
      const mod = (await import(`./fixtures/${file}-adapter.ts`)) as { default: () => Adapter };
      const t = await runAll(mod.default(), rfc9293());
      expect(t.failed.length, file).to.be.greaterThan(0);
      expect(t.failed, file).to.deep.equal((await runAll(mod.default(), rfc9293(), true)).failed);
    }
  });

  it('a fault inside an implementation that delays its ACKs still fails', async () => {
    // The delayed-ACK fixture around a reference whose pure ACKs acknowledge one octet too few.
    const inner = new BrokenAdapter({
      segments: mapSegments((s) =>
        controlKey(s.flags) === 'ACK' && s.payload.length === 0 ? { ...s, ack: seq.sub(s.ack, 1) } : s,
      ),
    });
    const t = await runAll(new DelayedAckAdapter(200, inner), memo());
    expect(t.failed.length).to.be.greaterThan(0);
  });

  for (const stateQuery of [true, false])
    it(`every planted fault inside the Nagle fixture marks FAIL exactly the rules it does alone, ${stateQuery ? 'with' : 'without'} the state query`, async () => {
      expect(await plantedFaultErrors('memo', stateQuery, (inner) => new NagleAdapter(undefined, inner))).to.deep.equal(
        [],
      );
    });

  /**
   * A tail loss probe is latitude only for an implementation that declares RACK-TLP, and only
   * one per flight, never of a SYN: each of these fails cases that wait for a retransmission,
   * as a violation (a retransmission sooner than the RTO allows, or a segment nothing expects).
   */
  for (const [fault, make] of [
    ['probes without declaring TLP', () => new TailLossProbeAdapter(200, undefined, false)],
    ['two probes per flight', () => new TailLossProbeAdapter(200, 'twice')],
    ['a probe of a SYN', () => new TailLossProbeAdapter(200, 'syn')],
  ] as const)
    it(`a planted fault in tail loss probes fails: ${fault}`, async () => {
      const { spec } = planned();
      const judged = await runAll(make(), rfc9293());
      expect(judged.failed.length).to.be.greaterThan(0);
      if (fault === 'a probe of a SYN') expect(judged.failed.some((id) => /^syn-sent-/.test(id))).to.equal(true);
      for (const id of judged.failed.slice(0, 10)) {
        const c = rfc9293().find((x) => x.id === id)!;
        const r = await runCase(make(), c, { latitude: spec.latitude, spec: async () => spec });
        if (r.verdict.status !== 'failed') throw new Error(`${id} passed on a second run`);
        expect(r.verdict.failure.blame.kind, id).to.equal('violation');
        expect(render(r.verdict.failure.message, 'en'), id).to.match(/sooner than|extra one/);
      }
      const blind = await runAll(withoutStateQuery(make()), rfc9293());
      expect(blind.failed.length, 'without a state query').to.be.greaterThan(0);
    });

  /**
   * Held data never sent: the planned cases that acknowledge the full segments of a send with a
   * short tail (generator/plan/release.ts) fail it, blamed on the send that held the tail.
   */
  it('a planted fault in holding fails planned cases: held data never sent once the full segments are acknowledged (exactly the acked cases)', async () => {
    const { spec } = planned();
    const acked = rfc9293().filter((c) => c.id.endsWith('/small-peer-mss/acked'));
    expect(acked.map((c) => c.id)).to.have.members([
      'established-send/client/small-peer-mss/acked',
      'established-send/server/small-peer-mss/acked',
      'close-wait-send/client/small-peer-mss/acked',
      'close-wait-send/server/small-peer-mss/acked',
    ]);
    const judged = await runAll(new NagleAdapter('drops-held'), rfc9293());
    expect(judged.failed).to.have.members(acked.map((c) => c.id));
    for (const c of acked) {
      const r = await runCase(new NagleAdapter('drops-held'), c, { latitude: spec.latitude, spec: async () => spec });
      if (r.verdict.status !== 'failed') throw new Error(`${c.id} passed`);
      const { failure } = r.verdict;
      expect(render(failure.message, 'en'), c.id).to.match(
        /held back, and not sent once everything sent was acknowledged/,
      );
      expect(failure.blame.kind, c.id).to.equal('violation');
      expect(failure.blame.transition, c.id).to.equal(c.transition);
    }
  });

  /** Faults a held segment could hide: fuzzing, which acknowledges held data and closes behind it, finds them. */
  for (const [fault, says] of [
    ['drops-held', /held back, and not sent once everything sent was acknowledged/],
    ['fin-first', /sent before .* which it held back/],
  ] as const)
    it(`a planted fault in holding fails fuzzing, both profiles: ${fault}`, async () => {
      for (const profile of ['memo', 'rfc9293'] as const) {
        const o = await fuzz(new NagleAdapter(fault), {
          spec: planned().spec,
          profile,
          runs: 200,
          maxSteps: 40,
          seed: 11,
        });
        const failure = o.groups[0]?.result.failure;
        expect(failure, profile).to.not.equal(undefined);
        expect(render(failure!.message, 'en'), profile).to.match(says);
      }
    });

  it("a known variation of the implementation's family takes the place of a warning", async () => {
    const c = rfc9293().find((x) => x.id === 'established-abort/client')!;
    const latitude = planned().spec.latitude;
    // Linux's abort: RST+ACK with AN = RCV.NXT (the peer's ISN + 1 here), nothing told to the application.
    const abortAsLinux = () =>
      new BrokenAdapter({
        segments: mapSegments((s) =>
          controlKey(s.flags) === 'RST' ? { ...s, flags: ['RST', 'ACK'], ack: seq.add(c.peerIsn, 1) } : s,
        ),
        app: (r) => r.app.filter((e) => e.kind !== 'reset'),
      });
    const warned = await runCase(abortAsLinux(), c, { latitude });
    expect(warned.verdict.status).to.equal('passed');
    expect(warned.latitude?.map((n) => n.allowance.id)).to.deep.equal(['rst-with-ack']);
    const linux = await runCase(abortAsLinux(), c, { latitude, variants: ['linux'] });
    expect(linux.verdict.status).to.equal('passed');
    expect(linux.variations).to.deep.equal(['linux.abort-rst-ack']);
    expect(linux.latitude, 'no warning left').to.equal(undefined);
  });

  it('`run` follows an RFC 1337 TIME_WAIT: a warning counted against RFC.rst; --exact fails it', () => {
    const module = join('test', 'fixtures', 'rfc1337-adapter.ts');
    const judged = tcpconform(['run', '--module', module, '--profile', 'rfc9293']);
    expect(judged.status, judged.stderr).to.equal(0);
    expect(judged.stdout).to.match(/^16 test\(s\) passed with a warning, rfc1337-time-wait \(§3\.10\.7\.4; MUST-13\)/m);
    expect(judged.stdout).to.match(/^RFC\.rst +(\d+)\/\1 +16 +0 +0 +0 +0 +pass, 16 warnings$/m);
    const exact = tcpconform(['run', '--module', module, '--profile', 'rfc9293', '--exact']);
    expect(exact.status).to.equal(1);
  });

  it('`run` says which latitude it used and how often; --exact judges without it', () => {
    const module = join('test', 'fixtures', 'delayed-ack-adapter.ts');
    const judged = tcpconform(['run', '--module', module, '--profile', 'rfc9293']);
    expect(judged.status, judged.stderr).to.equal(0);
    expect(judged.stdout).to.match(
      /^\d+ test\(s\) passed within RFC 9293's latitude delayed-ack \(§3\.8\.6\.3; SHLD-18, MUST-40\)$/m,
    );
    const exact = tcpconform(['run', '--module', module, '--profile', 'rfc9293', '--exact']);
    expect(exact.status).to.equal(1);
    expect(exact.stdout).to.not.match(/latitude/);
    const warned = tcpconform([
      'run',
      '--module',
      join('test', 'fixtures', 'rst-with-ack-adapter.ts'),
      '--profile',
      'rfc9293',
    ]);
    expect(warned.status, 'warnings alone do not fail a run').to.equal(0);
    expect(warned.stdout).to.match(/^\d+ test\(s\) passed with a warning, rst-with-ack \(§3\.5\.2; -\)/m);
    // The scorecard counts them against the rule of the step that sent the RST.
    expect(warned.stdout).to.match(/^RFC\.synsent +(\d+)\/\1 +[1-9]\d* +0 +0 +0 +0 +pass, [1-9]\d* warnings$/m);
    expect(warned.stdout).to.match(/^H1 +(\d+)\/\1 +0 .* pass$/m);
  });
});
