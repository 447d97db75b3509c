/**
 * Every (state, input) pair of the rfc9293 profile is covered by a transition (with tests) or
 * deliberately marked unspecified; a gap is reported and fails the command.
 */
import { expect } from 'chai';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coverage, INPUTS } from '../generator/coverage.js';
import { stateCoverage } from '../generator/coverage-state.js';
import { generate, SpecErrors } from '../generator/index.js';
import { cli, tcpconform } from './helpers/cli.js';
import { planFirst, planned } from './helpers/plan.js';

describe('coverage', function () {
  // The commands plan every case each time: minutes on a busy machine.
  this.timeout(300_000);
  planFirst();
  it('rfc9293: every state answers every input, each covered pair has tests', () => {
    const g = planned();
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

  it('docs/coverage-rfc9293.md is what `coverage --format markdown` says now (the binary)', () => {
    const md = tcpconform(['coverage', '--profile', 'rfc9293', '--format', 'markdown']);
    expect(
      md.stdout,
      'regenerate with: npx tcpconform coverage --profile rfc9293 --format markdown --output docs/coverage-rfc9293.md',
    ).to.equal(readFileSync(join('docs', 'coverage-rfc9293.md'), 'utf8'));
  });

  it('the command prints the table and exits 0 for rfc9293; Markdown for the docs', async () => {
    const r = await cli(['coverage', '--profile', 'rfc9293']);
    expect(r.status).to.equal(0);
    expect(r.stdout).to.match(/^TIME_WAIT\s/m);
    expect(r.stdout).to.include('no gaps');
    const md = await cli(['coverage', '--profile', 'rfc9293', '--format', 'markdown']);
    expect(md.stdout.split('\n')[0]).to.match(/^\| state \| listen\(\) \| connect\(\) \|/);
    expect(md.stdout).to.include('*unspecified*');
  });

  describe('--state: one state, input by input', () => {
    it('lists every transition from the state once, with its guard as written and the line it is written on', () => {
      const g = planned();
      for (const s of g.spec.states) {
        const sc = stateCoverage(g.spec, g.cases, s.name, 'rfc9293');
        const listed = sc.inputs.flatMap((i) => i.transitions.map((t) => t.transition.id));
        expect(listed.sort(), s.name).to.deep.equal(
          g.spec.transitions
            .filter((t) => t.from === s.name)
            .map((t) => t.id)
            .sort(),
        );
        for (const i of sc.inputs) {
          for (const t of i.transitions) {
            // The line holds the transition's id, or the template it is expanded from.
            const [file, line] = t.source.split(':');
            const text = readFileSync(file!, 'utf8').split('\n')[Number(line) - 1];
            expect(text, t.source).to.include(
              `id: ${t.transition.template === undefined ? t.transition.id : `"${t.transition.template}"`}`,
            );
            expect(t.tests, t.transition.id).to.equal(g.cases.filter((c) => c.transition === t.transition.id).length);
          }
        }
      }
    });

    it('FIN_WAIT_1 in the CLI: its 26 transitions from 5 files, guards naming fragments, what is left open', async () => {
      const r = await cli(['coverage', '--state', 'FIN_WAIT_1']);
      expect(r.stderr).to.equal('');
      expect(r.status).to.equal(0);
      expect(r.stdout).to.match(/^FIN_WAIT_1: Active closer/);
      expect(r.stdout).to.include('26 transitions (2 memo, 24 rfc9293)');
      const entries = r.stdout.match(/^ {2}fin-wait-1-\S+ -> /gm) ?? [];
      expect(entries).to.have.length(26);
      expect(new Set(r.stdout.match(/spec\/[\w-]+\.yaml(?=:\d+)/g))).to.have.property('size', 5);
      expect(r.stdout).to.match(
        /^ {2}fin-wait-1-rst-outside -> FIN_WAIT_1 {2}\[RFC\.window\] {2}rfc9293, \d+ test\(s\) {2}spec\/rfc9293-window\.yaml:\d+ \(as \{state\}-rst-outside\)\n {6}if !in_window$/m,
      );
      // A transition's RFC 9293 labels follow its rules.
      expect(r.stdout).to.match(/^ {2}fin-wait-1-fin -> CLOSING {2}\[RFC\.simclose\] MUST-12 MUST-40 {2}rfc9293, /m);
      expect(r.stdout).to.match(
        /^call close\n {2}unspecified {2}spec\/rfc9293-common\.yaml:\d+\n {6}RFC 9293 allows either/m,
      );
      expect(r.stdout).not.to.include('GAP');
    });

    it('the memo profile shows what it leaves unsaid as gaps, and exits 0', () => {
      const g = planned();
      const sc = stateCoverage(g.spec, g.cases, 'FIN_WAIT_1', 'memo');
      expect(sc.inputs.flatMap((i) => i.transitions.map((t) => t.transition.id))).to.deep.equal([
        'fin-wait-1-data',
        'fin-wait-1-ack',
      ]);
      expect(sc.inputs.find((i) => i.input === 'segment SYN')!.gaps).to.deep.equal(['nothing says what happens']);
    });

    it('an unknown state: exit 2, one line with the closest name, no stack trace', async () => {
      const r = await cli(['coverage', '--state', 'FIN_WAIT1']);
      expect(r.status).to.equal(2);
      expect(r.stdout).to.equal('');
      expect(r.stderr).to.match(/--state: unknown state "FIN_WAIT1" \(did you mean "FIN_WAIT_1"\?\)\n$/);
      expect(r.stderr.trim().split('\n')).to.have.length(1);
    });
  });

  describe('on a spec with a gap or a contradiction', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'tcpconform-test-'));
      cpSync('spec', join(dir, 'spec'), { recursive: true });
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('a pair left unsaid is named, and the command exits 1', async () => {
      const file = join(dir, 'spec', 'rfc9293-states.yaml');
      const text = readFileSync(file, 'utf8');
      writeFileSync(
        file,
        text.replace(/ {2}- from: \[TIME_WAIT\]\n {4}on: \{ segment: \[SYN\] \}\n(?: {4}.*\n)+?(?= {2}- from)/, ''),
      );
      const r = await cli(['coverage', '--profile', 'rfc9293', '--spec', join(dir, 'spec')]);
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

  it('graph --profile rfc9293 draws all 11 states', async () => {
    const r = await cli(['graph', '--profile', 'rfc9293', '--format', 'svg']);
    expect(r.status, r.stderr).to.equal(0);
    for (const s of planned().spec.states) expect(r.stdout, s.name).to.include(`<title>${s.name}</title>`);
    expect(r.stdout.match(/<g id="node\d+" class="node">/g)).to.have.length(11);
  });
});
