/**
 * Every (state, input) pair of the rfc9293 profile is covered by a transition (with tests) or
 * deliberately marked unspecified; a gap is reported and fails the command.
 */
import { expect } from 'chai';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coverage, INPUTS } from '../generator/coverage.js';
import { generate, SpecErrors } from '../generator/index.js';
import { tcpconform } from './helpers/cli.js';

describe('coverage', function () {
  this.timeout(60_000);
  const g = generate('spec');

  it('rfc9293: every state answers every input, each covered pair has tests', () => {
    const cov = coverage(g.spec, g.cases, 'rfc9293');
    expect(cov.gaps).to.deep.equal([]);
    expect(cov.states).to.have.length(11);
    for (const state of cov.states) {
      for (const input of INPUTS) {
        const cell = cov.cells.get(`${state} / ${input}`);
        expect(cell, `${state} / ${input}`).to.not.equal(undefined);
        if (cell!.kind === 'covered') expect(cell!.tests, `${state} / ${input}`).to.be.greaterThan(0);
      }
    }
  });

  it('docs/coverage-rfc9293.md is what `coverage --format markdown` says now', () => {
    const md = tcpconform(['coverage', '--profile', 'rfc9293', '--format', 'markdown']);
    expect(
      md.stdout,
      'regenerate with: npx tcpconform coverage --profile rfc9293 --format markdown --output docs/coverage-rfc9293.md',
    ).to.equal(readFileSync(join('docs', 'coverage-rfc9293.md'), 'utf8'));
  });

  it('the command prints the table and exits 0 for rfc9293; Markdown for the docs', () => {
    const r = tcpconform(['coverage', '--profile', 'rfc9293']);
    expect(r.status).to.equal(0);
    expect(r.stdout).to.match(/^TIME_WAIT\s/m);
    expect(r.stdout).to.include('no gaps');
    const md = tcpconform(['coverage', '--profile', 'rfc9293', '--format', 'markdown']);
    expect(md.stdout.split('\n')[0]).to.match(/^\| state \| listen\(\) \| connect\(\) \|/);
    expect(md.stdout).to.include('*unspecified*');
  });

  describe('on a spec with a gap or a contradiction', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'tcpconform-test-'));
      cpSync('spec', join(dir, 'spec'), { recursive: true });
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('a pair left unsaid is named, and the command exits 1', () => {
      const file = join(dir, 'spec', 'rfc9293-states.yaml');
      const text = readFileSync(file, 'utf8');
      writeFileSync(
        file,
        text.replace(/ {2}- from: \[TIME_WAIT\]\n {4}on: \{ segment: \[SYN\] \}\n(?: {4}.*\n)+?(?= {2}- from)/, ''),
      );
      const r = tcpconform(['coverage', '--profile', 'rfc9293', '--spec', join(dir, 'spec')]);
      expect(r.status).to.equal(1);
      expect(r.stdout).to.match(/1 gap\(s\): TIME_WAIT \/ segment SYN$/m);
      writeFileSync(file, text);
    });

    it('a pair both specified and marked unspecified is a spec error', () => {
      const file = join(dir, 'spec', 'rfc9293-states.yaml');
      const text = readFileSync(file, 'utf8');
      writeFileSync(
        file,
        text.replace(
          '  - from: [TIME_WAIT]\n    on: { segment: [SYN] }',
          '  - from: [TIME_WAIT, CLOSE_WAIT]\n    on: { segment: [SYN] }',
        ),
      );
      try {
        expect(() => generate(join(dir, 'spec'))).to.throw(
          SpecErrors,
          /CLOSE_WAIT \/ segment SYN is marked unspecified, but transition "close-wait-syn"/,
        );
      } finally {
        writeFileSync(file, text);
      }
    });
  });

  it('graph --profile rfc9293 draws all 11 states', () => {
    const r = tcpconform(['graph', '--profile', 'rfc9293', '--format', 'svg']);
    expect(r.status, r.stderr).to.equal(0);
    for (const s of g.spec.states) expect(r.stdout, s.name).to.include(`<title>${s.name}</title>`);
    expect(r.stdout.match(/<g id="node\d+" class="node">/g)).to.have.length(11);
  });
});
