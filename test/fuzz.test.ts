/**
 * `tcpconform fuzz` through the real command line: it finds a fault that only shows deep in an
 * exchange, shrinks the walk to a few steps naming the field that is wrong, replays it exactly,
 * passes the reference, and reports a misbehaving implementation instead of crashing.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, tcpconform } from './helpers/cli.js';

const DEEP_FAULT = 'test/fixtures/deep-fault-adapter.ts';
const JSONL = 'node --import tsx test/fixtures/iut/reference-over-jsonl.ts';

/** The steps of the printed walk ("  1. …", the failing one marked "> 3. …"). */
const walkSteps = (out: string) => out.split('\n').filter((l) => /^[ >] +\d+\. /.test(l));

describe('tcpconform fuzz', function () {
  this.timeout(120_000);

  describe('a fault deep in the exchange (the ACK of a FIN after data is one short)', () => {
    let found: ReturnType<typeof tcpconform>;
    // The binary: the one fuzz run in a process of its own.
    before(() => (found = tcpconform(['fuzz', '--module', DEEP_FAULT, '--seed', '5'])));

    it('is found: exit 1, the differing field named as the harness names it', () => {
      expect(found.status, found.stderr).to.equal(1);
      expect(found.stdout).to.match(/segment 1: AN: expected IRS\+\d+ \(\d+\), got IRS\+\d+ \(\d+\)/);
      expect(found.stdout).to.match(/X {2}segment 1: AN: expected/);
    });

    it('is shrunk to a short walk that ends with the step that fails', () => {
      const steps = walkSteps(found.stdout);
      expect(steps.length).to.be.within(2, 6);
      expect(steps.at(-1)).to.match(/^> /);
    });

    it('--replay with the printed seed and path shows the same failure', async () => {
      const command = /replay this walk: tcpconform (fuzz .*)$/m.exec(found.stdout)?.[1];
      expect(command, found.stdout).to.be.a('string');
      const replay = await cli(command!.split(' '));
      expect(replay.status, replay.stderr).to.equal(1);
      expect(walkSteps(replay.stdout)).to.deep.equal(walkSteps(found.stdout));
      expect(replay.stdout).to.include(/^ {2}segment 1: AN: .*$/m.exec(found.stdout)![0]);
    });
  });

  for (const profile of ['memo', 'rfc9293']) {
    it(`the reference passes its own model (${profile} profile, 300 walks)`, async () => {
      const r = await cli(['fuzz', '--profile', profile, '--runs', '300', '--seed', '1']);
      expect(r.status, r.stdout + r.stderr).to.equal(0);
      expect(r.stdout).to.match(
        new RegExp(
          `^300 walk\\(s\\) passed: [1-9]\\d* steps run on the IUT and on the model, \\d+ steps/s \\(profile ${profile}, seed 1\\)\\n$`,
        ),
      );
    });
  }

  it('a process implementation over the adapter protocol passes as well', async () => {
    const r = await cli(['fuzz', '--exec', JSONL, '--runs', '20', '--seed', '2']);
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^20 walk\(s\) passed/);
  });

  describe('a misbehaving implementation fails the walk saying what happened', () => {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), 'tcpconform-fuzz-'))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('crash: the exit code and its last stderr lines, no stack trace', async () => {
      const r = await cli([
        'fuzz',
        '--exec',
        `${JSONL} --misbehave=crash --once=${join(dir, 'crash')}`,
        '--runs',
        '20',
        '--seed',
        '3',
      ]);
      expect(r.status, r.stderr).to.equal(1);
      expect(r.stdout).to.match(/^ {2}the implementation exited with code 3$/m);
      expect(r.stdout).to.match(/> about to crash: simulated failure in handle_segment\(\)/);
      expect(r.stderr).to.not.match(/\bat .*\.ts:\d+/);
    });

    it('hang: the request it did not answer, within --timeout', async () => {
      const r = await cli([
        'fuzz',
        '--exec',
        `${JSONL} --misbehave=hang --once=${join(dir, 'hang')}`,
        '--timeout',
        '300',
        '--runs',
        '20',
        '--seed',
        '3',
      ]);
      expect(r.status, r.stderr).to.equal(1);
      expect(r.stdout).to.match(/the implementation did not answer .* within 300 ms/);
    });
  });

  it('bad usage: exit 2 with one line', async () => {
    for (const args of [
      ['--runs', 'many'],
      ['--steps', '0'],
      ['--replay', 'seed'],
      ['--profile', 'tcp'],
      ['--seed', '1', '--replay', '1:0'],
      ['--replay', '1:0', '--keep-going'],
      ['--replay', '1:0', '--runs', '5'],
      ['--time', '0'],
      ['--reporter', 'xml'],
    ]) {
      const r = await cli(['fuzz', ...args]);
      expect(r.status, args.join(' ')).to.equal(2);
      expect(r.stderr, args.join(' ')).to.match(/^tcpconform: [^\n]+\n$/);
    }
  });
});
