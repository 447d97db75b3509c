/**
 * Running one case (src/harness/run-case.ts) against a scripted implementation: what the
 * harness sends for each step, how it judges each reaction, where it says a failure happened,
 * when a case is pending and why, how it identifies a state without the state query, and
 * how known variations are taken. Cases are written by hand, a few steps each, so each
 * verdict follows from what the test shows.
 */
import { expect } from 'chai';
import { fromIut } from './helpers/segments.js';
import type { CallName, Identify, SegmentPattern, Step, StepVariation, TestCase } from '../core/case.js';
import type { Reaction } from '../core/reaction.js';
import { bytes, type Segment } from '../core/segment.js';
import {
  type Adapter,
  type AppCall,
  type Capabilities,
  DEFAULT_ENDPOINTS,
  ImplementationError,
  type RealClock,
  type ResetOptions,
} from '../src/adapter.js';
import {
  type CaseResult,
  checkReaction,
  runCase,
  type RunOptions,
  type TranscriptEntry,
} from '../src/harness/run-case.js';
import { Bindings } from '../src/harness/terms.js';
import { render, t, type Text } from '../src/i18n/text.js';

type Request =
  | { kind: 'reset'; opts: ResetOptions }
  | { kind: 'call'; call: AppCall }
  | { kind: 'deliver'; segment: Segment }
  | { kind: 'advance'; ms: number };

const NOTHING: Reaction = { segments: [], app: [] };

/** An implementation that answers each request with `answer` and keeps every request it got. */
class Scripted implements Adapter {
  readonly name = 'scripted';
  readonly requests: Request[] = [];
  capabilities: Capabilities = { stateQuery: true, virtualClock: true, isnOverride: true };
  params: Readonly<Record<string, number>> = {};
  realClock?: RealClock;
  variant?: 'linux';
  cannotCall?: (call: CallName, state: string, role: TestCase['role']) => string | undefined;
  unavailable?: Text;
  log?: () => string[];
  /** The state reported; the state query is offered only while this is set. */
  current = 'CLOSED';
  answer: (r: Request, self: Scripted) => Reaction = () => NOTHING;

  private take(r: Request): Reaction {
    this.requests.push(r);
    return this.answer(r, this);
  }
  async reset(opts: ResetOptions): Promise<void> {
    this.take({ kind: 'reset', opts });
    this.current = 'CLOSED';
  }
  async call(call: AppCall): Promise<Reaction> {
    return this.take({ kind: 'call', call });
  }
  async deliver(segment: Segment): Promise<Reaction> {
    return this.take({ kind: 'deliver', segment });
  }
  async advance(ms: number): Promise<Reaction> {
    return this.take({ kind: 'advance', ms });
  }
  async state(): Promise<string> {
    return this.current;
  }
  async close(): Promise<void> {}
}

const IUT = DEFAULT_ENDPOINTS.iut.port;
const PEER = DEFAULT_ENDPOINTS.peer.port;

const step = { transition: 'under-test', rules: ['R1'], labels: ['MUST-40'] };
const expectNothing = (state: string) => ({ segments: [], app: [], state });

/** The IUT's SYN: SN = ISS, MSS = the MSS parameter. */
const SYN: SegmentPattern = { flags: ['SYN'], seq: { base: 'iss', off: 0 }, mss: { base: 'MSS', off: 0 }, data: '' };
const connect = (state = 'SYN_SENT'): Extract<Step, { kind: 'call' }> => ({
  ...step,
  kind: 'call',
  call: 'connect',
  expect: { segments: [SYN], app: [], state },
});
/** The peer's SYN+ACK to it, and the ACK the IUT must answer with. */
const synAck = (state = 'ESTABLISHED'): Extract<Step, { kind: 'inject' }> => ({
  ...step,
  kind: 'inject',
  segment: { flags: ['SYN', 'ACK'], seq: { base: 'peer', off: 0 }, ack: { base: 'iss', off: 1 }, mss: 536, data: '' },
  expect: {
    segments: [
      { flags: ['ACK'], seq: { base: 'iss', off: 1 }, ack: { base: 'peer', off: 1 }, mss: 'absent', data: '' },
    ],
    app: [],
    state,
  },
});

function tcase(steps: readonly Step[], extra: Partial<TestCase> = {}): TestCase {
  return {
    id: 'case/client',
    profile: 'memo',
    title: 'a hand-written case',
    rules: ['R1'],
    labels: ['MUST-40'],
    rfc: '3.5',
    transition: 'under-test',
    source: 'spec/test.yaml:1',
    role: 'client',
    peerIsn: 1000,
    focus: 0,
    steps,
    needs: [],
    initial: 'CLOSED',
    parameters: { MSS: 1460, RTO: 1000 },
    ...extra,
  };
}

const OPTS: RunOptions = {};

/** A TCP that opens as the spec says: SYN at ISS 5000 with MSS 1460, then ACKs the SYN+ACK. */
function goodTcp(self: Scripted): (r: Request) => Reaction {
  return (r) => {
    if (r.kind === 'call' && r.call.call === 'connect') {
      self.current = 'SYN_SENT';
      return { segments: [fromIut({ flags: ['SYN'], seq: 5000, mss: 1460 })], app: [] };
    }
    if (r.kind === 'deliver' && r.segment.flags.includes('SYN')) {
      self.current = 'ESTABLISHED';
      return { segments: [fromIut({ flags: ['ACK'], seq: 5001, ack: r.segment.seq + 1 })], app: [] };
    }
    return NOTHING;
  };
}

function scripted(setup: (a: Scripted) => void = (a) => (a.answer = goodTcp(a))): Scripted {
  const a = new Scripted();
  setup(a);
  return a;
}

