/**
 * The judge on packetizing latitude, by hand-written steps: Nagle holding a short segment
 * while data is unacknowledged (§3.7.4), the FIN riding on the last data (§3.10.4), a
 * retransmission packetized otherwise from SND.UNA (§3.8.6). And the faults a held segment
 * could hide still fail: data never sent once all is acknowledged, data at a wrong SN, a FIN
 * before held data, octets the spec never sent, a segment over the peer's MSS, data held
 * with nothing outstanding.
 */
import { expect } from 'chai';
import type { Expectation, SegmentPattern } from '../core/case.js';
import { EXACT, latitudeOf, type Latitude } from '../core/latitude.js';
import type { Reaction } from '../core/reaction.js';
import { bytes, type Flag, type Segment } from '../core/segment.js';
import { readSpec } from '../generator/index.js';
import { DEFAULT_ENDPOINTS } from '../src/adapter.js';
import { Bindings } from '../src/harness/terms.js';
import { render } from '../src/i18n/text.js';
import { Judge, type JudgeProblem } from '../src/judge/judge.js';
import { fromIut } from './helpers/segments.js';

const ISS = 5000;
const IRS = 1000;
const LATITUDE: Latitude = latitudeOf(readSpec('spec').latitude);
const MSS = 64;
/** The data of one send of 100 octets: the spec sends 64, then 36. */
const DATA = 'x'.repeat(64) + 'y'.repeat(36);

const want = (flags: Flag[], sn: number, an: number, data = ''): SegmentPattern => ({
  flags,
  seq: { base: 'iss', off: sn },
  ack: { base: 'peer', off: an },
  mss: 'absent',
  data,
});
const sent = (flags: Flag[], sn: number, an: number, data = ''): Segment =>
  fromIut({ flags, seq: ISS + sn, ack: IRS + an, payload: bytes(data) });
/** A segment the tester sends: SN = IRS + sn, AN = ISS + an. */
const peer = (flags: Flag[], sn: number, an: number, mss?: number): Segment => ({
  ...fromIut({ flags, seq: IRS + sn, ack: ISS + an }),
  srcPort: DEFAULT_ENDPOINTS.peer.port,
  dstPort: DEFAULT_ENDPOINTS.iut.port,
  ...(mss !== undefined ? { mss } : {}),
});
const expecting = (segments: SegmentPattern[], state = 'ESTABLISHED'): Expectation => ({ segments, app: [], state });
const reaction = (...segments: Segment[]): Reaction => ({ segments, app: [] });
const text = (p: JudgeProblem | undefined) => {
  const s = p ? render(p.message, 'en') : 'passed';
  if (process.env.SHOW) console.log(s);
  return s;
};

const FIRST = want(['PSH', 'ACK'], 1, 1, DATA.slice(0, 64));
const TAIL = want(['PSH', 'ACK'], 65, 1, DATA.slice(64));
const FIN = want(['FIN', 'ACK'], 101, 1);

/** A judge after an active open to a peer whose SYN+ACK gives `mss`, at the call that follows. */
function opened(mss: number, latitude: Latitude = LATITUDE): Judge {
  const j = new Judge(new Bindings(IRS, {}, ISS), DEFAULT_ENDPOINTS, latitude);
  j.outputs(
    0,
    expecting(
      [want(['SYN'], 0, 0)].map(({ ack: _, ...p }) => p),
      'SYN_SENT',
    ),
    reaction(sent(['SYN'], 0, 0)),
  );
  const synAck = peer(['SYN', 'ACK'], 0, 1, mss);
  j.input(synAck);
  j.received(synAck);
  j.outputs(1, expecting([want(['ACK'], 1, 1)]), reaction(sent(['ACK'], 1, 1)));
  j.input();
  return j;
}

/** A judge after an active open with a peer MSS of 64, and a send of 100 octets whose short tail the endpoint holds. */
function holding(latitude: Latitude = LATITUDE): { j: Judge; held: JudgeProblem | undefined } {
  const j = opened(MSS, latitude);
  const held = j.outputs(2, expecting([FIRST, TAIL]), reaction(sent(['PSH', 'ACK'], 1, 1, DATA.slice(0, 64))));
  return { j, held };
}

/** The peer acknowledges `an` octets of ISS's sequence space. */
function ack(j: Judge, an: number): void {
  const s = peer(['ACK'], 1, an);
  j.input(s);
  j.received(s);
}

const used = (j: Judge) => j.used.map((n) => n.allowance.id);

