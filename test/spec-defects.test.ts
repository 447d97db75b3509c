/**
 * Readings of RFC 9293 the spec once got wrong, found by implementations that follow the RFC
 * (issue 13): each test states the RFC's reading and checks the planned cases or the model
 * against it, so a spec that slips back fails here with the section that says otherwise.
 */
import { expect } from 'chai';
import type { Step, TestCase } from '../core/case.js';
import * as seq from '../core/seq.js';
import { planFirst, planned } from './helpers/plan.js';

type Inject = Extract<Step, { kind: 'inject' }>;

const focusOf = (c: TestCase): Step => c.steps[c.focus]!;

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
        expect(ack!.ack, c.id).to.deep.equal({ ...s.segment.seq, off: seq.add(s.segment.seq.off, s.segment.data.length + 1) });
        expect(s.expect.app, c.id).to.deep.equal([{ kind: 'data', data: s.segment.data }, { kind: 'eof' }]);
      }
    }
  });
});
