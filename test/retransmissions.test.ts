/**
 * The judge's retransmission timer (src/judge/retransmissions.ts): which segments, at which
 * times, an RFC 6298 RTO with a declared minimum may retransmit before the plan does.
 */
import { expect } from 'chai';
import { bytes, type Flag, type Segment } from '../core/segment.js';
import { Retransmissions } from '../src/judge/retransmissions.js';

const ISS = 1000;
const seg = (seq: number, flags: Flag[], data = '', ack = 500): Segment => ({
  srcPort: 7000,
  dstPort: 9000,
  seq,
  ack,
  flags,
  window: 65535,
  payload: bytes(data),
});
const ackOf = (an: number) => seg(500, ['ACK'], '', an);

/** 12 octets sent at 0 ms, RTO_MIN 200 ms, a virtual clock. */
function sentData(): Retransmissions {
  const r = new Retransmissions({ minMs: 200, toleranceMs: 0 });
  r.sent(seg(ISS, ['ACK'], 'hello world!'), 0);
  return r;
}

describe('retransmissions on an RFC 6298 RTO', () => {
  it('accepts the earliest unacknowledged data at RTO_MIN or later, below 1 s as below the floor', () => {
    const r = sentData();
    const s = seg(ISS, ['ACK'], 'hello world!');
    expect(r.early(s, 199, [500], true)).to.deep.include({ leastMs: 200, backoff: false });
    expect(r.early(s, 200, [500], true)).to.deep.equal({
      segment: s,
      intervalMs: 200,
      belowFloor: true,
      linear: false,
    });
    expect(r.early(s, 200, [500], false), 'without the floor allowance').to.equal(undefined);
    expect(r.early(s, 1000, [500], false)).to.deep.include({ belowFloor: false });
  });

  it('requires each later retransmission to double the interval (RFC 6298 (5.5))', () => {
    const r = sentData();
    const s = seg(ISS, ['ACK'], 'hello world!');
    r.sent(s, 200);
    expect(r.early(s, 599, [500], true)).to.deep.include({ leastMs: 400, backoff: true });
    expect(r.early(s, 600, [500], true)).to.deep.include({ intervalMs: 400 });
  });

  it('a real clock measures with its tolerance', () => {
    const r = new Retransmissions({ minMs: 200, toleranceMs: 20 });
    const s = seg(ISS, ['ACK'], 'x');
    r.sent(s, 0);
    expect(r.early(s, 185, [500], true)).to.deep.include({ intervalMs: 185 });
    expect(r.early(s, 149, [500], true)).to.deep.include({ leastMs: 200 });
    // Twice a measured interval is off by two tolerances, the interval itself by one.
    r.sent(s, 300);
    expect(r.early(s, 300 + 451, [500], true)).to.deep.include({ intervalMs: 451 });
    expect(r.early(s, 300 + 449, [500], true)).to.deep.include({ leastMs: 600, backoff: true });
  });

  it('a 1 s RTO measured a little short on a real clock is on the floor, not below it', () => {
    const r = new Retransmissions({ minMs: 200, toleranceMs: 50 });
    const s = seg(ISS, ['ACK'], 'x');
    r.sent(s, 0);
    expect(r.early(s, 992, [500], false)).to.deep.include({ intervalMs: 992, belowFloor: false });
    expect(r.early(s, 949, [500], true)).to.deep.include({ belowFloor: true });
  });

  it('never takes another segment for a retransmission: another SN, other octets, another AN, a FIN too soon', () => {
    const r = sentData();
    expect(r.early(seg(ISS + 1, ['ACK'], 'ello world!'), 500, [500], true)).to.equal(undefined);
    expect(r.early(seg(ISS, ['ACK'], 'hello_world!'), 500, [500], true)).to.equal(undefined);
    expect(r.early(seg(ISS, ['ACK'], 'hello world!', 501), 500, [500], true)).to.equal(undefined);
    expect(r.early(seg(ISS, ['ACK', 'FIN'], 'hello'), 500, [500], true)).to.equal(undefined);
  });

  it('lets the retransmission be repacketized from SND.UNA, with the FIN only after all the data', () => {
    const r = sentData();
    r.sent(seg(ISS + 12, ['ACK', 'FIN'], 'more'), 10);
    expect(r.early(seg(ISS, ['ACK'], 'hello'), 300, [500], true)).to.not.equal(undefined);
    expect(r.early(seg(ISS, ['ACK', 'FIN'], 'hello world!more'), 300, [500], true)).to.not.equal(undefined);
  });

  it('what the peer acknowledges is no longer retransmitted; an ACK of unsent data acknowledges nothing', () => {
    const r = sentData();
    r.acked(ackOf(ISS + 20));
    expect(r.early(seg(ISS, ['ACK'], 'hello world!'), 300, [500], true), 'ACK of unsent data').to.not.equal(undefined);
    r.acked(ackOf(ISS + 6));
    expect(r.early(seg(ISS, ['ACK'], 'hello world!'), 300, [500], true)).to.equal(undefined);
    expect(r.early(seg(ISS + 6, ['ACK'], 'world!'), 300, [500], true)).to.not.equal(undefined);
    r.acked(ackOf(ISS + 12));
    expect(r.ahead, 'nothing outstanding: the timer is not running').to.equal(false);
  });

  it('an early retransmission stands for the one the plan expects later, once', () => {
    const r = sentData();
    const s = seg(ISS, ['ACK'], 'hello world!');
    expect(r.early(s, 200, [500], true)).to.not.equal(undefined);
    r.sent(s, 200);
    expect(r.ahead).to.equal(true);
    const same = (x: Segment) => x.seq === ISS;
    expect(r.cameEarly(same)).to.equal(true);
    expect(r.cameEarly(same)).to.equal(false);
  });
});

