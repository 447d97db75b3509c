import { expect } from 'chai';
import fc from 'fast-check';
import { parseExpr, ExprSyntaxError } from '../core/expr/parse.js';
import { show } from '../core/expr/ast.js';
import { typeCheck, ExprTypeError, type Scope } from '../core/expr/check.js';
import { evaluate, abs, sym, IncomparableError, type Env } from '../core/expr/evaluate.js';

const scope: Scope = {
  typeOf: (n) => (n === 'SEG.MSS' ? 'opt' : ['SND.UNA', 'SND.NXT', 'SEG.ACK', 'MSL'].includes(n) ? 'num' : undefined),
  known: () => ['SND.UNA', 'SND.NXT', 'SEG.ACK', 'SEG.MSS', 'MSL'],
};

function env(values: Record<string, ReturnType<typeof abs> | undefined>): Env {
  return { get: (n) => values[n], isn: () => sym('iss') };
}

describe('expression language (core/expr)', () => {
  it('parses chained comparisons into a conjunction', () => {
    expect(show(parseExpr('SND.UNA < SEG.ACK <= SND.NXT'))).to.equal('(SND.UNA < SEG.ACK) && (SEG.ACK <= SND.NXT)');
  });

  it('gives precedence: * over + over comparisons over && over ||', () => {
    expect(show(parseExpr('a || b && 1 + 2 * 3 == 7'))).to.equal('a || (b && ((1 + (2 * 3)) == 7))');
  });

  it('reports the offset of a syntax error', () => {
    try {
      parseExpr('SEG.ACK <= <= 3');
      expect.fail('no error');
    } catch (err) {
      expect(err).to.be.instanceOf(ExprSyntaxError);
      expect((err as ExprSyntaxError).at).to.equal(11);
    }
  });

  it('rejects text that is not an expression instead of evaluating it', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: hostile text, never evaluated
    for (const hostile of ['process.exit(7)', '`${x}`', "'a'", 'a; b', 'x = 1', '"s"', '1abc']) {
      let threw = false;
      try {
        typeCheck(parseExpr(hostile), scope);
      } catch (err) {
        threw = err instanceof ExprSyntaxError || err instanceof ExprTypeError;
      }
      expect(threw, hostile).to.equal(true);
    }
  });

  it('type-checks: an optional value needs a default', () => {
    expect(() => typeCheck(parseExpr('SEG.MSS + 1'), scope)).to.throw(ExprTypeError, /optional/);
    expect(typeCheck(parseExpr('SEG.MSS ?? 536'), scope)).to.equal('num');
    expect(() => typeCheck(parseExpr('SND.NXXT'), scope)).to.throw(ExprTypeError, /did you mean "SND.NXT"/);
  });

  it('evaluates symbolically: ISS-relative values compare, unrelated unknowns do not', () => {
    const e = env({ 'SND.UNA': sym('iss'), 'SND.NXT': sym('iss', 1), 'SEG.ACK': sym('iss', 1), MSL: sym('MSL') });
    expect(evaluate(parseExpr('SND.UNA < SEG.ACK <= SND.NXT'), e)).to.equal(true);
    expect(evaluate(parseExpr('2 * MSL'), e)).to.deep.equal({ base: 'MSL', k: 2, off: 0 });
    const mixed = env({ 'SND.UNA': sym('iss'), 'SEG.ACK': sym('peer') });
    expect(() => evaluate(parseExpr('SND.UNA < SEG.ACK'), mixed)).to.throw(IncomparableError);
  });

  it('plain numbers follow modulo-2^32 serial arithmetic', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (a) => {
        const e = env({ 'SND.UNA': abs(a) });
        return (
          evaluate(parseExpr('SND.UNA < SND.UNA + 1'), e) === true &&
          evaluate(parseExpr('SND.UNA + 1 - 1 == SND.UNA'), e) === true
        );
      }),
    );
  });
});
