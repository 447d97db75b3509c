/**
 * Fuzz campaigns (issue 15 item 3): `--keep-going` runs the budget past failures and groups them
 * by the first step that differs (transition, field, labels), each group shrunk, named by its
 * rules and labels and replayable; the groups are the same from another seed; ISNs are checked
 * (reuse, and a declared ISN clock); waits are drawn at timers' edges; the printed walk shows
 * only what was sent.
 */
import { expect } from 'chai';
import { ReferenceAdapter } from '../src/adapters/reference.js';
import { createReference, type HostOptions } from '../generated/reference/index.js';
import { DEFAULT_ENDPOINTS } from '../src/adapter.js';
import { fuzz, campaign, type CampaignOutcome } from '../src/fuzz/run.js';
import { Walker, type WalkResult } from '../src/fuzz/walk.js';
import { printedSteps } from '../src/fuzz/report.js';
import type { Walk } from '../src/fuzz/steps.js';
import { render } from '../src/i18n/text.js';
import { controlKey } from '../core/segment.js';
import { planned } from './helpers/plan.js';
import { cli } from './helpers/cli.js';
import threeFaults from './fixtures/three-faults-adapter.js';
import { counting, fixed } from './fixtures/isn-adapters.js';

const THREE = 'test/fixtures/three-faults-adapter.ts';
const spec = () => planned().spec;

const signatures = (o: CampaignOutcome) => o.groups.map((g) => g.signature).sort();

