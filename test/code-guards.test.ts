/**
 * The reference's code leaves out the parts of a guard no test could see (generator/emit/
 * needless.ts: codeGuards). What it keeps must still take every input the spec specifies
 * exactly as the spec says: fuzz walks check the generated reference against the spec
 * interpreted directly (src/mutate/interpret.ts), which tests every guard as written.
 */
import { expect } from 'chai';
import { show } from '../core/expr/ast.js';
import { dispatchKey } from '../generator/emit/compile.js';
import { codeGuards, codeOrder } from '../generator/emit/needless.js';
import type { Transition } from '../core/spec/types.js';
import { ReferenceAdapter } from '../src/adapters/reference.js';
import { fuzz } from '../src/fuzz/run.js';
import { interpretedReference } from '../src/mutate/interpret.js';
import { planned } from './helpers/plan.js';

describe('code guards: what the reference need not test', () => {
  const { spec } = planned();
  const byId = (id: string) => spec.transitions.find((t) => t.id === id)!;
  /** The transitions of `id`'s state and input, as the emitter orders them. */
  const groupOf = (id: string): Transition[] => {
    const t = byId(id);
    return codeOrder(
      spec.transitions.filter(
        (u) => u.from === t.from && u.input.kind === t.input.kind && dispatchKey(u.input) === dispatchKey(t.input),
      ),
    );
  };
  const untestedOf = (id: string, sameCode = () => false): string[] => {
    const group = groupOf(id);
    return codeGuards(spec, group, sameCode)[group.findIndex((t) => t.id === id)]!.untested.map(show);
  };

  it('leaves out SEG.SEQ == RCV.NXT where only unspecified segments fail it (data in the window past RCV.NXT)', () => {
    expect(untestedOf('established-data')).to.include('SEG.SEQ == RCV.NXT');
  });

  it('keeps what tells two specified answers apart: data unacknowledged (give up) from nothing to resend (do nothing)', () => {
    expect(untestedOf('established-give-up')).to.not.include('SND.UNA != SND.NXT');
  });

  it('keeps a retry limit a later transition answers differently, unless one above takes the other side', () => {
    const group = groupOf('established-rexmt');
    const rexmt = codeGuards(spec, group, () => false)[group.findIndex((t) => t.id === 'established-rexmt')]!;
    expect(rexmt.untested.map(show)).to.deep.equal([]);
    // established-give-up comes after established-rexmt: its RETRIES >= MAX_RETRIES is the opposite of one it follows.
    expect(untestedOf('established-give-up')).to.deep.equal(['RETRIES >= MAX_RETRIES']);
  });

  it('leaves out a test whose other side the first later transition answers with the same code', () => {
    // an ACK acknowledging something not yet sent, out of the window: both answer <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
    expect(untestedOf('established-ack-unsent', () => false)).to.not.include('SEG.SEQ == RCV.NXT');
    expect(untestedOf('established-ack-unsent', () => true)).to.include('SEG.SEQ == RCV.NXT');
  });

  for (const profile of ['memo', 'rfc9293'] as const) {
    it(`the generated reference answers as the interpreted spec in 3,000 fuzz walks (${profile} profile)`, async () => {
      const iut = new ReferenceAdapter({ create: interpretedReference(spec) });
      const out = await fuzz(iut, { spec, profile, runs: 3000, maxSteps: 40, seed: 20261124 });
      expect(out.failed, out.failed && JSON.stringify(out.failed.walk)).to.equal(undefined);
      expect(out.steps).to.be.greaterThan(20_000);
    });
  }
});
