/**
 * Readings of RFC 9293 the spec once got wrong, found by implementations that follow the RFC
 * (issue 13): each test states the RFC's reading and checks the planned cases or the model
 * against it, so a spec that slips back fails here with the section that says otherwise.
 */
import { expect } from 'chai';
import type { Step, TestCase } from '../core/case.js';
import { text, type Flag, type Segment } from '../core/segment.js';
import * as seq from '../core/seq.js';
import { readSpec } from '../generator/index.js';
import { DEFAULT_ENDPOINTS, type Adapter } from '../src/adapter.js';
import { ReferenceAdapter } from '../src/adapters/reference.js';
import { withoutStateQuery } from '../src/adapters/without-state-query.js';
import { checkApp } from '../src/harness/check.js';
import { render } from '../src/i18n/text.js';
import { formatApp, parseApp } from '../core/notation.js';
import type { AppEvent } from '../core/reaction.js';
import { runCase } from '../src/harness/run-case.js';
import { fuzz } from '../src/fuzz/run.js';
import { interpretedReference } from '../src/mutate/interpret.js';
import { planFirst, planned } from './helpers/plan.js';

type Inject = Extract<Step, { kind: 'inject' }>;

const focusOf = (c: TestCase): Step => c.steps[c.focus]!;

const PEER_ISN = 5000;
const RTO = 1000;

/** A segment from the tester. */
function fromPeer(flags: readonly Flag[], sn: number, an: number): Segment {
  const { iut, peer } = DEFAULT_ENDPOINTS;
  return { srcPort: peer.port, dstPort: iut.port, seq: sn, ack: an, flags, window: 65535, payload: new Uint8Array(0) };
}

/** An active open completed by the tester's SYN+ACK; the IUT's ISN. */
async function open(a: Adapter): Promise<number> {
  const iss = (await a.call({ call: 'connect' })).segments[0]!.seq;
  await a.deliver(fromPeer(['SYN', 'ACK'], PEER_ISN, seq.add(iss, 1)));
  return iss;
}

const send = (a: Adapter, data: string) => a.call({ call: 'send', data: new TextEncoder().encode(data) });

/** A segment as "FLAGS SN data", SN relative to the ISN: what a failure shows. */
const shown = (s: Segment, iss: number) =>
  `${s.flags.join('+')} ISS+${seq.sub(s.seq, iss)} ${JSON.stringify(text(s.payload))}`;

/** The generated reference, and the spec interpreted by core/machine.ts: both must follow the RFC. */
function references(): [string, () => Adapter][] {
  const spec = readSpec('spec');
  return [
    ['generated reference', () => new ReferenceAdapter()],
    ['spec interpreted (core/machine.ts)', () => new ReferenceAdapter({ create: interpretedReference(spec) })],
  ];
}