describe("a SYN's retransmissions at an unchanged interval (a known variation: Linux's tcp_syn_linear_timeouts)", () => {
  const syn = seg(ISS, ['SYN']);
  /** A SYN sent at 0 and retransmitted at 1000, 2000, … as `times` say, RTO_MIN 200 ms, the first `linear` not backed off. */
  function synSent(times: readonly number[], linear?: number): Retransmissions {
    const r = new Retransmissions({
      minMs: 200,
      toleranceMs: 0,
      ...(linear !== undefined ? { synLinear: linear } : {}),
    });
    r.sent(syn, 0);
    for (const at of times) r.sent(syn, at);
    return r;
  }

  it('without the variation, a second retransmission 1 s after the first is too soon (RFC 6298 (5.5))', () => {
    expect(synSent([1000]).early(syn, 2000, [], true)).to.deep.include({ leastMs: 2000, backoff: true });
    expect(synSent([1000], 0).early(syn, 2000, [], true)).to.deep.include({ leastMs: 2000, backoff: true });
  });

  it('with it, the first SYN_LINEAR_TIMEOUTS retransmissions after the first keep the interval, and say so', () => {
    // Linux 6.18 (spec/linux.yaml linux.syn-schedule): 1, 2, 3, 4, 5, 7, 11 s with 4 linear.
    expect(synSent([1000], 4).early(syn, 2000, [], true)).to.deep.include({ intervalMs: 1000, linear: true });
    expect(synSent([1000, 2000, 3000, 4000], 4).early(syn, 5000, [], true)).to.deep.include({ linear: true });
    expect(synSent([1000, 2000, 3000], 4).early(syn, 3999, [], true), 'sooner than the interval').to.deep.include({
      leastMs: 1000,
    });
  });

  it('after them the RTO doubles as RFC 6298 (5.5) says: 7 s after 5 s, not 6 s; a doubled interval is no variation', () => {
    const r = () => synSent([1000, 2000, 3000, 4000, 5000], 4);
    expect(r().early(syn, 6000, [], true)).to.deep.include({ leastMs: 2000, backoff: true });
    expect(r().early(syn, 7000, [], true)).to.deep.include({ intervalMs: 2000, linear: false });
    expect(synSent([1000], 4).early(syn, 3000, [], true)).to.deep.include({ linear: false });
  });

  it('is for a SYN only: data retransmitted at an unchanged interval still fails', () => {
    const r = new Retransmissions({ minMs: 200, toleranceMs: 0, synLinear: 4 });
    const s = seg(ISS, ['ACK'], 'hello world!');
    r.sent(s, 0);
    r.sent(s, 1000);
    expect(r.early(s, 2000, [500], true)).to.deep.include({ leastMs: 2000, backoff: true });
  });
});