describe('fuzz campaigns', function () {
  this.timeout(300_000);

  describe('three planted faults (H4, W1, W3), --keep-going', () => {
    let one: CampaignOutcome;
    let two: CampaignOutcome;
    before(async () => {
      const opts = { spec: spec(), profile: 'memo' as const, runs: 150, maxSteps: 40, keepGoing: true };
      one = await fuzz(threeFaults(), { ...opts, seed: 1 });
      two = await fuzz(threeFaults(), { ...opts, seed: 2 });
    });

    it('gives three groups, each naming its transition, field, rule and labels', () => {
      expect(one.groups.map((g) => [g.blame.transitions, g.blame.field, g.blame.rules])).to.have.deep.members([
        [['established-data'], 'AN', ['H4']],
        [['established-close'], 'flags', ['W1']],
        [['close-wait-close'], 'SN', ['W3']],
      ]);
      for (const g of one.groups) {
        expect(g.count).to.be.at.least(1);
        expect(g.reproduced, g.signature).to.equal(true);
        expect(g.signature).to.equal([g.blame.transitions[0], g.blame.field, ...g.blame.labels].join(' '));
      }
      expect(one.failedWalks).to.equal(one.groups.reduce((n, g) => n + g.count, 0));
      expect(one.runs, 'the whole budget, past failures').to.equal(150);
    });

    it('deduplicates alike from another seed: the signatures hold no seed-chosen number', () => {
      expect(two.seed).to.not.equal(one.seed);
      expect(signatures(two)).to.deep.equal(signatures(one));
      for (const s of signatures(one)) expect(s).to.not.match(/\d{3,}/);
    });

    it("each group's replay reproduces its failure, with the same signature and walk", async () => {
      for (const g of one.groups) {
        const again = await fuzz(threeFaults(), {
          spec: spec(),
          profile: 'memo',
          maxSteps: 40,
          replay: { seed: one.seed, path: g.path },
        });
        expect(
          again.groups.map((x) => x.signature),
          g.signature,
        ).to.deep.equal([g.signature]);
        expect(again.groups[0]!.walk).to.deep.equal(g.walk);
        // The IUT picks its own ISN again: the numbers differ, the difference does not.
        const plain = (r: WalkResult) => render(r.failure!.message, 'en').replace(/\(\d+\)/g, '(N)');
        expect(plain(again.groups[0]!.result)).to.equal(plain(g.result));
      }
    });

    it('the command line prints one block per group with its rules and a replay command that reproduces it', async () => {
      const r = await cli(['fuzz', '--module', THREE, '--keep-going', '--runs', '150', '--seed', '1']);
      expect(r.status, r.stderr).to.equal(1);
      expect(r.stdout).to.match(/^150 walk\(s\), \d+ failed, in 3 group\(s\) by the first step that differs/);
      const blocks = r.stdout.split(/\n(?=group \d of 3: )/).slice(1);
      expect(blocks).to.have.length(3);
      for (const [rule, transition] of [
        ['H4', 'established-data'],
        ['W1', 'established-close'],
        ['W3', 'close-wait-close'],
      ]) {
        const block = blocks.find((b) => b.startsWith(`group `) && b.includes(`of ${transition} in`));
        expect(block, transition).to.be.a('string');
        expect(block).to.match(new RegExp(`^ {2}rules ${rule}; labels `, 'm'));
        const command = /replay this walk: tcpconform (fuzz .*)$/m.exec(block!)?.[1];
        const replay = await cli(command!.split(' '));
        expect(replay.status).to.equal(1);
        expect(replay.stdout).to.include(`rules ${rule}; labels `);
        expect(replay.stdout).to.include(`of ${transition} in`);
      }
    });

    it('on three workers (--jobs 3) finds what one finds: the same groups, counts, first walks and paths', async () => {
      const three = await fuzz([threeFaults(), threeFaults(), threeFaults()], {
        spec: spec(),
        profile: 'memo',
        runs: 150,
        maxSteps: 40,
        keepGoing: true,
        seed: 1,
      });
      const shape = (o: CampaignOutcome) => ({
        runs: o.runs,
        steps: o.steps,
        failedWalks: o.failedWalks,
        groups: o.groups.map((g) => [g.signature, g.count, g.first, g.path]),
      });
      expect(shape(three)).to.deep.equal(shape(one));
      // Ending at the first failure: the same walk, and none after it counted.
      const opts = { spec: spec(), profile: 'memo' as const, runs: 150, maxSteps: 40, seed: 1 };
      const alone = await fuzz(threeFaults(), opts);
      const spread = await fuzz([threeFaults(), threeFaults(), threeFaults()], opts);
      expect(shape(spread)).to.deep.equal(shape(alone));
      expect(alone.runs).to.equal(alone.groups[0]!.first + 1);
    });

    it('--jobs on the command line: N implementations, the same blocks as one', async () => {
      const args = ['fuzz', '--module', THREE, '--keep-going', '--runs', '150', '--seed', '1'];
      const serial = await cli(args);
      const parallel = await cli([...args, '--jobs', '3']);
      expect(parallel.status, parallel.stderr).to.equal(1);
      // Times and the clock-driven ISNs' absolute values differ; every walk, group, relative
      // number and replay command is the same.
      const untimed = (out: string) => out.replace(/\d+ ms/g, 'N ms').replace(/\(\d+\)/g, '(N)');
      expect(untimed(parallel.stdout)).to.equal(untimed(serial.stdout));
      expect((await cli([...args, '--jobs', '0'])).status).to.equal(2);
    });

    it('--reporter json gives the groups as data', async () => {
      const r = await cli([
        'fuzz',
        '--module',
        THREE,
        '--keep-going',
        '--runs',
        '150',
        '--seed',
        '1',
        '--reporter',
        'json',
      ]);
      expect(r.status, r.stderr).to.equal(1);
      const json = JSON.parse(r.stdout);
      expect(json).to.include({ profile: 'memo', seed: 1, walks: 150 });
      expect(json.groups).to.have.length(3);
      expect(json.groups.map((g: { signature: string }) => g.signature).sort()).to.deep.equal(signatures(one));
      for (const g of json.groups) {
        expect(g).to.have.all.keys(
          'signature',
          'transitions',
          'state',
          'field',
          'rules',
          'labels',
          'level',
          'kind',
          'rfc',
          'count',
          'firstWalk',
          'walk',
          'message',
          'expected',
          'got',
          'shrinks',
          'reproduced',
          'path',
          'replay',
        );
        expect(g.kind).to.equal('violation');
        expect(g.walk.steps[g.walk.failingStep - 1]).to.be.a('string');
        expect(g.replay).to.match(new RegExp(`--replay 1:${g.path}$`));
      }
    });

    it('without --keep-going the campaign ends at its first failure: one group', async () => {
      const o = await fuzz(threeFaults(), { spec: spec(), profile: 'memo', runs: 150, maxSteps: 40, seed: 1 });
      expect(o.groups).to.have.length(1);
      expect(o.runs).to.equal(o.groups[0]!.first + 1);
    });

    it('--time bounds the campaign by time instead of walks', async () => {
      const o = await fuzz(threeFaults(), {
        spec: spec(),
        profile: 'memo',
        timeMs: 300,
        maxSteps: 40,
        seed: 1,
        keepGoing: true,
      });
      expect(o.runs).to.be.at.least(1);
      expect(o.ms).to.be.at.least(300);
    });
  });

  describe('ISNs (RFC 9293 §3.4.1, MUST-8)', () => {
    const isnGroup = async (make: () => ReferenceAdapter) => {
      const o = await fuzz(make(), { spec: spec(), profile: 'rfc9293', runs: 300, maxSteps: 40, seed: 3 });
      return o.groups[0];
    };

    it('an implementation whose ISN never changes is caught: H1.isn, MUST-8, the field ISN', async () => {
      const g = await isnGroup(fixed);
      expect(g, 'a failing walk').to.not.equal(undefined);
      expect(g!.blame).to.include({ field: 'ISN', kind: 'violation' });
      expect(g!.blame.rules).to.deep.equal(['H1.isn']);
      expect(g!.blame.labels).to.deep.equal(['MUST-8']);
      expect(render(g!.result.failure!.message, 'en')).to.match(
        /^ISS#2 = ISS = 12345: two successive connections started at the same ISN$/,
      );
    });

    it('an ISN declared clock-driven (ISN_TICK_NS) that does not follow the clock is caught', async () => {
      const g = await isnGroup(counting);
      expect(g, 'a failing walk').to.not.equal(undefined);
      expect(g!.blame).to.include({ field: 'ISN' });
      expect(g!.blame.rules).to.deep.equal(['H1.isn']);
      expect(render(g!.result.failure!.message, 'en')).to.match(
        /^ISS#2 = \d+: its ISN clock ticks every 4000 ns, as it declares \(ISN_TICK_NS\), so \d+ ms after ISS = \d+ the next ISN is from \d+ to \d+/,
      );
    });

    it('the reference, whose ISN clock ticks every 4 µs as it declares, opens several connections a walk and passes', async () => {
      let opened = 0;
      const walker = new Walker(spec(), new ReferenceAdapter(), 'rfc9293', DEFAULT_ENDPOINTS);
      const o = await campaign(
        async (w) => {
          const r = await walker.run(w);
          opened += r.transcript.filter((e) => e.kind === 'received' && controlKey(e.segment.flags) === 'SYN').length;
          return r;
        },
        { shape: { maxSteps: 40, advances: true, isnOverride: true, exact: 8 }, seed: 3, runs: 300, keepGoing: true },
      );
      expect(o.groups).to.deep.equal([]);
      expect(opened, 'SYNs the reference sent').to.be.greaterThan(300);
    });
  });

  describe('timer boundaries', () => {
    /** The waits drawn at each timer's edges over a campaign of the reference. */
    async function edges(): Promise<Map<string, Set<string>>> {
      const seen = new Map<string, Set<string>>();
      const walker = new Walker(spec(), new ReferenceAdapter(), 'rfc9293', DEFAULT_ENDPOINTS);
      await campaign(
        async (w) => {
          const r = await walker.run(w);
          for (const [i, step] of w.steps.entries()) {
            if (step.kind !== 'timer' || (r.sent[i] ?? []).length === 0) continue;
            const input = r.made[i]![0]!;
            const pending = [...r.pending[i]!].sort((a, b) => a.inMs - b.inMs || a.timer.localeCompare(b.timer));
            const timer = pending[step.which % pending.length]!;
            if (input.kind !== 'advance') continue;
            const at = input.ms - timer.inMs;
            if (!seen.has(timer.timer)) seen.set(timer.timer, new Set());
            seen.get(timer.timer)!.add(at === -1 ? 'T-1' : at === 0 ? 'T' : at === 1 ? 'T+granularity' : `T${at}`);
          }
          return r;
        },
        { shape: { maxSteps: 40, advances: true, isnOverride: true, exact: 8 }, seed: 4, runs: 400, keepGoing: true },
      );
      return seen;
    }

    it('T-1, T and T + granularity are drawn for each timer, 2*MSL and the retransmission timer', async () => {
      const seen = await edges();
      for (const timer of ['time_wait', 'rexmt'])
        expect([...(seen.get(timer) ?? [])].sort(), timer).to.deep.equal(['T', 'T+granularity', 'T-1']);
    });

    it('a TIME_WAIT 2 ms shorter than 2*MSL is caught at T-1, blamed on the timer (W4.2msl)', async () => {
      const short = () =>
        new ReferenceAdapter({
          create: (opts: HostOptions) => createReference({ ...opts, params: { ...opts.params, MSL: 120_000 - 1 } }),
        });
      // It reports the spec's MSL: its TIME_WAIT ends before the 2*MSL it declares.
      const iut = Object.assign(short(), { params: new ReferenceAdapter().params });
      const o = await fuzz(iut, { spec: spec(), profile: 'memo', runs: 300, maxSteps: 40, seed: 5 });
      const g = o.groups[0];
      expect(g, 'a failing walk').to.not.equal(undefined);
      expect(g!.blame.transitions).to.deep.equal(['time-wait-expires']);
      expect(g!.blame.rules).to.deep.equal(['W4.2msl']);
      const printed = printedSteps(g!.walk, g!.result).map((p) => render(p.text, 'en'));
      expect(printed.at(-1)).to.match(/^time passes: 239999 ms, 1 ms before the time_wait timer expires$/);
    });
  });

  describe('the printed walk shows only what was sent', () => {
    const segment = (flags: ('SYN' | 'ACK' | 'FIN' | 'RST')[], len = 0) => ({
      kind: 'segment' as const,
      flags,
      seq: { rel: 'peerNext' as const, delta: 0 },
      ack: { rel: 'iutNext' as const, delta: 0 },
      len,
      mss: undefined,
    });
    const walk: Walk = {
      peerIsn: 1_000_000_000,
      iutIsn: undefined,
      steps: [
        { kind: 'call', call: 'listen' },
        segment(['SYN']),
        segment(['ACK']),
        // A SYN in ESTABLISHED has no transition in the memo profile: never sent, only the data is.
        {
          kind: 'reorder',
          first: segment(['SYN']),
          second: { ...segment(['ACK'], 3), seq: { rel: 'peerNext', delta: -1 } },
        },
        // Its data again, now old: the memo profile has no answer to it, so it is neither sent nor printed.
        { kind: 'duplicate', back: 0 },
      ],
    };

    let result: WalkResult;
    before(async () => {
      result = await new Walker(spec(), new ReferenceAdapter(), 'memo', DEFAULT_ENDPOINTS).run(walk);
    });

    it('a reorder of which one segment was refused prints the one sent', () => {
      expect(result.failure).to.equal(undefined);
      const printed = printedSteps(walk, result).map((p) => render(p.text, 'en'));
      expect(printed[3]).to.equal('tester sends ACK SN=RCV.NXT AN=SND.NXT len=3');
      expect(printed.join('\n')).to.not.include('out of order');
    });

    it('every segment the printed walk says the tester sent is one the IUT received, in order', () => {
      const sent = result.transcript.flatMap((e) => (e.kind === 'sent' ? [controlKey(e.segment.flags)] : []));
      const printed = printedSteps(walk, result).map((p) => render(p.text, 'en'));
      const said = printed.flatMap((p) => [...p.matchAll(/tester sends ([A-Z+]+) /g)].map((m) => m[1]));
      expect(said).to.deep.equal(sent.slice(0, said.length));
      expect(sent).to.deep.equal(['SYN', 'ACK', 'ACK']);
      expect(printed).to.have.length(4);
      expect(printed.join('\n')).to.not.include('again');
    });
  });
});