describe('the spec against RFC 9293 (issue 13 defects)', function () {
  this.timeout(120_000);
  planFirst();

  it('§3.10.7.4: a FIN that carries data delivers it before the FIN, in every state that takes such a FIN', () => {
    const { spec, cases } = planned();
    // The seventh step processes the text in ESTABLISHED, FIN_WAIT_1 and FIN_WAIT_2; the eighth
    // then advances RCV.NXT over the FIN: AN = SEG.SEQ + data + 1.
    const takers = spec.transitions.filter(
      (t) =>
        t.input.kind === 'segment' &&
        t.input.ctl.includes('FIN') &&
        ['ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2'].includes(t.from) &&
        t.to !== t.from,
    );
    expect(takers.map((t) => t.id)).to.include.members([
      'established-fin',
      'fin-wait-1-fin',
      'fin-wait-1-fin-acked',
      'fin-wait-2-fin',
    ]);
    for (const t of takers) {
      const withData = cases.filter((c) => {
        const s = focusOf(c);
        return c.transition === t.id && s.kind === 'inject' && s.segment.data.length > 0;
      });
      expect(withData, `${t.id}: no case gives it a FIN with data`).to.not.be.empty;
      for (const c of withData) {
        const s = focusOf(c) as Inject;
        const ack = s.expect.segments.find((p) => p.flags.join('+') === 'ACK');
        expect(ack, c.id).to.not.equal(undefined);
        expect(ack!.ack, c.id).to.deep.equal({
          ...s.segment.seq,
          off: seq.add(s.segment.seq.off, s.segment.data.length + 1),
        });
        expect(s.expect.app, c.id).to.deep.equal([{ kind: 'data', data: s.segment.data }, { kind: 'eof' }]);
      }
    }
  });

  it('§3.10.8, RFC 6298 §5.4: with its SYN+ACK unacknowledged after a close in SYN_RCVD, the SYN+ACK is retransmitted first', () => {
    const c = planned().cases.find((x) => x.id === 'fin-wait-1-rexmt-syn/server');
    expect(c, 'no case retransmits in FIN_WAIT_1 entered from SYN_RCVD').to.not.equal(undefined);
    expect(c!.steps.slice(0, c!.focus).map((s) => s.transition)).to.include('syn-rcvd-close');
    const fired = c!.steps.slice(c!.focus).flatMap((s) => (s.kind === 'advance' ? s.expect.segments : []));
    expect(fired.map((p) => `${p.flags.join('+')} ${p.seq.base}+${p.seq.off}`)).to.deep.equal(['SYN+ACK iss+0']);
  });

  for (const [name, make] of references()) {
    it(`§3.10.8: data sent before the FIN and unacknowledged is retransmitted before the FIN (${name})`, async () => {
      const a = make();
      await a.reset({});
      const iss = await open(a);
      await send(a, 'hello world!');
      await a.call({ call: 'close' });
      const first = await a.advance(RTO);
      expect(first.segments.map((s) => shown(s, iss))).to.deep.equal(['ACK ISS+1 "hello world!"']);
      // The data acknowledged, the FIN is what is left; the timeout has doubled.
      await a.deliver(fromPeer(['ACK'], PEER_ISN + 1, seq.add(iss, 13)));
      const second = await a.advance(2 * RTO);
      expect(second.segments.map((s) => shown(s, iss))).to.deep.equal(['FIN+ACK ISS+13 ""']);
    });

    it(`§3.10.8: a resend on a new connection carries its data, not the data of one that ended unacknowledged (${name})`, async () => {
      const a = make();
      await a.reset({});
      await open(a);
      await send(a, 'first connection');
      await a.call({ call: 'abort' });
      const iss = await open(a);
      await send(a, 'second');
      const r = await a.advance(RTO);
      expect(r.segments.map((s) => shown(s, iss))).to.deep.equal(['ACK ISS+1 "second"']);
    });
  }

  it('numbers in planned segments are relative to the live ISNs: once the IUT has an ISN, no ACK number is a plain number', () => {
    const absolute = planned().cases.flatMap((c) => {
      let known = false;
      const found: string[] = [];
      for (const s of c.steps) {
        if (s.kind === 'reset') known = false;
        if (s.kind === 'inject' && known && s.segment.ack && s.segment.ack.base === undefined)
          found.push(`${c.id}: ACK number ${s.segment.ack.off} (${s.transition})`);
        if (
          (s.kind === 'call' || s.kind === 'inject' || s.kind === 'advance') &&
          s.expect.segments.some((p) => p.seq.base?.startsWith('iss'))
        )
          known = true;
      }
      return found;
    });
    expect(absolute).to.deep.equal([]);
  });

  // Each case planned once, run with the IUT's and the tester's ISN at the edges of sequence space.
  for (const isn of [0, 2 ** 31, 2 ** 32 - 1]) {
    it(`the reference passes every case with both ISNs ${isn}`, async () => {
      const reference = new ReferenceAdapter();
      const failed: string[] = [];
      for (const c of planned().cases) {
        const r = await runCase(reference, { ...c, iutIsn: isn, peerIsn: isn }, {});
        if (r.verdict.status !== 'passed') failed.push(`${c.id}: ${JSON.stringify(r.verdict)}`);
        // The IUT did start at that ISN (the first it chose), and the tester at its own.
        if ((r.bindings.iss ?? isn) !== isn || r.bindings.peer !== isn)
          failed.push(`${c.id}: ISNs ${JSON.stringify(r.bindings)}`);
      }
      expect(failed).to.deep.equal([]);
    });
  }

  describe('the latitude RFC 9293 leaves the application interface', () => {
    const told = (...kinds: AppEvent['kind'][]) => kinds.map((kind) => ({ kind }) as AppEvent);
    const judged = (want: string[], got: AppEvent[]) => {
      const r = checkApp(want.map(parseApp), got);
      return r ? render(r, 'en') : 'ok';
    };

    it('an optional event may be told or not; alternatives are any of theirs; nothing else is', () => {
      expect(judged(['reset?'], [])).to.equal('ok');
      expect(judged(['reset?'], told('reset'))).to.equal('ok');
      expect(judged(['reset?'], told('refused'))).to.equal(
        'application: expected error "reset" (or nothing), got error "refused"',
      );
      expect(judged(['reset?'], told('reset', 'reset'))).to.not.equal('ok');
      expect(judged(['reset|refused'], told('refused'))).to.equal('ok');
      expect(judged(['reset|refused'], told('reset'))).to.equal('ok');
      expect(judged(['reset|refused'], [])).to.match(/error "reset" or error "refused"/);
      expect(judged(['eof', 'reset?'], told('eof'))).to.equal('ok');
      expect(judged(['eof', 'reset?'], told('reset', 'eof'))).to.not.equal('ok');
      for (const text of ['reset?', 'refused|reset', 'refused|reset?', 'eof', 'data "a|b?"'])
        expect(formatApp(parseApp(text))).to.equal(text);
    });

    it('§3.10.5: an abort "should" report "connection reset" to pending calls: where the connection is not closing it may, elsewhere it does not', () => {
      const { spec } = planned();
      const aborts = spec.transitions.filter((t) => t.input.kind === 'call' && t.input.call === 'abort');
      const latitude = (id: string) =>
        aborts
          .find((t) => t.id === id)!
          .actions.filter((a) => a.kind === 'notify')
          .map((a) => (a.kind === 'notify' ? `${a.what}${a.optional ? '?' : ''}` : ''));
      for (const id of [
        'listen-abort',
        'syn-sent-abort',
        'syn-rcvd-abort',
        'established-abort',
        'fin-wait-1-abort',
        'fin-wait-2-abort',
        'close-wait-abort',
      ])
        expect(latitude(id), id).to.deep.equal(['reset?']);
      for (const id of ['closing-abort', 'last-ack-abort', 'time-wait-abort'])
        expect(latitude(id), id).to.deep.equal([]);
      expect(latitude('closed-abort')).to.deep.equal(['no_connection']);
    });

    it('§3.10.7.3: a RST in SYN_SENT signals "connection reset"; "refused", as sockets report it, conforms too', () => {
      const c = planned().cases.find((x) => x.id === 'syn-sent-rst-ack/client')!;
      const step = focusOf(c) as Inject;
      expect(step.kind).to.equal('inject');
      expect(step.expect.app).to.deep.equal([{ kind: 'reset', or: ['refused'] }]);
    });

    /** The reference, with what it tells the application rewritten: a conforming implementation that chose otherwise. */
    function telling(rewrite: (call: string | undefined, app: readonly AppEvent[]) => AppEvent[]): Adapter {
      const inner = new ReferenceAdapter();
      return {
        name: 'rewritten',
        capabilities: inner.capabilities,
        params: inner.params,
        reset: (o) => inner.reset(o),
        call: async (c) => {
          const r = await inner.call(c);
          return { ...r, app: rewrite(c.call, r.app) };
        },
        deliver: async (seg) => {
          const r = await inner.deliver(seg);
          return { ...r, app: rewrite(undefined, r.app) };
        },
        advance: async (ms) => {
          const r = await inner.advance(ms);
          return { ...r, app: rewrite(undefined, r.app) };
        },
        state: () => inner.state(),
        close: () => inner.close(),
      };
    }

    async function notPassed(a: Adapter): Promise<string[]> {
      const out: string[] = [];
      for (const c of planned().cases) {
        const r = await runCase(a, c, { profile: 'rfc9293' });
        if (r.verdict.status !== 'passed') out.push(c.id);
      }
      return out;
    }

    it('an implementation whose abort tells the application nothing passes every case, with and without a state query', async () => {
      const silent = () =>
        telling((call, app) => (call === 'abort' ? app.filter((e) => e.kind !== 'reset') : [...app]));
      expect(await notPassed(silent())).to.deep.equal([]);
      expect(await notPassed(withoutStateQuery(silent()))).to.deep.equal([]);
    });

    it('an implementation that reports every failed open as "connection reset" passes every case', async () => {
      const resets = telling((_, app) => app.map((e) => (e.kind === 'refused' ? ({ kind: 'reset' } as AppEvent) : e)));
      expect(await notPassed(resets)).to.deep.equal([]);
    });

    it('the fuzz judges with the same latitude: a silent abort passes its walks, one that reports "refused" fails', async () => {
      const spec = readSpec('spec');
      const options = { spec, profile: 'rfc9293' as const, runs: 300, maxSteps: 30, seed: 20261203 };
      const silent = telling((call, app) => (call === 'abort' ? app.filter((e) => e.kind !== 'reset') : [...app]));
      const quiet = await fuzz(silent, options);
      expect(quiet.groups[0], quiet.groups[0] && JSON.stringify(quiet.groups[0].walk)).to.equal(undefined);
      const refuses = telling((call, app) =>
        call === 'abort' ? app.map((e) => (e.kind === 'reset' ? ({ kind: 'refused' } as AppEvent) : e)) : [...app],
      );
      expect((await fuzz(refuses, options)).groups[0]).to.not.equal(undefined);
    });

    it('an abort that reports "connection refused", or an end of stream, still fails', async () => {
      const refuses = telling((call, app) =>
        call === 'abort' ? app.map((e) => (e.kind === 'reset' ? ({ kind: 'refused' } as AppEvent) : e)) : [...app],
      );
      const failed = await notPassed(refuses);
      expect(failed).to.include('established-abort/client');
      // Only cases that abort somewhere fail: the rewrite touches nothing else.
      const aborts = (id: string) =>
        planned()
          .cases.find((c) => c.id === id)!
          .steps.some((st) => st.kind === 'call' && st.call === 'abort');
      expect(failed.filter((id) => !aborts(id))).to.deep.equal([]);
      const eof = telling((call, app) => (call === 'abort' ? [...app, { kind: 'eof' } as AppEvent] : [...app]));
      expect(await notPassed(eof)).to.include.members(['listen-abort/server', 'time-wait-abort/client']);
    });
  });
});
