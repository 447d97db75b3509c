/**
 * The generated reference (generated/reference/endpoint.ts), which students read as the model
 * answer: one arm per transition, its guard compiled from the spec's expression as written, in
 * the spec's order, every state change through setState, no mutation-testing directives; and
 * it answers as the spec interpreted directly (src/mutate/interpret.ts) in fuzz walks.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseExpr } from '../core/expr/parse.js';
import type { Spec } from '../core/spec/types.js';
import { compileExpr, compileGuard, dispatchKey, namesOf } from '../generator/emit/compile.js';
import { readSpec } from '../generator/index.js';
import { titleOf, sourceOf } from '../generator/plan/titles.js';
import { ReferenceAdapter } from '../src/adapters/reference.js';
import { fuzz } from '../src/fuzz/run.js';
import { interpretedReference } from '../src/mutate/interpret.js';

const ENDPOINT = readFileSync('generated/reference/endpoint.ts', 'utf8');

/** Every file under `dir`, relative to the working directory. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** The endpoint's arms by transition id: the text from an arm's title comment to its setState. */
function armsOf(spec: Spec): Map<string, { text: string; at: number }> {
  const arms = new Map<string, { text: string; at: number }>();
  for (const t of spec.transitions) {
    const end = ENDPOINT.indexOf(`this.setState(${JSON.stringify(t.to)}, ${JSON.stringify(t.id)});`);
    expect(end, `${t.id}: no setState naming it`).to.be.greaterThan(0);
    const start = ENDPOINT.lastIndexOf(`// ${titleOf(t, t.rules)}\n`, end);
    expect(start, `${t.id}: no title comment above its setState`).to.be.greaterThan(0);
    arms.set(t.id, { text: ENDPOINT.slice(start, end), at: start });
  }
  return arms;
}

describe('the reference endpoint as code', () => {
  const spec = readSpec('spec');
  const names = namesOf(spec);
  const arms = armsOf(spec);

  it('has no mutation-testing directive and no note of a guard it leaves out, anywhere in generated/', () => {
    for (const file of filesUnder('generated')) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).to.not.match(/Stryker|does not test/i);
    }
  });

  it('heads each arm with its rule IDs, RFC 9293 section and spec line, and tests its guard as the spec writes it', () => {
    for (const t of spec.transitions) {
      const { text } = arms.get(t.id)!;
      expect(text, t.id).to.include(`// RFC 9293 §${t.rfc}; ${sourceOf(t)}\n`);
      // One transition per arm: the next title would start another.
      expect(text.match(/^\s*\/\/ \[/gm), t.id).to.have.length(1);
      const guard = compileGuard(t.input, names);
      if (guard) expect(text, t.id).to.include(`if (${guard}) {\n`);
      else expect(text, t.id).to.not.match(/^\s*if \(/m);
    }
  });

  it("keeps each state's transitions on one input in the spec's order", () => {
    const groups = new Map<string, string[]>();
    for (const t of spec.transitions) {
      const key = `${t.from} ${t.input.kind} ${dispatchKey(t.input)}`;
      groups.set(key, [...(groups.get(key) ?? []), t.id]);
    }
    expect([...groups.values()].some((ids) => ids.length >= 4)).to.equal(true);
    for (const [key, ids] of groups) {
      const at = ids.map((id) => arms.get(id)!.at);
      expect(at, key).to.deep.equal([...at].sort((a, b) => a - b));
    }
  });

  it('changes state only through setState, one line per transition', () => {
    expect(ENDPOINT.match(/this\.state = /g)).to.have.length(1);
    expect(ENDPOINT.match(/^\s*this\.setState\(/gm)).to.have.length(spec.transitions.length);
  });

  it('tests in-order data at RCV.NXT, as the spec does, and takes no data past it', () => {
    const data = arms.get('established-data')!.text;
    expect(data).to.include('seg.seq === this.v.RCV_NXT');
  });
});

describe('compiling expressions for the reference', () => {
  const names = namesOf(readSpec('spec'));
  const code = (text: string) => compileExpr(parseExpr(text), names);

  it('writes parentheses only where precedence or a mix of && and || asks for them', () => {
    expect(code('SEG.SEQ == RCV.NXT && PASSIVE == 1')).to.equal('seg.seq === this.v.RCV_NXT && this.v.PASSIVE === 1');
    expect(code('!(RCV.NXT <= SEG.SEQ && SEG.SEQ < RCV.NXT + RCV.WND)')).to.equal(
      '!(seq.le(this.v.RCV_NXT, seg.seq) && seq.lt(seg.seq, seq.add(this.v.RCV_NXT, this.host.params.RCV_WND)))',
    );
    expect(code('(PASSIVE == 1 || PASSIVE == 0) && RETRIES < MAX_RETRIES')).to.equal(
      '(this.v.PASSIVE === 1 || this.v.PASSIVE === 0) && seq.lt(this.v.RETRIES, this.host.params.MAX_RETRIES)',
    );
    expect(code('PASSIVE == 1 && RETRIES == 0 || PASSIVE == 0')).to.equal(
      '(this.v.PASSIVE === 1 && this.v.RETRIES === 0) || this.v.PASSIVE === 0',
    );
    expect(code('SEG.MSS ?? 536')).to.equal('seg.mss ?? 536');
    expect(code('!(SEG.SEQ == RCV.NXT)')).to.equal('!(seg.seq === this.v.RCV_NXT)');
  });

  it('keeps the meaning of the tree: arithmetic in sequence space, nested as parsed', () => {
    expect(code('RCV.NXT + (SEG.DATA - 1)')).to.equal('seq.add(this.v.RCV_NXT, seq.sub(seg.payload.length, 1))');
    expect(code('2 * MSL')).to.equal('seq.mul(2, this.host.params.MSL)');
  });
});

describe('the reference answers as the spec', () => {
  const spec = readSpec('spec');
  for (const profile of ['memo', 'rfc9293'] as const) {
    it(`the generated reference answers as the interpreted spec in 3,000 fuzz walks (${profile} profile)`, async () => {
      const iut = new ReferenceAdapter({ create: interpretedReference(spec) });
      const out = await fuzz(iut, { spec, profile, runs: 3000, maxSteps: 40, seed: 20261124 });
      expect(out.groups[0], out.groups[0] && JSON.stringify(out.groups[0].walk)).to.equal(undefined);
      expect(out.steps).to.be.greaterThan(20_000);
    });
  }
});
