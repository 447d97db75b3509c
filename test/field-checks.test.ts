/**
 * The field checks that judge one segment or one list of application events
 * (src/harness/check.ts) and the terms they compare with (src/harness/terms.ts): each
 * difference is named by field with both values, and nothing that conforms is called one.
 */
import { expect } from 'chai';
import { fromIut } from './helpers/segments.js';
import type { SegmentPattern, Term } from '../core/case.js';
import type { AppEvent } from '../core/reaction.js';
import { bytes, type Segment } from '../core/segment.js';
import * as seq from '../core/seq.js';
import { DEFAULT_ENDPOINTS } from '../src/adapter.js';
import {
  checkApp,
  checkSegment,
  describeEvent,
  describePattern,
  describeSegment,
  formatSegment,
  normalizeEvents,
} from '../src/harness/check.js';
import { baseName } from '../core/notation.js';
import { Bindings } from '../src/harness/terms.js';
import { render, type Text } from '../src/i18n/text.js';

const ends = DEFAULT_ENDPOINTS;
const en = (x: Text | undefined) => (x === undefined ? undefined : render(x, 'en'));

/** SYN+ACK, SN = ISS, AN = peer ISN + 1, MSS present (any value). */
const synAck: SegmentPattern = {
  flags: ['SYN', 'ACK'],
  seq: { base: 'iss', off: 0 },
  ack: { base: 'peer', off: 1 },
  mss: { base: 'MSS', off: 0 },
  data: '',
};

describe('terms: bindings of learned values and parameters (src/harness/terms.ts)', () => {
  it('a plain number is itself, a parameter is read, a product wraps modulo 2^32', () => {
    const b = new Bindings(100, { MSS: 1460, MSL: 0x8000_0000 });
    expect(b.value({ off: 42 })).to.equal(42);
    expect(b.value({ base: 'MSS', off: 0 })).to.equal(1460);
    expect(b.value({ base: 'MSL', k: 2, off: 5 })).to.equal(5);
    expect(b.value({ base: 'peer', off: seq.SEQ_MAX })).to.equal(99);
  });

  it('the ISN the IUT was told to use is known from the start and never learned again', () => {
    const b = new Bindings(100, {}, 5000);
    expect(b.isBound('iss')).to.equal(true);
    b.bind({ base: 'iss', off: 0 }, 7777);
    expect(b.get('iss')).to.equal(5000);
    expect(b.all()).to.deep.equal({ peer: 100, iss: 5000 });
    expect(new Bindings(100, {}).isBound('iss')).to.equal(false);
  });

  it('learns an unknown once, from the first value observed; a plain term teaches nothing', () => {
    const b = new Bindings(0, {});
    b.bind({ off: 3 }, 10);
    expect(b.all()).to.deep.equal({ peer: 0 });
    b.bind({ base: 'iss#2', off: 2 }, 10);
    b.bind({ base: 'iss#2', off: 0 }, 99);
    expect(b.get('iss#2')).to.equal(8);
    expect(b.learnedValues(['iss#2', 'iss', 'peer'])).to.deep.equal([8, undefined, 0]);
  });

  it('asking for an unknown not learned yet is an internal error naming it', () => {
    expect(() => new Bindings(0, {}).get('iss')).to.throw('internal: iss is not known yet');
    expect(() => new Bindings(0, {}).get('MSL')).to.throw('internal: MSL is not known yet');
  });

  it('a parameter is bound whenever the implementation or the spec gives it, and never learned', () => {
    const b = new Bindings(0, { MSS: 536 });
    expect(b.isBound('MSS')).to.equal(true);
    b.bind({ base: 'MSS', off: 0 }, 1460);
    expect(b.value({ base: 'MSS', off: 0 })).to.equal(536);
    expect(b.all()).to.deep.equal({ peer: 0 });
    // Only a name that starts upper-case is a parameter: "xMSS" is an unknown to learn.
    expect(b.isBound('xMSS')).to.equal(false);
  });

  it('describes a value relative to its base as a person reads it', () => {
    const b = new Bindings(1000, { MSS: 1460, MSL: 120_000 }, seq.SEQ_MAX);
    expect(b.describe({ off: 7 })).to.equal('7');
    expect(b.describe({ base: 'MSS', off: 0 })).to.equal('MSS (1460)');
    expect(b.describe({ base: 'MSL', k: 2, off: 0 })).to.equal('2*MSL+0 (240000)');
    expect(b.describe({ base: 'MSL', k: 2, off: seq.SEQ_MAX })).to.equal('2*MSL-1 (239999)');
    expect(b.describe({ base: 'MSS', off: 1 })).to.equal('MSS+1 (1461)');
    expect(b.describe({ base: 'iss', off: 1 })).to.equal('ISS+1 (0)');
    expect(b.describe({ base: 'peer', off: 1 })).to.equal('IRS+1 (1001)');
    expect(b.describe({ base: 'peer', off: seq.SEQ_MAX })).to.equal('IRS-1 (999)');
  });

  it('describes an observed value relative to the base expected, when that base is a learned number', () => {
    const b = new Bindings(1000, { MSS: 1460 });
    const iss: Term = { base: 'iss', off: 1 };
    expect(b.describeObserved(iss, 55)).to.equal('55');
    b.bind(iss, 56);
    expect(b.describeObserved(iss, 57)).to.equal('ISS+2 (57)');
    expect(b.describeObserved(iss, 54)).to.equal('ISS-1 (54)');
    expect(b.describeObserved({ base: 'peer', off: 1 }, 1000)).to.equal('IRS+0 (1000)');
    expect(b.describeObserved({ base: 'MSS', off: 0 }, 536)).to.equal('536');
    expect(b.describeObserved({ off: 4 }, 5)).to.equal('5');
  });

  it('names the bases as RFC 9293 does: the IUT ISNs ISS, ISS#2, the tester ISN the IUT IRS', () => {
    expect(baseName('peer')).to.equal('IRS');
    expect(baseName('iss')).to.equal('ISS');
    expect(baseName('iss#2')).to.equal('ISS#2');
    expect(baseName('MSL')).to.equal('MSL');
    expect(baseName('xiss')).to.equal('xiss');
  });
});

