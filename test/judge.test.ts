/**
 * The judge (src/judge/judge.ts) on hand-written steps: what the spec's latitude lets an
 * implementation do (an ACK later, one ACK for several, an ACK on data, a RST with ACK, a
 * timer late by its granularity), and that it changes no number: a wrong SN or AN, an ACK
 * never sent, a duplicate ACK held back, all still fail, naming the step that owed them.
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

/** What the IUT is expected to send: flags, SN = ISS + sn, AN = IRS + an, data. */
const want = (flags: Flag[], sn: number, an?: number, data = ''): SegmentPattern => ({
  flags,
  seq: { base: 'iss', off: sn },
  ...(an !== undefined ? { ack: { base: 'peer', off: an } } : {}),
  mss: 'absent',
  data,
});
/** What it sent. */
const sent = (flags: Flag[], sn: number, an = 0, data = ''): Segment =>
  fromIut({ flags, seq: ISS + sn, ack: IRS + an, payload: bytes(data) });

const expecting = (segments: SegmentPattern[], state = 'ESTABLISHED'): Expectation => ({ segments, app: [], state });
const reaction = (...segments: Segment[]): Reaction => ({ segments, app: [] });
const judge = (latitude: Latitude = LATITUDE, granularity = 0) =>
  new Judge(new Bindings(IRS, {}, ISS), DEFAULT_ENDPOINTS, latitude, granularity);
const text = (p: JudgeProblem | undefined) => (p ? render(p.message, 'en') : 'passed');

const ACK1 = want(['ACK'], 1, 1);
const ACK11 = want(['ACK'], 1, 11);