describe('the judge on Nagle, a FIN on data and repacketized retransmission', () => {
  it('a short tail may be held while sent data is unacknowledged, and sent once it is acknowledged', () => {
    const { j, held } = holding();
    expect(text(held)).to.equal('passed');
    expect(used(j)).to.deep.equal(['nagle']);
    ack(j, 65);
    expect(text(j.outputs(3, expecting([]), reaction(sent(['PSH', 'ACK'], 65, 1, DATA.slice(64)))))).to.equal('passed');
    expect(used(j)).to.deep.equal(['nagle', 'nagle']);
  });

  it('judged exactly, the held tail is missing', () => {
    expect(text(holding(EXACT).held)).to.match(
      /^expected ACK SN=ISS\+65 .*len=36 \(segment 2 of 2\), got nothing more$/,
    );
  });

  it('held data not sent once everything sent is acknowledged fails the step that sent it', () => {
    const { j } = holding();
    ack(j, 65);
    const p = j.outputs(3, expecting([]), reaction());
    expect(p?.index).to.equal(2);
    expect(text(p)).to.match(/^expected ACK SN=ISS\+65 .*len=36; held back, and not sent once everything sent/);
  });

  it('held data at a wrong SN, or with octets the spec never sent, fails', () => {
    for (const wrong of [
      sent(['PSH', 'ACK'], 66, 1, DATA.slice(64)),
      sent(['PSH', 'ACK'], 65, 1, `${DATA.slice(64)}z`),
    ]) {
      const { j } = holding();
      ack(j, 65);
      expect(text(j.outputs(3, expecting([]), reaction(wrong)))).to.not.equal('passed');
    }
  });

  it('a FIN may wait behind held data and ride on it; a FIN before it fails', () => {
    const ok = holding().j;
    ok.input();
    expect(text(ok.outputs(3, expecting([FIN], 'FIN_WAIT_1'), reaction()))).to.equal('passed');
    ack(ok, 65);
    const withFin = sent(['FIN', 'PSH', 'ACK'], 65, 1, DATA.slice(64));
    expect(text(ok.outputs(4, expecting([], 'FIN_WAIT_1'), reaction(withFin)))).to.equal('passed');
    expect(used(ok)).to.include.members(['nagle', 'data-with-fin']);

    const early = holding().j;
    early.input();
    expect(text(early.outputs(3, expecting([FIN], 'FIN_WAIT_1'), reaction(sent(['FIN', 'ACK'], 101, 1))))).to.match(
      /^FIN\+ACK SN=5101 .* sent before ACK SN=ISS\+65 .*len=36, which it held back/,
    );
  });

  it('a FIN on data needs the data-with-fin allowance', () => {
    const nagleOnly = latitudeOf(readSpec('spec').latitude.filter((a) => a.allows !== 'data_with_fin'));
    const { j } = holding(nagleOnly);
    j.input();
    j.outputs(3, expecting([FIN], 'FIN_WAIT_1'), reaction());
    ack(j, 65);
    const withFin = sent(['FIN', 'PSH', 'ACK'], 65, 1, DATA.slice(64));
    expect(text(j.outputs(4, expecting([], 'FIN_WAIT_1'), reaction(withFin)))).to.not.equal('passed');
  });

  it('nothing outstanding: a short segment may not be held', () => {
    const j = opened(MSS);
    expect(text(j.outputs(2, expecting([TAIL]), reaction()))).to.match(/got no segment$/);
  });

  it('held data joins what is sent after it, never over the peer MSS', () => {
    const more = want(['PSH', 'ACK'], 101, 1, 'z'.repeat(10));
    const { j } = holding();
    j.input();
    expect(text(j.outputs(3, expecting([more]), reaction()))).to.equal('passed');
    ack(j, 65);
    const joined = sent(['PSH', 'ACK'], 65, 1, DATA.slice(64) + 'z'.repeat(10));
    expect(text(j.outputs(4, expecting([]), reaction(joined)))).to.equal('passed');

    const big = want(['PSH', 'ACK'], 101, 1, 'z'.repeat(40));
    const over = holding().j;
    over.input();
    // 76 octets held: a full-sized segment Nagle sends at once.
    expect(text(over.outputs(3, expecting([big]), reaction()))).to.match(/got no segment$/);
  });

  it('a retransmission may be the first segment as sent, or carry the FIN on the last data', () => {
    const j = opened(1460);
    j.outputs(2, expecting([want(['PSH', 'ACK'], 1, 1, 'ab')]), reaction(sent(['PSH', 'ACK'], 1, 1, 'ab')));
    j.input();
    j.outputs(3, expecting([want(['PSH', 'ACK'], 3, 1, 'cd')]), reaction(sent(['PSH', 'ACK'], 3, 1, 'cd')));
    j.input();
    j.outputs(4, expecting([want(['FIN', 'ACK'], 5, 1)], 'FIN_WAIT_1'), reaction(sent(['FIN', 'ACK'], 5, 1)));
    j.passed(1000);
    // The spec resends all it can from SND.UNA: "abcd".
    const resend = expecting([want(['ACK'], 1, 1, 'abcd')], 'FIN_WAIT_1');
    expect(text(j.outputs(5, resend, reaction(sent(['ACK'], 1, 1, 'ab'))))).to.equal('passed');
    j.passed(2000);
    expect(text(j.outputs(6, resend, reaction(sent(['FIN', 'ACK'], 1, 1, 'abcd'))))).to.equal('passed');
    expect(used(j)).to.include.members(['rto', 'data-with-fin']);
    // Not from SND.UNA, or octets never sent: no retransmission at all.
    j.passed(4000);
    expect(text(j.outputs(7, resend, reaction(sent(['ACK'], 3, 1, 'cd'))))).to.not.equal('passed');
    expect(text(j.outputs(7, resend, reaction(sent(['ACK'], 1, 1, 'abcde'))))).to.not.equal('passed');
  });
});