describe('field checks of one segment (src/harness/check.ts)', () => {
  const check = (p: SegmentPattern, s: Segment, b = new Bindings(1000, { MSS: 1460 })) =>
    en(checkSegment(p, s, b, ends));

  it('a conforming SYN+ACK passes, and teaches the IUT ISN', () => {
    const b = new Bindings(1000, { MSS: 1460 });
    const s = fromIut({ flags: ['SYN', 'ACK'], seq: 777, ack: 1001, mss: 1460 });
    expect(en(checkSegment({ ...synAck, mss: 'absent' }, { ...s, mss: undefined }, b, ends))).to.equal(undefined);
    expect(b.get('iss')).to.equal(777);
  });

  it('compares the control flags exactly, PSH aside', () => {
    expect(check(synAck, fromIut({ flags: ['SYN'], seq: 1, ack: 1001, mss: 1460 }))).to.equal(
      'flags: expected SYN+ACK, got SYN',
    );
    const ack = { flags: ['ACK'], seq: { off: 5 }, ack: { base: 'peer', off: 1 }, mss: 'absent', data: '' } as const;
    expect(check(ack, fromIut({ flags: ['PSH', 'ACK'], seq: 5, ack: 1001 }))).to.equal(undefined);
    expect(check(ack, fromIut({ flags: ['ACK', 'FIN'], seq: 5, ack: 1001 }))).to.equal(
      'flags: expected ACK, got FIN+ACK',
    );
  });

  it('checks both ports: from the IUT port to the tester port', () => {
    const ok = fromIut({ flags: ['SYN', 'ACK'], seq: 1, ack: 1001, mss: 1460 });
    expect(check(synAck, { ...ok, srcPort: 7001 })).to.equal('ports: expected 7000 -> 9000, got 7001 -> 9000');
    expect(check(synAck, { ...ok, dstPort: 9001 })).to.equal('ports: expected 7000 -> 9000, got 7000 -> 9001');
  });

  it('an SN or AN one off names the field, the expected term and the value got, relative to the same base', () => {
    const b = new Bindings(1000, { MSS: 1460 }, 500);
    expect(check(synAck, fromIut({ flags: ['SYN', 'ACK'], seq: 501, ack: 1001, mss: 1460 }), b)).to.equal(
      'SN: expected ISS+0 (500), got ISS+1 (501)',
    );
    expect(check(synAck, fromIut({ flags: ['SYN', 'ACK'], seq: 500, ack: 1000, mss: 1460 }), b)).to.equal(
      'AN: expected IRS+1 (1001), got IRS+0 (1000)',
    );
  });

  it('a pattern without AN ignores the AN field', () => {
    const rst = { flags: ['RST'], seq: { off: 9 }, mss: 'absent', data: '' } as const;
    expect(check(rst, fromIut({ flags: ['RST'], seq: 9, ack: 12345 }))).to.equal(undefined);
  });

  it('the MSS option: absent where none is expected, else present with the value expected', () => {
    const noMss = { ...synAck, mss: 'absent' } as const;
    const s = fromIut({ flags: ['SYN', 'ACK'], seq: 1, ack: 1001 });
    expect(check(noMss, { ...s, mss: 1460 })).to.equal('MSS option: expected none, got 1460');
    expect(check(synAck, s)).to.equal('MSS option: expected one, got none');
    expect(check(synAck, { ...s, mss: 1400 })).to.equal('MSS option: expected MSS (1460), got 1400');
    expect(check({ ...synAck, mss: { off: 536 } }, { ...s, mss: 1460 })).to.equal('MSS option: expected 536, got 1460');
  });

  it('an MSS expected relative to a value not learned yet takes any valid MSS, and learns nothing', () => {
    const s = fromIut({ flags: ['SYN', 'ACK'], seq: 1, ack: 1001 });
    const b = new Bindings(1000, {});
    const unknown = { ...synAck, mss: { base: 'iss#2', off: 0 } };
    expect(check(unknown, { ...s, mss: 1 }, b)).to.equal(undefined);
    expect(check(unknown, { ...s, mss: 65535 }, b)).to.equal(undefined);
    expect(b.isBound('iss#2')).to.equal(false);
    expect(check(unknown, { ...s, mss: 0 }, b)).to.equal('MSS option: expected a value in 1..65535, got 0');
    expect(check(unknown, { ...s, mss: 65536 }, b)).to.equal('MSS option: expected a value in 1..65535, got 65536');
  });

  it('the payload: its length first, then its octets', () => {
    const p = { flags: ['ACK'], seq: { off: 1 }, ack: { off: 2 }, mss: 'absent', data: 'hello' } as const;
    const s = fromIut({ flags: ['ACK'], seq: 1, ack: 2 });
    expect(check(p, { ...s, payload: bytes('hello') })).to.equal(undefined);
    expect(check(p, { ...s, payload: bytes('hell') })).to.equal('payload length: expected 5, got 4');
    expect(check(p, { ...s, payload: bytes('jello') })).to.equal('payload: expected "hello", got "jello"');
    expect(check({ ...p, data: '' }, { ...s, payload: bytes('x') })).to.equal('payload length: expected 0, got 1');
  });

  it('reports the first difference in the order flags, ports, SN, AN, MSS, payload', () => {
    const wrongAll = fromIut({ flags: ['SYN', 'ACK'], srcPort: 1, seq: 3, ack: 4, payload: bytes('x') });
    const b = new Bindings(1000, { MSS: 1460 }, 500);
    expect(check(synAck, wrongAll, b)).to.match(/^ports:/);
    expect(check(synAck, { ...wrongAll, srcPort: 7000 }, b)).to.match(/^SN:/);
    expect(check(synAck, { ...wrongAll, srcPort: 7000, seq: 500 }, b)).to.match(/^AN:/);
    expect(check(synAck, { ...wrongAll, srcPort: 7000, seq: 500, ack: 1001 }, b)).to.match(/^MSS option:/);
    expect(check(synAck, { ...wrongAll, srcPort: 7000, seq: 500, ack: 1001, mss: 1460 }, b)).to.match(
      /^payload length:/,
    );
  });
});

