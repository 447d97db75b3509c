/**
 * Extra segments RFC 9293 allows (spec/latitude.yaml: window-update, keep-alive). Stacks that
 * send them pass every case and the fuzz with the other latitude fixtures (test/latitude.test.ts);
 * here, the same stacks with a fault planted in those extra segments (a number changed, a probe
 * before its time) still fail, and the unit tests of what tells an extra segment from a wrong one.
 */
import { expect } from 'chai';
import type { Adapter } from '../src/adapter.js';
import { runAll } from './helpers/latitude.js';
import { KeepAliveAdapter, WindowUpdateAdapter } from './fixtures/latitude-adapters.js';
import { planFirst, planned } from './helpers/plan.js';
import * as seq from '../core/seq.js';
import { Extras } from '../src/judge/extras.js';
import { latitudeOf } from '../core/latitude.js';
import type { Segment } from '../core/segment.js';

describe('extra segments: window updates and keep-alive probes', function () {
  this.timeout(600_000);
  planFirst();
  const rfc9293 = () => planned().cases;

  /**
   * Faults planted in the extra segments alone: each changes something besides the window, or
   * sends a probe where MUST-26 (or MUST-25's default) forbids one. Each fails, and every case
   * it fails with latitude it fails exactly judged too.
   */
  const FAULTS: readonly { name: string; make: () => Adapter }[] = [
    {
      name: 'a window update acknowledges one octet more',
      make: () => new WindowUpdateAdapter((s) => ({ ...s, ack: seq.add(s.ack, 1) })),
    },
    {
      name: 'a window update from SND.NXT + 1',
      make: () => new WindowUpdateAdapter((s) => ({ ...s, seq: seq.add(s.seq, 1) })),
    },
    {
      name: 'a window update carries a FIN',
      make: () => new WindowUpdateAdapter((s) => ({ ...s, flags: ['FIN', 'ACK'] })),
    },
    {
      name: 'a "window update" that opens nothing (a duplicate ACK)',
      make: () => new WindowUpdateAdapter((s) => ({ ...s, window: 0 })),
    },
    {
      name: 'keep-alive probes after 1 s where 2 s is declared',
      make: () => new KeepAliveAdapter(1000, false, { declaredMs: 2000 }),
    },
    {
      name: 'keep-alive probes while keep-alives are off (none declared)',
      make: () => new KeepAliveAdapter(1000, false, { declaredMs: 0 }),
    },
    {
      name: 'keep-alive probes with two garbage octets',
      make: () => new KeepAliveAdapter(1000, false, { plant: (s) => ({ ...s, payload: new Uint8Array([0, 0]) }) }),
    },
    {
      name: 'keep-alive probes from SND.NXT',
      make: () => new KeepAliveAdapter(1000, false, { plant: (s) => ({ ...s, seq: seq.add(s.seq, 1) }) }),
    },
  ];

  for (const fault of FAULTS) {
    it(`a planted fault still fails: ${fault.name}`, async () => {
      const t = await runAll(fault.make(), rfc9293());
      expect(t.failed.length).to.be.greaterThan(0);
      expect((await runAll(fault.make(), rfc9293(), true)).failed).to.include.members(t.failed);
    });
  }

  describe('Extras: what tells an extra segment from a wrong one', () => {
    const seg = (flags: Segment['flags'], sn: number, an: number, window = 1000, len = 0): Segment => ({
      srcPort: 7000,
      dstPort: 9000,
      seq: sn,
      ack: an,
      flags,
      window,
      payload: new Uint8Array(len),
    });
    /** ESTABLISHED after the handshake: SND.NXT = 101, RCV.NXT = 501, the peer's ACK of the SYN at t = 0. */
    const established = (keepAliveMs: number, latitude = planned().spec.latitude) => {
      const lat = latitudeOf(latitude);
      const x = new Extras((k) => lat.get(k), keepAliveMs);
      x.sent(seg(['SYN', 'ACK'], 100, 501));
      x.received(seg(['ACK'], 501, 101), 0);
      return x;
    };

    it('a keep-alive probe only after the idle time, with nothing outstanding, and only when declared', () => {
      const probe = seg(['ACK'], 100, 501);
      expect(established(1000).extra(probe, 'ESTABLISHED', 999)).to.equal(undefined);
      expect(established(1000).extra(probe, 'ESTABLISHED', 1000)).to.equal('keep_alive');
      expect(established(1000).extra(seg(['ACK'], 100, 501, 1000, 1), 'CLOSE_WAIT', 1000)).to.equal('keep_alive');
      expect(established(1000).extra(seg(['ACK'], 100, 501, 1000, 2), 'ESTABLISHED', 1000), 'two octets').to.equal(
        undefined,
      );
      expect(established(1000).extra(probe, 'FIN_WAIT_2', 1000), 'not in FIN_WAIT_2').to.equal(undefined);
      expect(established(0).extra(probe, 'ESTABLISHED', 10_000), 'off when not declared').to.equal(undefined);
      const outstanding = established(1000);
      outstanding.sent(seg(['ACK'], 101, 501, 1000, 10));
      expect(outstanding.extra(seg(['ACK'], 110, 501), 'ESTABLISHED', 5000), 'data outstanding').to.equal(undefined);
      const without = planned().spec.latitude.filter((a) => a.allows !== 'keep_alive');
      expect(established(1000, without).extra(probe, 'ESTABLISHED', 1000), 'no allowance').to.equal(undefined);
    });

    it('a window update: the same numbers, a wider window; nothing else', () => {
      const x = established(0);
      expect(x.extra(seg(['ACK'], 101, 501, 2000), 'ESTABLISHED', 0)).to.equal('window_update');
      expect(x.extra(seg(['ACK'], 101, 501, 1000), 'ESTABLISHED', 0), 'the same window').to.equal(undefined);
      expect(x.extra(seg(['ACK'], 101, 502, 2000), 'ESTABLISHED', 0), 'another AN').to.equal(undefined);
      expect(x.extra(seg(['ACK'], 102, 501, 2000), 'ESTABLISHED', 0), 'another SN').to.equal(undefined);
      expect(x.extra(seg(['ACK'], 101, 501, 2000, 1), 'ESTABLISHED', 0), 'data').to.equal(undefined);
      expect(x.extra(seg(['FIN', 'ACK'], 101, 501, 2000), 'ESTABLISHED', 0), 'a FIN').to.equal(undefined);
      x.forget();
      expect(x.extra(seg(['ACK'], 101, 501, 2000), 'ESTABLISHED', 0), 'after the connection').to.equal(undefined);
    });
  });
});