describe('tail loss probes (RACK-TLP, RFC 8985), for an implementation that declares them', () => {
  const data = seg(ISS, ['ACK'], 'hello world!');
  /** 12 octets sent at 0 ms, RTO_MIN 200 ms, probes declared or not. */
  function sent(probe: boolean): Retransmissions {
    const r = new Retransmissions({ minMs: 200, toleranceMs: 0, probe });
    r.sent(data, 0);
    return r;
  }

  it('takes one probe of the tail sooner than RTO_MIN, and only where probes are declared', () => {
    expect(sent(false).early(data, 50, [500], true)).to.deep.include({ leastMs: 200 });
    const r = sent(true);
    expect(r.early(data, 50, [500], true)).to.deep.include({ intervalMs: 50, probe: 'this' });
    r.sent(data, 50);
    // One probe per flight: a second one that soon is too soon for the RTO armed again at the probe.
    expect(r.early(data, 100, [500], true)).to.deep.include({ leastMs: 200, backoff: false });
    expect(r.early(data, 250, [500], true)).to.deep.include({ intervalMs: 200, linear: false });
  });

  it('the tail may start before SND.UNA (it left before the ACK arrived), never past the flight or without data', () => {
    const r = sent(true);
    r.acked(ackOf(ISS + 3));
    expect(r.early(seg(ISS + 2, ['ACK'], 'llo world!'), 50, [500], true)).to.deep.include({ probe: 'this' });
    const later = sent(true);
    later.acked(ackOf(ISS + 3));
    expect(later.early(seg(ISS + 2, ['ACK'], 'llo world!'), 300, [500], true), 'after RTO_MIN').to.deep.include({
      probe: 'this',
    });
    expect(sent(false).early(seg(ISS + 2, ['ACK'], 'llo world!'), 300, [500], true), 'undeclared').to.equal(undefined);
    // It may even cross the ACK of the whole flight; once, and not after something else was sent.
    const crossed = sent(true);
    crossed.acked(ackOf(ISS + 12));
    const probe = seg(ISS + 11, ['ACK'], '!');
    expect(crossed.early(probe, 300, [500], true)).to.deep.include({ probe: 'this' });
    crossed.sent(probe, 300);
    expect(crossed.early(seg(ISS + 11, ['ACK'], '!'), 350, [500], true), 'a second probe').to.equal(undefined);
    const moved = sent(true);
    moved.acked(ackOf(ISS + 12));
    moved.sent(seg(ISS + 12, ['ACK'], 'more'), 100);
    expect(moved.early(seg(ISS + 11, ['ACK'], '!'), 300, [500], true), 'a new flight').to.equal(undefined);
    expect(sent(true).early(seg(ISS + 2, ['ACK'], 'llo world'), 50, [500], true), 'not the tail').to.equal(undefined);
    expect(sent(true).early(seg(ISS + 12, ['ACK']), 50, [500], true), 'a pure ACK').to.equal(undefined);
    expect(sent(true).early(seg(ISS + 2, ['ACK'], 'llo_world!'), 50, [500], true), 'other octets').to.equal(undefined);
  });

  it('a first retransmission the next does not double was the probe; the one after that doubles', () => {
    const r = sent(true);
    expect(r.early(data, 400, [500], true)).to.deep.include({ intervalMs: 400 });
    r.sent(data, 400);
    expect(r.early(data, 940, [500], true)).to.deep.include({ intervalMs: 540, probe: 'before' });
    r.sent(data, 940);
    expect(r.early(data, 1500, [500], true)).to.deep.include({ leastMs: 1080, backoff: true });
    // Without probes declared the same schedule fails at the second retransmission.
    const strict = sent(false);
    strict.sent(data, 400);
    expect(strict.early(data, 940, [500], true)).to.deep.include({ leastMs: 800, backoff: true });
  });

  it('never for a SYN', () => {
    const r = new Retransmissions({ minMs: 200, toleranceMs: 0, probe: true });
    const syn = seg(ISS, ['SYN']);
    r.sent(syn, 0);
    expect(r.early(syn, 50, [], true)).to.deep.include({ leastMs: 200 });
  });
});