describe('describing segments and patterns (src/harness/check.ts)', () => {
  it('a pattern names flags, SN and AN by their terms, the MSS option, and the length', () => {
    const b = new Bindings(1000, { MSS: 1460 });
    expect(describePattern(synAck, b)).to.equal('SYN+ACK SN=ISS (to be learned) AN=IRS+1 (1001) MSS=MSS (1460) len=0');
    b.bind(synAck.seq, 700);
    expect(describePattern(synAck, b)).to.equal('SYN+ACK SN=ISS+0 (700) AN=IRS+1 (1001) MSS=MSS (1460) len=0');
    expect(describePattern({ ...synAck, mss: 'absent', data: 'abc' }, b)).to.equal(
      'SYN+ACK SN=ISS+0 (700) AN=IRS+1 (1001) len=3',
    );
    const unknownMss = new Bindings(1000, {});
    expect(describePattern({ ...synAck, mss: { base: 'MSS', off: 0 } }, unknownMss)).to.equal(
      'SYN+ACK SN=ISS (to be learned) AN=IRS+1 (1001) MSS=present len=0',
    );
    expect(describePattern({ ...synAck, ack: { base: 'iss#2', off: 0 } }, unknownMss)).to.include('AN=? ');
  });

  it('a segment shows AN only with the ACK flag, and the MSS option only when there is one', () => {
    const n = (_: 'seq' | 'ack', v: number) => `#${v}`;
    expect(formatSegment(fromIut({ flags: ['SYN'], seq: 5, ack: 9, mss: 536 }), n)).to.equal('SYN SN=#5 MSS=536 len=0');
    expect(formatSegment(fromIut({ flags: ['ACK'], seq: 5, ack: 9, payload: bytes('ab') }), n)).to.equal(
      'ACK SN=#5 AN=#9 len=2',
    );
  });

  it('a segment is described relative to the pattern it was checked with, or in plain numbers', () => {
    const b = new Bindings(1000, {}, 500);
    const s = fromIut({ flags: ['SYN', 'ACK'], seq: 501, ack: 1002, mss: 1460 });
    expect(describeSegment(s, synAck, b)).to.equal('SYN+ACK SN=ISS+1 (501) AN=IRS+2 (1002) MSS=1460 len=0');
    expect(describeSegment(s)).to.equal('SYN+ACK SN=501 AN=1002 MSS=1460 len=0');
    expect(describeSegment(s, synAck)).to.equal('SYN+ACK SN=501 AN=1002 MSS=1460 len=0');
  });
});