describe('the judge (src/judge/judge.ts)', () => {
  it('without latitude, an ACK not sent at once is missing, as the exact comparison had it', () => {
    const j = judge(EXACT);
    expect(text(j.outputs(0, expecting([ACK1]), reaction()))).to.match(/^expected ACK SN=ISS\+1 .*got no segment$/);
  });

  it('a delayed ACK is owed, not missing, and a later copy of it pays the debt', () => {
    const j = judge();
    expect(j.outputs(0, expecting([ACK1]), reaction())).to.equal(undefined);
    expect(j.owing.map((o) => o.index)).to.deep.equal([0]);
    expect(j.used.map((n) => n.allowance.id)).to.deep.equal(['delayed-ack']);
    j.passed(200);
    expect(j.outputs(1, expecting([]), reaction(sent(['ACK'], 1, 1)))).to.equal(undefined);
    expect(j.owing).to.deep.equal([]);
  });

  it('an ACK owed longer than 500 ms fails the step that owed it, citing MUST-40', () => {
    const j = judge();
    j.outputs(2, expecting([ACK1]), reaction());
    j.passed(501);
    const p = j.outputs(3, expecting([]), reaction());
    expect(p?.index).to.equal(2);
    expect(text(p)).to.match(/not sent within 500 ms .*MUST-40/);
  });

  it('one ACK may stand for several (SHLD-19), with exactly the AN of the latest', () => {
    const j = judge();
    j.outputs(0, expecting([ACK1]), reaction());
    j.outputs(1, expecting([ACK11]), reaction());
    expect(j.owing).to.have.length(2);
    expect(j.outputs(2, expecting([]), reaction(sent(['ACK'], 1, 11)))).to.equal(undefined);
    expect(j.owing).to.deep.equal([]);
    expect(j.used.map((n) => n.allowance.id)).to.include('cumulative-ack');
  });

  it('an owed ACK may ride on the data sent next from the same SN', () => {
    const j = judge();
    j.outputs(0, expecting([ACK1]), reaction());
    const data = want(['ACK'], 1, 1, 'hello');
    expect(j.outputs(1, expecting([data]), reaction(sent(['ACK'], 1, 1, 'hello')))).to.equal(undefined);
    expect(j.owing).to.deep.equal([]);
  });

  it('each allowance stands alone: without ack-on-segment, data does not pay an owed ACK', () => {
    const only = latitudeOf(readSpec('spec').latitude.filter((a) => a.id === 'delayed-ack'));
    const j = judge(only);
    j.outputs(0, expecting([ACK1]), reaction());
    const data = want(['ACK'], 1, 1, 'hello');
    expect(j.outputs(1, expecting([data]), reaction(sent(['ACK'], 1, 1, 'hello')))).to.equal(undefined);
    expect(
      j.owing.map((o) => o.index),
      'still owed',
    ).to.deep.equal([0]);
  });

  it('latitude changes no number: an ACK with another AN is still a difference', () => {
    const j = judge();
    j.outputs(0, expecting([ACK1]), reaction());
    const p = j.outputs(1, expecting([]), reaction(sent(['ACK'], 1, 2)));
    expect(text(p)).to.match(/AN: expected IRS\+1 .*got IRS\+2/);
    expect(p?.index, 'the step that owed the ACK').to.equal(0);
    expect(text(judge().outputs(0, expecting([ACK1]), reaction(sent(['ACK'], 2, 1))))).to.match(/SN: expected/);
  });

  it('an ACK that repeats the last AN (an unacceptable segment, a duplicate) must come at once', () => {
    const j = judge();
    expect(j.outputs(0, expecting([ACK1]), reaction(sent(['ACK'], 1, 1)))).to.equal(undefined);
    expect(text(j.outputs(1, expecting([ACK1]), reaction()))).to.match(/^expected ACK SN=ISS\+1 .*got no segment$/);
  });

  it('the ACKs owed go with the connection (a RST, CLOSED)', () => {
    const j = judge();
    j.outputs(0, expecting([ACK1]), reaction());
    expect(j.outputs(1, expecting([want(['RST'], 1)], 'CLOSED'), reaction(sent(['RST'], 1)))).to.equal(undefined);
    expect(j.owing).to.deep.equal([]);
  });

  it('a RST with ACK where the spec sends RST alone passes with a warning; a wrong SN still fails', () => {
    const j = judge();
    expect(j.outputs(0, expecting([want(['RST'], 1)], 'CLOSED'), reaction(sent(['RST', 'ACK'], 1, 7)))).to.equal(
      undefined,
    );
    expect(j.used.map((n) => [n.allowance.id, n.allowance.level])).to.deep.equal([['rst-with-ack', 'warning']]);
    expect(text(judge().outputs(0, expecting([want(['RST'], 1)]), reaction(sent(['RST', 'ACK'], 2, 7))))).to.match(
      /flags: expected RST, got RST\+ACK/,
    );
    expect(text(judge(EXACT).outputs(0, expecting([want(['RST'], 1)]), reaction(sent(['RST', 'ACK'], 1))))).to.match(
      /flags: expected RST, got RST\+ACK/,
    );
  });

  it('a segment nothing expects is extra, latitude or not', () => {
    expect(text(judge().outputs(0, expecting([]), reaction(sent(['ACK'], 1, 1))))).to.match(/^expected no segment/);
  });

  it('after waiting for a late timer, later waits are shorter by as much, until an input', () => {
    const j = judge(LATITUDE, 500);
    j.waitedForTimer(0, 500);
    expect(j.used.map((n) => n.allowance.id)).to.deep.equal(['timer-granularity']);
    expect(j.advanceFor(300)).to.equal(0);
    expect(j.advanceFor(999)).to.equal(799);
    j.waitedForTimer(1, 500);
    j.input();
    expect(j.advanceFor(999)).to.equal(999);
  });

  it('settling pays what an ACK coming late acknowledges, and nothing it does not', () => {
    const j = judge();
    j.outputs(0, expecting([ACK1]), reaction());
    j.outputs(1, expecting([ACK11]), reaction());
    j.passed(200);
    j.settle(reaction(sent(['ACK'], 1, 5)), 1);
    expect(j.owing, 'an ACK no step expects pays nothing').to.have.length(2);
    j.settle(reaction(sent(['ACK'], 1, 11)), 1);
    expect(j.owing).to.deep.equal([]);
    expect(j.dueIn()).to.equal(undefined);
  });

  it('a retransmission from an earlier SN carries an owed ACK by its AN, if it is exactly that AN', () => {
    const j = judge();
    j.outputs(0, expecting([want(['ACK'], 2, 10)], 'FIN_WAIT_1'), reaction());
    j.settle(reaction(sent(['FIN', 'ACK'], 1, 9)), 0);
    expect(j.owing, 'an AN short of it pays nothing').to.have.length(1);
    j.settle(reaction(sent(['FIN', 'ACK'], 1, 10)), 0);
    expect(j.owing).to.deep.equal([]);
  });
});
