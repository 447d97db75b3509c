import { expect } from 'chai';
import fc from 'fast-check';
import * as seq from '../core/seq.js';

const u32 = fc.integer({ min: 0, max: seq.SEQ_MAX });
const delta = fc.integer({ min: -(2 ** 31) + 1, max: 2 ** 31 - 1 });

describe('sequence arithmetic (core/seq.ts)', () => {
  it('add and sub are inverse modulo 2^32', () => {
    fc.assert(fc.property(u32, u32, (a, b) => seq.sub(seq.add(a, b), b) === a && seq.isSeq(seq.add(a, b))));
  });

  it('diff recovers any distance below 2^31, across the wrap', () => {
    fc.assert(fc.property(u32, delta, (a, d) => seq.diff(a, seq.add(a, d)) === d));
  });

  it('lt/le/gt/ge agree with the signed distance and are antisymmetric', () => {
    fc.assert(
      fc.property(
        u32,
        delta.filter((d) => d !== 0),
        (a, d) => {
          const b = seq.add(a, d);
          return (
            seq.lt(a, b) === d > 0 &&
            seq.gt(b, a) === d > 0 &&
            seq.le(a, a) &&
            seq.ge(a, a) &&
            seq.lt(a, b) !== seq.lt(b, a)
          );
        },
      ),
    );
  });

  it('2^32 - 1 + 1 wraps to 0 and 0 is after 2^32 - 1', () => {
    expect(seq.add(seq.SEQ_MAX, 1)).to.equal(0);
    expect(seq.lt(seq.SEQ_MAX, 0)).to.equal(true);
    expect(seq.sub(0, 1)).to.equal(seq.SEQ_MAX);
  });

  it('mul is exact modulo 2^32 even beyond 2^53', () => {
    fc.assert(fc.property(u32, u32, (a, b) => BigInt(seq.mul(a, b)) === (BigInt(a) * BigInt(b)) % 2n ** 32n));
  });

  it('wrap maps every integer into [0, 2^32)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 52), max: 2 ** 52 }),
        (n) => seq.isSeq(seq.wrap(n)) && (seq.wrap(n) - n) % 2 ** 32 === 0,
      ),
    );
  });

  it('lt/le/gt/ge against the signed distance, each one exactly, equal values included', () => {
    fc.assert(
      fc.property(u32, delta, (a, d) => {
        const b = seq.add(a, d);
        expect([seq.lt(a, b), seq.le(a, b), seq.gt(a, b), seq.ge(a, b)]).to.deep.equal([d > 0, d >= 0, d < 0, d <= 0]);
      }),
    );
    expect([seq.lt(7, 7), seq.le(7, 7), seq.gt(7, 7), seq.ge(7, 7)]).to.deep.equal([false, true, false, true]);
  });

  it('half the space apart (RFC 1982 leaves it undefined): the distance is -2^31 both ways', () => {
    expect(seq.diff(0, 2 ** 31)).to.equal(-(2 ** 31));
    expect(seq.diff(2 ** 31, 0)).to.equal(-(2 ** 31));
    expect([seq.lt(0, 2 ** 31), seq.lt(2 ** 31, 0), seq.gt(0, 2 ** 31), seq.gt(2 ** 31, 0)]).to.deep.equal([
      false,
      false,
      true,
      true,
    ]);
    expect(seq.diff(0, 2 ** 31 - 1)).to.equal(2 ** 31 - 1);
  });

  it('isSeq takes exactly the integers 0 .. 2^32 - 1', () => {
    for (const ok of [0, 1, seq.SEQ_MAX]) expect(seq.isSeq(ok), String(ok)).to.equal(true);
    for (const bad of [-1, seq.SEQ_MAX + 1, 1.5, Number.NaN, '1', undefined, null])
      expect(seq.isSeq(bad), String(bad)).to.equal(false);
  });
});