describe('application events (src/harness/check.ts)', () => {
  const data = (text: string): AppEvent => ({ kind: 'data', data: bytes(text) });

  it('joins consecutive data, however the application read it, and keeps the other events in order', () => {
    expect(normalizeEvents([data('he'), data('llo'), { kind: 'eof' }, data('x')])).to.deep.equal([
      { kind: 'data', data: 'hello' },
      { kind: 'eof' },
      { kind: 'data', data: 'x' },
    ]);
    expect(normalizeEvents([{ kind: 'reset' }, { kind: 'reset' }])).to.deep.equal([
      { kind: 'reset' },
      { kind: 'reset' },
    ]);
  });

  it('passes exactly the expected events and names both lists otherwise', () => {
    expect(en(checkApp([{ kind: 'data', data: 'hello' }], [data('hel'), data('lo')]))).to.equal(undefined);
    expect(en(checkApp([], []))).to.equal(undefined);
    expect(en(checkApp([{ kind: 'eof' }], [{ kind: 'eof' }]))).to.equal(undefined);
    expect(en(checkApp([{ kind: 'eof' }], []))).to.equal('application: expected end of stream, got nothing');
    expect(en(checkApp([], [{ kind: 'reset' }]))).to.equal('application: expected nothing, got error "reset"');
    expect(en(checkApp([{ kind: 'data', data: 'ab' }, { kind: 'eof' }], [data('ax'), { kind: 'eof' }]))).to.equal(
      'application: expected data "ab", end of stream, got data "ax", end of stream',
    );
    expect(en(checkApp([{ kind: 'refused' }], [{ kind: 'reset' }]))).to.equal(
      'application: expected error "refused", got error "reset"',
    );
    expect(en(checkApp([{ kind: 'eof' }], [{ kind: 'eof' }, { kind: 'eof' }]))).to.match(/got end of stream, end/);
  });

  it('describes one event', () => {
    expect(en(describeEvent({ kind: 'data', data: 'a"b' }))).to.equal('data "a\\"b"');
    expect(en(describeEvent({ kind: 'eof' }))).to.equal('end of stream');
    expect(en(describeEvent({ kind: 'no_connection' }))).to.equal('error "no_connection"');
  });
});