const failureOf = (r: CaseResult) => {
  if (r.verdict.status !== 'failed') throw new Error(`not failed: ${JSON.stringify(r.verdict)}`);
  return { ...r.verdict.failure, text: render(r.verdict.failure.message, 'en') };
};
const pendingOf = (r: CaseResult) => {
  if (r.verdict.status !== 'pending') throw new Error(`not pending: ${JSON.stringify(r.verdict)}`);
  return render(r.verdict.reason, 'en');
};

describe('running a case (src/harness/run-case.ts)', () => {
  describe('what the harness sends', () => {
    it('starts a fresh connection, at the ISN the case asks for, then performs each step in order', async () => {
      const a = scripted();
      const r = await runCase(a, tcase([connect(), synAck()], { iutIsn: 5000 }), OPTS);
      expect(r.verdict).to.deep.equal({ status: 'passed' });
      expect(a.requests.map((q) => q.kind)).to.deep.equal(['reset', 'call', 'deliver']);
      expect(a.requests[0]).to.deep.equal({ kind: 'reset', opts: { isn: 5000 } });
      expect(r.bindings).to.deep.equal({ peer: 1000, iss: 5000 });
    });

    it('without an ISN to use, resets with no options and learns the ISN from the SYN', async () => {
      const a = scripted();
      const r = await runCase(a, tcase([connect(), synAck()]), OPTS);
      expect(a.requests[0]).to.deep.equal({ kind: 'reset', opts: {} });
      expect(r.bindings).to.deep.equal({ peer: 1000, iss: 5000 });
    });

    it('builds each segment it sends from the case: ports, SN and AN from terms, flags, window, MSS, data', async () => {
      const a = scripted();
      await runCase(a, tcase([connect(), synAck()]), OPTS);
      const d = a.requests[2] as Request & { kind: 'deliver' };
      expect(d.segment).to.deep.equal({
        srcPort: PEER,
        dstPort: IUT,
        seq: 1000,
        ack: 5001,
        flags: ['SYN', 'ACK'],
        window: 65535,
        mss: 536,
        payload: new Uint8Array(0),
      });
    });

    it('a segment without ACK carries AN 0; data goes as octets', async () => {
      const a = scripted();
      const rst: Step = {
        ...step,
        kind: 'inject',
        segment: { flags: ['RST'], seq: { off: 77 }, data: 'hi' },
        expect: expectNothing('CLOSED'),
      };
      await runCase(a, tcase([rst]), OPTS);
      const d = a.requests[1] as Request & { kind: 'deliver' };
      expect(d.segment).to.include({ seq: 77, ack: 0, mss: undefined });
      expect(d.segment.payload).to.deep.equal(bytes('hi'));
    });

    it('a call carries its data only when the step has some; time advances by the term, parameters read from the case and the adapter', async () => {
      const a = scripted();
      a.params = { RTO: 3000 };
      const send = (data?: string): Step => ({
        ...step,
        kind: 'call',
        call: 'send' as CallName,
        ...(data !== undefined ? { data } : {}),
        expect: expectNothing('CLOSED'),
      });
      const wait: Step = {
        ...step,
        kind: 'advance',
        ms: { base: 'RTO', k: 2, off: 1 },
        expect: expectNothing('CLOSED'),
      };
      const wait2: Step = { ...step, kind: 'advance', ms: { base: 'MSS', off: 0 }, expect: expectNothing('CLOSED') };
      await runCase(a, tcase([send('ab'), send(), wait, wait2]), OPTS);
      expect(a.requests.slice(1)).to.deep.equal([
        { kind: 'call', call: { call: 'send', data: bytes('ab') } },
        { kind: 'call', call: { call: 'send' } },
        { kind: 'advance', ms: 6001 },
        { kind: 'advance', ms: 1460 },
      ]);
    });

    it("parameters: the adapter's own, else its family's as the spec records them, else the spec's", async () => {
      const wait: Step = { ...step, kind: 'advance', ms: { base: 'RTO', off: 0 }, expect: expectNothing('CLOSED') };
      const c = tcase([wait], { variantParameters: { linux: { RTO: 200 } } });
      const waited = async (setup: (s: Scripted) => void) => {
        const a = scripted(setup);
        await runCase(a, c, OPTS);
        return a.requests.at(-1);
      };
      expect(await waited(() => {})).to.deep.equal({ kind: 'advance', ms: 1000 });
      expect(await waited((s) => (s.variant = 'linux'))).to.deep.equal({ kind: 'advance', ms: 200 });
      expect(
        await waited((s) => {
          s.variant = 'linux';
          s.params = { RTO: 300 };
        }),
      ).to.deep.equal({ kind: 'advance', ms: 300 });
      // A family the case records nothing for takes the spec's values.
      const a = scripted((x) => (x.variant = 'linux'));
      await runCase(a, tcase([wait]), OPTS);
      expect(a.requests.at(-1)).to.deep.equal({ kind: 'advance', ms: 1000 });
    });

    it('a reset step starts a new connection; distinct ISNs pass, the same ISN twice fails naming both', async () => {
      let isn = 5000;
      const a = scripted((s) => {
        s.answer = (r) =>
          r.kind === 'call' ? { segments: [fromIut({ flags: ['SYN'], seq: 5000, mss: 1460 })], app: [] } : NOTHING;
      });
      const again: Step = {
        ...connect(),
        expect: { segments: [{ ...SYN, seq: { base: 'iss#2', off: 0 } }], app: [], state: 'CLOSED' },
      };
      const steps: Step[] = [
        { ...connect(), expect: { ...connect().expect, state: 'CLOSED' } },
        { kind: 'reset', ...step },
        again,
        { kind: 'distinct', bases: ['iss', 'iss#2'], ...step },
      ];
      const once = await runCase(
        scripted((s) => {
          s.answer = (r) => {
            if (r.kind === 'call') isn += 7;
            return r.kind === 'call'
              ? { segments: [fromIut({ flags: ['SYN'], seq: isn, mss: 1460 })], app: [] }
              : NOTHING;
          };
        }),
        tcase(steps),
        OPTS,
      );
      expect(once.verdict).to.deep.equal({ status: 'passed' });
      expect(once.bindings).to.deep.equal({ peer: 1000, iss: 5007, 'iss#2': 5014 });
      const same = await runCase(a, tcase(steps), OPTS);
      expect(a.requests.filter((q) => q.kind === 'reset')).to.deep.equal([
        { kind: 'reset', opts: {} },
        { kind: 'reset', opts: {} },
      ]);
      const f = failureOf(same);
      expect(f.text).to.equal('ISS#2 = ISS = 5000: two successive connections started at the same ISN');
      expect(f.index).to.equal(3);
      expect(f.step.kind).to.equal('distinct');
    });

    it('an ISN the case never saw fails the distinct step, naming it', async () => {
      const r = await runCase(scripted(), tcase([{ kind: 'distinct', bases: ['iss', 'peer'], ...step }]), OPTS);
      expect(failureOf(r).text).to.equal('ISS was never observed');
      const three = await runCase(
        scripted(),
        tcase([connect('SYN_SENT'), { kind: 'distinct', bases: ['iss', 'peer', 'iss#2'], ...step }]),
        OPTS,
      );
      expect(failureOf(three).text).to.equal('ISS#2 was never observed');
    });
  });

  describe('judging each reaction', () => {
    it('a segment missing names the pattern, its place, and whether anything came at all', async () => {
      const silent = scripted((s) => {
        s.answer = () => NOTHING;
      });
      const none = failureOf(await runCase(silent, tcase([connect()]), OPTS));
      expect(none.text).to.equal(
        'expected SYN SN=ISS (to be learned) MSS=MSS (1460) len=0 (segment 1 of 1), got no segment',
      );
      const two: Step = { ...connect(), expect: { ...connect().expect, segments: [SYN, SYN] } };
      const one = failureOf(await runCase(scripted(), tcase([two]), OPTS));
      expect(one.text).to.equal('expected SYN SN=ISS+0 (5000) MSS=MSS (1460) len=0 (segment 2 of 2), got nothing more');
    });

    it('an extra segment is named with how many were expected', async () => {
      const chatty = scripted((s) => {
        s.answer = () => ({ segments: [fromIut({ flags: ['RST'], seq: 3 })], app: [] });
      });
      const r = await runCase(
        chatty,
        tcase([{ ...step, kind: 'advance', ms: { off: 10 }, expect: expectNothing('CLOSED') }]),
        OPTS,
      );
      expect(failureOf(r).text).to.equal('expected no segment, got an extra one: RST SN=3 len=0');
      const twice = scripted((s) => {
        s.answer = (q) =>
          q.kind === 'call'
            ? {
                segments: [
                  fromIut({ flags: ['SYN'], seq: 5, mss: 1460 }),
                  fromIut({ flags: ['SYN'], seq: 5, mss: 1460 }),
                ],
                app: [],
              }
            : NOTHING;
      });
      expect(failureOf(await runCase(twice, tcase([connect()]), OPTS)).text).to.equal(
        'expected 1 segment(s), got an extra one: SYN SN=5 MSS=1460 len=0',
      );
    });

    it('a segment that differs names its place and field, with the whole segment expected and got', async () => {
      const wrongAck = scripted((s) => {
        const good = goodTcp(s);
        s.answer = (q) => {
          const r = good(q);
          return q.kind === 'deliver' ? { ...r, segments: r.segments.map((x) => ({ ...x, ack: x.ack + 1 })) } : r;
        };
      });
      const f = failureOf(await runCase(wrongAck, tcase([connect(), synAck()]), OPTS));
      expect(f.text).to.equal('segment 1: AN: expected IRS+1 (1001), got IRS+2 (1002)');
      expect(f.expected).to.equal('ACK SN=ISS+1 (5001) AN=IRS+1 (1001) len=0');
      expect(f.got).to.equal('ACK SN=ISS+1 (5001) AN=IRS+2 (1002) len=0');
      expect(f.index).to.equal(1);
      expect(f.step.kind).to.equal('inject');
    });

    it('application events are judged after the segments', async () => {
      const eof: Step = {
        ...step,
        kind: 'advance',
        ms: { off: 1 },
        expect: { segments: [], app: [{ kind: 'eof' }], state: 'CLOSED' },
      };
      const quiet = failureOf(await runCase(scripted(), tcase([eof]), OPTS));
      expect(quiet.text).to.equal('application: expected end of stream, got nothing');
      expect(quiet.expected).to.equal(undefined);
      const both = scripted((s) => {
        s.answer = () => ({ segments: [fromIut({ flags: ['ACK'], seq: 1 })], app: [] });
      });
      expect(failureOf(await runCase(both, tcase([eof]), OPTS)).text).to.match(
        /^expected no segment, got an extra one/,
      );
    });

    it('the state is asked after each step when the adapter can report it, and checked after the outputs', async () => {
      const a = scripted();
      const r = await runCase(a, tcase([connect(), synAck('CLOSE_WAIT')]), OPTS);
      expect(failureOf(r).text).to.equal('state: expected CLOSE_WAIT, got ESTABLISHED');
      expect(r.transcript.filter((e) => e.kind === 'state')).to.deep.equal([
        { kind: 'state', state: 'SYN_SENT' },
        { kind: 'state', state: 'ESTABLISHED' },
      ]);
      const wrongBoth = scripted((s) => {
        s.answer = () => NOTHING;
      });
      expect(failureOf(await runCase(wrongBoth, tcase([connect('LISTEN')]), OPTS)).text).to.match(/^expected SYN/);
    });

    it('without the state query the state is neither asked nor judged', async () => {
      const a = scripted();
      a.capabilities = { ...a.capabilities, stateQuery: false };
      const r = await runCase(a, tcase([connect(), synAck('CLOSE_WAIT')]), OPTS);
      expect(r.verdict).to.deep.equal({ status: 'passed' });
      expect(r.transcript.some((e) => e.kind === 'state')).to.equal(false);
    });

    it('records what crossed the wire, in order', async () => {
      const r = await runCase(
        scripted(),
        tcase([
          connect(),
          synAck(),
          { ...step, kind: 'advance', ms: { off: 5 }, expect: expectNothing('ESTABLISHED') },
        ]),
        OPTS,
      );
      expect(r.transcript.map((e) => (e.kind === 'state' ? `state ${e.state}` : e.kind))).to.deep.equal([
        'call',
        'received',
        'state SYN_SENT',
        'sent',
        'received',
        'state ESTABLISHED',
        'advance',
        'state ESTABLISHED',
      ]);
      expect(r.transcript[0]).to.deep.equal({ kind: 'call', call: 'connect' });
      expect(r.transcript[6]).to.deep.equal({ kind: 'advance', ms: 5 });
    });

    it('stops at the first step that differs: nothing after it is sent', async () => {
      const a = scripted((s) => {
        s.answer = () => NOTHING;
      });
      const r = await runCase(a, tcase([connect(), synAck()]), OPTS);
      expect(failureOf(r).index).to.equal(0);
      expect(a.requests.map((q) => q.kind)).to.deep.equal(['reset', 'call']);
    });
  });

  describe('an implementation that misbehaves', () => {
    it('fails the case with what happened, at the step it happened, with its last log lines', async () => {
      const a = scripted((s) => {
        s.answer = (q) => {
          if (q.kind === 'deliver') throw new ImplementationError(t('pending.cannotCall', { why: 'it crashed' }));
          return goodTcp(s)(q);
        };
        s.log = () => ['line 1', 'line 2'];
      });
      const r = await runCase(a, tcase([connect(), synAck()]), OPTS);
      const f = failureOf(r);
      expect(f.text).to.equal('it crashed');
      expect(f.index).to.equal(1);
      expect(r.log).to.deep.equal(['line 1', 'line 2']);
    });

    it('a failure at the reset before any step names the first step', async () => {
      const a = scripted((s) => {
        s.answer = (q) => {
          if (q.kind === 'reset') throw new ImplementationError(t('pending.cannotCall', { why: 'no start' }));
          return NOTHING;
        };
      });
      const f = failureOf(await runCase(a, tcase([connect(), synAck()]), OPTS));
      expect([f.index, f.step.kind, f.text]).to.deep.equal([0, 'call', 'no start']);
    });

    it('a passing case carries no log; any other error is a bug of tcpconform and is thrown', async () => {
      const a = scripted();
      a.log = () => ['unused'];
      expect((await runCase(a, tcase([connect()]), OPTS)).log).to.equal(undefined);
      const buggy = scripted((s) => {
        s.answer = () => {
          throw new TypeError('a bug');
        };
      });
      let thrown: unknown;
      await runCase(buggy, tcase([connect()]), OPTS).catch((e: unknown) => (thrown = e));
      expect(thrown).to.be.instanceOf(TypeError);
    });
  });

  describe('pending, with the reason', () => {
    /** Time passing by `ms`, with nothing expected (the real-clock cases). */
    const wait = (ms: number): Step => ({ ...step, kind: 'advance', ms: { off: ms }, expect: expectNothing('CLOSED') });

    const pending = async (a: Scripted, c: TestCase, opts: RunOptions = OPTS) => {
      const r = await runCase(a, c, opts);
      expect(a.requests, 'a pending case sends nothing').to.deep.equal([]);
      expect(r.transcript).to.deep.equal([]);
      expect(r.bindings).to.deep.equal({ peer: c.peerIsn });
      return pendingOf(r);
    };

    it('an implementation that cannot run here', async () => {
      const a = scripted((s) => {
        s.unavailable = t('pending.unavailable', { adapter: 'kernel adapter', why: 'no TUN device' });
      });
      expect(await pending(a, tcase([connect()]))).to.equal(
        'pending: the kernel adapter cannot run here: no TUN device',
      );
    });

    it('a capability the case needs and the adapter lacks', async () => {
      const lacking = (cap: keyof Capabilities) =>
        scripted((s) => {
          s.capabilities = { ...s.capabilities, [cap]: false };
        });
      expect(await pending(lacking('stateQuery'), tcase([connect()], { needs: ['stateQuery'] }))).to.equal(
        'pending: it checks a state change that shows in no segment, and the adapter cannot report its state',
      );
      expect(await pending(lacking('virtualClock'), tcase([connect()], { needs: ['virtualClock'] }))).to.equal(
        "pending: it waits out a timer of the implementation's own length, and the adapter has no virtual clock",
      );
      expect(
        await pending(lacking('isnOverride'), tcase([connect()], { needs: ['virtualClock', 'isnOverride'] })),
      ).to.equal('pending: it needs the IUT to start from a chosen ISN, and the adapter cannot set one');
      const has = scripted();
      expect(
        (await runCase(has, tcase([connect()], { needs: ['stateQuery', 'virtualClock', 'isnOverride'] }), OPTS)).verdict
          .status,
      ).to.equal('passed');
    });

    it('outputs that tell the state stand in for the state query only: a missing clock is still missing', async () => {
      const ids: Identify[] = [
        { profile: 'memo', at: 1, state: 'SYN_SENT', sequences: [[synAck()]], weak: [], none: [] },
      ];
      const noClock = scripted((s) => {
        s.capabilities = { ...s.capabilities, virtualClock: false };
      });
      expect(await pending(noClock, tcase([connect()], { needs: ['virtualClock'], identify: ids }))).to.equal(
        "pending: it waits out a timer of the implementation's own length, and the adapter has no virtual clock",
      );
      // A real clock stands in for the virtual one only: the state query is still missing.
      const realNoQuery = scripted((s) => {
        s.capabilities = { ...s.capabilities, stateQuery: false, virtualClock: false };
        s.realClock = { toleranceMs: 10, tolerancePct: 0, limitMs: 60_000 };
      });
      expect(await pending(realNoQuery, tcase([connect()], { needs: ['stateQuery'] }))).to.equal(
        'pending: it checks a state change that shows in no segment, and the adapter cannot report its state',
      );
    });

    it('a real clock stands in for the virtual one, within its time limit', async () => {
      const real = scripted((s) => {
        s.answer = goodTcp(s);
        s.capabilities = { ...s.capabilities, virtualClock: false };
        s.realClock = { toleranceMs: 50, tolerancePct: 5, limitMs: 10_000 };
      });
      expect((await runCase(real, tcase([wait(9_000)], { needs: ['virtualClock'] }), OPTS)).verdict.status).to.equal(
        'passed',
      );
      // On a real clock a step waits to the end of its window: 9 s + 5 %.
      expect(real.requests.at(-1)).to.deep.equal({ kind: 'advance', ms: 9450 });
      real.requests.length = 0;
      const exact = scripted((s) => {
        s.capabilities = { ...s.capabilities, virtualClock: false };
        s.realClock = { toleranceMs: 0, tolerancePct: 0, limitMs: 10_000 };
      });
      expect((await runCase(exact, tcase([wait(10_000)]), OPTS)).verdict.status).to.equal('passed');
      expect(pendingOf(await runCase(exact, tcase([wait(10_001)]), OPTS))).to.match(/^pending: it waits 11 s/);
      expect(await pending(real, tcase([wait(9_600)], { needs: ['virtualClock'] }))).to.equal(
        'pending: it waits 11 s in real time, longer than the limit of 10 s (--slow runs it)',
      );
    });

    it('on a real clock, a case that tells a kept timer from one restarted 1 ms later is pending, with why', async () => {
      const real = scripted((s) => {
        s.capabilities = { ...s.capabilities, virtualClock: false };
        s.realClock = { toleranceMs: 50, tolerancePct: 5, limitMs: 10_000 };
      });
      const status = async (a: Scripted, c: TestCase) => (await runCase(a, c, OPTS)).verdict.status;
      // keptCase's shape: 1 ms, an input, then the rest of the timer's length.
      const kept = tcase([connect(), wait(1), connect(), wait(998), wait(1)]);
      expect(await pending(real, kept)).to.equal(
        "pending: it tells a timer kept from one restarted 1 ms later, finer than the real clock's tolerance of 50 ms",
      );
      // A gap the clock can tell, and a plain expiry (no input between the waits), run.
      expect(await status(real, tcase([connect(), wait(60), connect(), wait(940), wait(1)]))).not.to.equal('pending');
      expect(await status(real, tcase([connect(), wait(999), wait(1)]))).not.to.equal('pending');
      // A virtual clock tells them apart.
      expect(await status(scripted(), kept)).not.to.equal('pending');
    });

    it('a parameter the case was planned with that the implementation does not have', async () => {
      const a = scripted();
      a.params = { MSL: 60_000 };
      const planned = { assumes: { MSL: 120_000 }, parameters: { MSS: 1460, MSL: 120_000 } };
      expect(await pending(a, tcase([connect()], planned))).to.equal(
        'pending: it was planned for MSL = 120000, and the implementation uses 60000',
      );
      expect(await pending(scripted(), tcase([connect()], { assumes: { MAX_RETRIES: 3 } }))).to.equal(
        'pending: it was planned for MAX_RETRIES = 3, and the implementation uses ?',
      );
      const r = await runCase(
        scripted(),
        tcase([connect()], { assumes: { MAX_RETRIES: 3 }, parameters: { MSS: 1460, MAX_RETRIES: 3 } }),
        OPTS,
      );
      expect(r.verdict.status).to.equal('passed');
    });

    it('a call the implementation cannot make in the state the case makes it, with the role', async () => {
      const asked: string[] = [];
      const a = scripted((s) => {
        s.cannotCall = (call, state, role) => {
          asked.push(`${call} in ${state} as ${role}`);
          return call === 'close' && state === 'SYN_SENT' ? 'no handle before accept()' : undefined;
        };
      });
      const close: Step = { ...step, kind: 'call', call: 'close', expect: expectNothing('CLOSED') };
      expect(await pending(a, tcase([connect(), close]))).to.equal('pending: no handle before accept()');
      expect(asked).to.deep.equal(['connect in CLOSED as client', 'close in SYN_SENT as client']);
      asked.length = 0;
      // Only calls are asked about, each in the state the steps before it lead to; a reset starts again.
      const afterReset: Step[] = [
        connect(),
        synAck(),
        { kind: 'distinct', bases: ['iss'], ...step },
        { ...close, expect: expectNothing('FIN_WAIT_1') },
        { kind: 'reset', ...step },
        close,
      ];
      expect((await runCase(a, tcase(afterReset, { role: 'server' }), OPTS)).verdict.status).to.not.equal('pending');
      expect(asked).to.deep.equal([
        'connect in CLOSED as server',
        'close in ESTABLISHED as server',
        'close in CLOSED as server',
      ]);
      // A case starts in the spec's initial state, whatever it is named.
      asked.length = 0;
      await runCase(a, tcase([connect()], { initial: 'START' }), OPTS);
      expect(asked).to.deep.equal(['connect in START as client']);
    });
  });

  describe('telling the state by outputs, without the state query', () => {
    /** After connect, SYN_SENT shows by a SYN+ACK answered with an ACK. */
    const probe = (state: string): Step => synAck(state);
    const id = (over: Partial<Identify>): Identify => ({
      profile: 'memo',
      at: 1,
      state: 'SYN_SENT',
      sequences: [[probe('ESTABLISHED')]],
      weak: [],
      none: [],
      ...over,
    });
    const noQuery = (setup?: (s: Scripted) => void) =>
      scripted((s) => {
        s.answer = goodTcp(s);
        s.capabilities = { ...s.capabilities, stateQuery: false };
        setup?.(s);
      });

    it('runs the steps that lead to each checkpoint, then each identifying sequence there', async () => {
      const a = noQuery();
      const c = tcase([connect()], { needs: ['stateQuery'], identify: [id({})] });
      const r = await runCase(a, c, OPTS);
      expect(r.verdict).to.deep.equal({ status: 'passed' });
      expect(a.requests.map((q) => q.kind)).to.deep.equal(['reset', 'call', 'deliver']);
    });

    it('a checkpoint before the end: its runs, then the whole case once more', async () => {
      const a = noQuery();
      const c = tcase([connect(), synAck()], { identify: [id({})] });
      await runCase(a, c, OPTS);
      expect(a.requests.map((q) => q.kind)).to.deep.equal(['reset', 'call', 'deliver', 'reset', 'call', 'deliver']);
    });

    it('a wrong state fails at the identifying inputs, naming the state and the length of that run', async () => {
      const a = noQuery((s) => {
        const good = goodTcp(s);
        s.answer = (q) => (q.kind === 'deliver' ? NOTHING : good(q));
      });
      const c = tcase([connect()], { needs: ['stateQuery'], identify: [id({})] });
      const f = failureOf(await runCase(a, c, OPTS));
      expect(f.identifying).to.deep.equal({ state: 'SYN_SENT', of: 2 });
      expect(f.index).to.equal(1);
      // A failure before the checkpoint is the case's own.
      const early = noQuery((s) => {
        s.answer = () => NOTHING;
      });
      expect(failureOf(await runCase(early, c, OPTS)).identifying).to.equal(undefined);
    });

    it('with the state query, identification runs only when asked to (--identify-always)', async () => {
      const a = scripted();
      const c = tcase([connect()], { identify: [id({})] });
      await runCase(a, c, OPTS);
      expect(a.requests.map((q) => q.kind)).to.deep.equal(['reset', 'call']);
      a.requests.length = 0;
      await runCase(a, c, { ...OPTS, identifyAlways: true });
      expect(a.requests.map((q) => q.kind)).to.deep.equal(['reset', 'call', 'deliver']);
    });

    it('every identifying sequence runs, each from a fresh connection; the first run that fails is the verdict', async () => {
      const a = noQuery();
      const twice = id({
        sequences: [
          [probe('ESTABLISHED')],
          [probe('ESTABLISHED'), { ...step, kind: 'advance', ms: { off: 1 }, expect: expectNothing('ESTABLISHED') }],
        ],
      });
      const r = await runCase(a, tcase([connect()], { identify: [twice] }), OPTS);
      expect(r.verdict.status).to.equal('passed');
      expect(a.requests.filter((q) => q.kind === 'reset')).to.have.length(2);
      // The result of a passing case is its first run's.
      expect(r.transcript.filter((e) => e.kind === 'advance')).to.deep.equal([]);
      // A second sequence that gets another answer fails the case, though the first passed.
      const noisy = noQuery((s) => {
        const good = goodTcp(s);
        s.answer = (q) =>
          q.kind === 'advance' ? { segments: [fromIut({ flags: ['RST'], seq: 1 })], app: [] } : good(q);
      });
      const second = failureOf(await runCase(noisy, tcase([connect()], { identify: [twice] }), OPTS));
      expect([second.index, second.text]).to.deep.equal([2, 'expected no segment, got an extra one: RST SN=1 len=0']);
    });

    it('identifications of the same rank: the first listed is used', async () => {
      const a = noQuery();
      const wait = (ms: number): Step => ({
        ...step,
        kind: 'advance',
        ms: { off: ms },
        expect: expectNothing('ESTABLISHED'),
      });
      await runCase(
        a,
        tcase([connect()], {
          identify: [
            id({ sequences: [[probe('ESTABLISHED'), wait(1)]] }),
            id({ sequences: [[probe('ESTABLISHED'), wait(2)]] }),
          ],
        }),
        OPTS,
      );
      expect(a.requests.filter((q) => q.kind === 'advance')).to.deep.equal([{ kind: 'advance', ms: 1 }]);
    });

    it('checkpoints run in the order of the case, however the case lists them', async () => {
      const silent = noQuery((s) => {
        const good = goodTcp(s);
        s.answer = (q) => (q.kind === 'deliver' ? NOTHING : good(q));
      });
      const wait: Step = { ...step, kind: 'advance', ms: { off: 5 }, expect: expectNothing('SYN_SENT') };
      const c = tcase([connect(), wait], { identify: [id({ at: 2 }), id({ at: 1 })] });
      const f = failureOf(await runCase(silent, c, OPTS));
      expect([f.index, f.identifying]).to.deep.equal([1, { state: 'SYN_SENT', of: 2 }]);
    });

    it('at each checkpoint, the identification of the run profile that leaves fewest states untold, then fewest weak, then the largest profile', async () => {
      const mark = (ms: number): Step[] => [
        probe('ESTABLISHED'),
        { ...step, kind: 'advance', ms: { off: ms }, expect: expectNothing('ESTABLISHED') },
      ];
      const run = async (ids: Identify[], opts: RunOptions = OPTS) => {
        const a = noQuery();
        await runCase(a, tcase([connect()], { identify: ids }), opts);
        return a.requests.filter((q) => q.kind === 'advance').map((q) => (q as { ms: number }).ms);
      };
      expect(await run([id({ sequences: [mark(1)], none: ['X'] }), id({ sequences: [mark(2)] })])).to.deep.equal([2]);
      expect(await run([id({ sequences: [mark(2)] }), id({ sequences: [mark(1)], none: ['X'] })])).to.deep.equal([2]);
      expect(await run([id({ sequences: [mark(1)], weak: ['X'] }), id({ sequences: [mark(2)] })])).to.deep.equal([2]);
      expect(
        await run([id({ sequences: [mark(2)] }), id({ sequences: [mark(1)], weak: ['X', 'Y'], none: [] })]),
      ).to.deep.equal([2]);
      const both = [id({ sequences: [mark(1)] }), id({ profile: 'rfc9293', sequences: [mark(2)] })];
      // A memo run may use only the memo's inputs; an rfc9293 run prefers its own.
      expect(await run(both)).to.deep.equal([1]);
      expect(await run(both, { ...OPTS, profile: 'rfc9293' })).to.deep.equal([2]);
      expect(await run([...both].reverse(), { ...OPTS, profile: 'rfc9293' })).to.deep.equal([2]);
    });

    it('a sequence that waits out a timer of the implementation needs a clock the harness controls or a real one', async () => {
      const timed: Step[] = [
        probe('ESTABLISHED'),
        { ...step, kind: 'advance', ms: { base: 'RTO', off: 0 }, expect: expectNothing('ESTABLISHED') },
      ];
      const c = tcase([connect()], { needs: ['stateQuery'], identify: [id({ sequences: [timed] })] });
      const noClock = noQuery((s) => {
        s.capabilities = { ...s.capabilities, virtualClock: false };
      });
      expect(pendingOf(await runCase(noClock, c, OPTS))).to.equal(
        'pending: the adapter cannot report its state, and telling the state by outputs needs a timer to expire, which needs a virtual clock',
      );
      const real = noQuery((s) => {
        s.capabilities = { ...s.capabilities, virtualClock: false };
        s.realClock = { toleranceMs: 10, tolerancePct: 0, limitMs: 60_000 };
      });
      expect((await runCase(real, c, OPTS)).verdict.status).to.equal('passed');
      expect((await runCase(noQuery(), c, OPTS)).verdict.status).to.equal('passed');
      // A sequence of plain waits needs no clock of the implementation's.
      const plain = tcase([connect()], {
        needs: ['stateQuery'],
        identify: [
          id({
            sequences: [
              [
                probe('ESTABLISHED'),
                { ...step, kind: 'advance', ms: { off: 3 }, expect: expectNothing('ESTABLISHED') },
              ],
            ],
          }),
        ],
      });
      expect((await runCase(noClock, plain, OPTS)).verdict.status).to.equal('passed');
    });

    it('a state the identification cannot tell from every other still needs the state query', async () => {
      const a = noQuery();
      const c = tcase([connect()], { needs: ['stateQuery'], identify: [id({ none: ['CLOSED'] })] });
      expect(pendingOf(await runCase(a, c, OPTS))).to.match(
        /^pending: the adapter cannot report its state, and telling/,
      );
      const elsewhere = tcase([connect()], { needs: ['stateQuery'], identify: [id({ at: 0, state: 'CLOSED' })] });
      expect(pendingOf(await runCase(noQuery(), elsewhere, OPTS))).to.match(/^pending: the adapter cannot report/);
      const empty = tcase([connect()], { needs: ['stateQuery'], identify: [id({ sequences: [] })] });
      expect(pendingOf(await runCase(noQuery(), empty, OPTS))).to.match(/^pending: the adapter cannot report/);
      expect(pendingOf(await runCase(noQuery(), tcase([connect()], { needs: ['stateQuery'] }), OPTS))).to.equal(
        'pending: it checks a state change that shows in no segment, and the adapter cannot report its state',
      );
    });
  });

  describe('known variations of an implementation family', () => {
    /** Linux answers this SYN+ACK with an ACK and data-less FIN, say: another segment than the spec's. */
    const finToo: SegmentPattern = {
      flags: ['FIN', 'ACK'],
      seq: { base: 'iss', off: 1 },
      ack: { base: 'peer', off: 1 },
      mss: 'absent',
      data: '',
    };
    const variation = (state: string): StepVariation => ({
      id: 'linux-fin',
      variant: 'linux',
      segments: [finToo],
      app: [],
      state,
    });
    const linux = (state: string) =>
      scripted((s) => {
        const good = goodTcp(s);
        s.answer = (q) => {
          if (q.kind !== 'deliver') return good(q);
          s.current = state;
          return { segments: [fromIut({ flags: ['FIN', 'ACK'], seq: 5001, ack: 1001 })], app: [] };
        };
      });
    const withVariation = (state: string, more: Step[] = []) =>
      tcase([connect(), { ...synAck(), variations: [variation(state)] } as Step, ...more]);

    it('outputs and state as the variation says pass for that family, and the variation is recorded', async () => {
      const r = await runCase(linux('ESTABLISHED'), withVariation('ESTABLISHED'), { ...OPTS, variants: ['linux'] });
      expect(r.verdict).to.deep.equal({ status: 'passed' });
      expect(r.variations).to.deep.equal(['linux-fin']);
      const plain = await runCase(scripted(), withVariation('ESTABLISHED'), { ...OPTS, variants: ['linux'] });
      expect(plain.variations).to.equal(undefined);
    });

    it('without the state query, outputs as the variation says are enough', async () => {
      const a = linux('FIN_WAIT_1');
      a.capabilities = { ...a.capabilities, stateQuery: false };
      const r = await runCase(a, withVariation('ESTABLISHED'), { ...OPTS, variants: ['linux'] });
      expect(r.verdict).to.deep.equal({ status: 'passed' });
      expect(r.variations).to.deep.equal(['linux-fin']);
    });

    it('a step that does as the spec says is no variation, even where a variation says the same', async () => {
      const alike: StepVariation = { ...variation('ESTABLISHED'), segments: synAck().expect.segments };
      const c = tcase([connect(), { ...synAck(), variations: [alike] }]);
      const r = await runCase(scripted(), c, { ...OPTS, variants: ['linux'] });
      expect(r.verdict).to.deep.equal({ status: 'passed' });
      expect(r.variations).to.equal(undefined);
    });

    it('a variation taken at one step says nothing of the steps after it', async () => {
      const close: Step = {
        ...step,
        kind: 'call',
        call: 'close',
        expect: { segments: [], app: [], state: 'FIN_WAIT_1' },
      };
      const a = linux('ESTABLISHED');
      const good = a.answer;
      a.answer = (q, self) => {
        if (q.kind === 'call' && q.call.call === 'close') self.current = 'FIN_WAIT_1';
        return good(q, self);
      };
      const wait: Step = { ...step, kind: 'advance', ms: { off: 1 }, expect: expectNothing('FIN_WAIT_1') };
      const r = await runCase(a, withVariation('ESTABLISHED', [close, wait]), { ...OPTS, variants: ['linux'] });
      expect(r.verdict).to.deep.equal({ status: 'passed' });
      expect(r.variations).to.deep.equal(['linux-fin']);
    });

    it('without the family asked for, the variation is a failure like any other difference', async () => {
      const r = await runCase(linux('ESTABLISHED'), withVariation('ESTABLISHED'), OPTS);
      expect(failureOf(r).text).to.equal('segment 1: flags: expected ACK, got FIN+ACK');
    });

    it('the variation must match in state too, where the state can be asked', async () => {
      const r = await runCase(linux('FIN_WAIT_1'), withVariation('ESTABLISHED'), { ...OPTS, variants: ['linux'] });
      expect(failureOf(r).text).to.equal('segment 1: flags: expected ACK, got FIN+ACK');
    });

    it('a variation into another state ends the case pending when steps were planned after it, passes when it was the last', async () => {
      const wait: Step = { ...step, kind: 'advance', ms: { off: 1 }, expect: expectNothing('ESTABLISHED') };
      const later = await runCase(linux('FIN_WAIT_1'), withVariation('FIN_WAIT_1', [wait]), {
        ...OPTS,
        variants: ['linux'],
      });
      expect(pendingOf(later)).to.equal(
        'pending: the implementation took known variation linux-fin into FIN_WAIT_1, off the path the rest of the case was planned on',
      );
      expect(later.variations).to.deep.equal(['linux-fin']);
      const last = await runCase(linux('FIN_WAIT_1'), withVariation('FIN_WAIT_1'), { ...OPTS, variants: ['linux'] });
      expect(last.verdict).to.deep.equal({ status: 'passed' });
      const same = await runCase(linux('ESTABLISHED'), withVariation('ESTABLISHED', [wait]), {
        ...OPTS,
        variants: ['linux'],
      });
      expect(same.verdict).to.deep.equal({ status: 'passed' });
    });
  });

  describe('one reaction on its own (checkReaction, as fuzzing uses it)', () => {
    it('names the first difference and records the state asked; no variation is known unless given', async () => {
      const a = scripted();
      a.current = 'LISTEN';
      const transcript: TranscriptEntry[] = [];
      const b = new Bindings(1000, { MSS: 1460 });
      const problem = await checkReaction(connect().expect, NOTHING, a, b, DEFAULT_ENDPOINTS, transcript);
      expect(render(problem!.message, 'en')).to.equal(
        'expected SYN SN=ISS (to be learned) MSS=MSS (1460) len=0 (segment 1 of 1), got no segment',
      );
      expect(transcript).to.deep.equal([{ kind: 'state', state: 'LISTEN' }]);
      const stateOnly = await checkReaction(expectNothing('CLOSED'), NOTHING, a, b, DEFAULT_ENDPOINTS, []);
      expect(render(stateOnly!.message, 'en')).to.equal('state: expected CLOSED, got LISTEN');
      expect(await checkReaction(expectNothing('LISTEN'), NOTHING, a, b, DEFAULT_ENDPOINTS, [])).to.equal(undefined);
    });
  });
});
