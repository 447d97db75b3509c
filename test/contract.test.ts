/**
 * The contract (docs/contract.md, `tcpconform contract`): generated from the spec and fresh,
 * complete (every transition, rule, parameter, timer, allowance and variation is in it, each
 * answer where its states are), and derived, not written: change the spec and it follows.
 */
import { expect } from 'chai';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CALL_NAMES } from '../core/spec/names.js';
import { profileView } from '../core/spec/profiles.js';
import { CALL_FIELDS, SEGMENT_FIELDS, type Spec } from '../core/spec/types.js';
import { contractMarkdown } from '../generator/contract/markdown.js';
import { type Contract, contractOf, type RuntimeFacts } from '../generator/contract/model.js';
import { scheduleOf } from '../generator/contract/schedule.js';
import { readSpec } from '../generator/index.js';
import { cli, tcpconform } from './helpers/cli.js';

const RUNTIME: RuntimeFacts = {
  toolParameters: [{ name: 'RTO_MIN', description: 'the lower bound' }],
  capabilities: [{ name: 'stateQuery', wire: 'state_query', enables: 'asking', without: 'it cannot ask' }],
  protocol: 'see docs/adapter-protocol.md',
};

describe('contract', function () {
  this.timeout(120_000);
  let spec: Spec;
  let rfc: Contract;
  let doc: string;
  before(() => {
    spec = readSpec('spec');
    rfc = contractOf(spec, 'rfc9293', RUNTIME);
    doc = readFileSync(join('docs', 'contract.md'), 'utf8');
  });

  it('docs/contract.md is what `contract` writes now (the binary)', () => {
    const r = tcpconform(['contract']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout, 'regenerate with: npx tcpconform contract --output docs/contract.md').to.equal(doc);
  });

  it('grepping any transition, rule, parameter, timer, allowance or variation finds it in docs/contract.md', () => {
    const mentions = (name: string) =>
      new RegExp(`(?<![\\w.{}-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w{}-])`).test(doc);
    const names = [
      ...spec.transitions.map((t) => t.id),
      ...spec.rules.map((r) => r.id),
      ...spec.parameters.map((p) => p.name),
      ...spec.variables.map((v) => v.name),
      ...spec.timers.map((t) => t.name),
      ...spec.latitude.map((a) => a.id),
      ...spec.variations.map((v) => v.id),
      ...spec.transitions.flatMap((t) => t.labels),
    ];
    expect(names.filter((n) => !mentions(n))).to.deep.equal([]);
  });

  it('each answer names its transitions, rules, labels, RFC section and spec line', () => {
    const answers = rfc.calls.flatMap((c) => c.answers);
    for (const a of [...answers, ...rfc.segments.flatMap((c) => c.answers), ...rfc.timers.flatMap((t) => t.expiries)]) {
      const ts = spec.transitions.filter((t) => a.ids.includes(t.id));
      expect(
        ts.map((t) => t.id),
        a.id,
      ).to.deep.equal(a.ids);
      expect(a.rules, a.id).to.deep.equal(ts[0]!.rules);
      expect(a.labels, a.id).to.deep.equal(ts[0]!.labels);
      expect(a.rfc, a.id).to.equal(ts[0]!.rfc);
      expect(a.source, a.id).to.match(/^spec\/[\w-]+\.yaml:\d+$/);
      expect(doc, a.id).to.include(`\`${a.id}\``);
      expect(doc, a.id).to.include(a.source);
    }
  });

  for (const profile of ['memo', 'rfc9293'] as const)
    it(`${profile}: each call and segment in each state is answered or left open on purpose, or said to be untested`, () => {
      const c = contractOf(spec, profile, RUNTIME);
      const view = profileView(spec, profile);
      for (const call of [...c.calls, ...c.segments]) {
        for (const s of c.states) {
          const answered = call.answers.filter((a) => a.states.includes(s.name)).length;
          const open = call.open.filter((o) => o.states.includes(s.name)).length;
          const untested = call.unanswered.includes(s.name) ? 1 : 0;
          // An unspecified entry may leave open only some of the input (a guard), beside answers.
          expect((answered + open > 0 ? 1 : 0) + untested, `${call.input} in ${s.name}`).to.equal(1);
        }
      }
      const ids = [...c.calls, ...c.segments, ...c.timers.map((t) => ({ answers: t.expiries }))].flatMap((x) =>
        x.answers.flatMap((a) => a.ids),
      );
      expect(ids.sort(), 'every transition of the profile, once').to.deep.equal(
        view.transitions.map((t) => t.id).sort(),
      );
      expect(c.calls.map((x) => x.input)).to.deep.equal([...CALL_NAMES]);
    });

  it('the rfc9293 profile answers every call and segment in every state; the memo profile leaves abort untested', () => {
    expect([...rfc.calls, ...rfc.segments].flatMap((c) => c.unanswered)).to.deep.equal([]);
    const memo = contractOf(spec, 'memo', RUNTIME);
    expect(memo.calls.find((c) => c.input === 'abort')!.unanswered).to.include('ESTABLISHED');
    expect(memo.calls.flatMap((c) => c.answers).every((a) => a.profile === 'memo')).to.equal(true);
    expect(memo.giveUps).to.deep.equal([]);
    const md = contractMarkdown(memo);
    expect(md).to.include('- On expiry: nothing this profile tests (a larger profile says what).');
    expect(md).to.include('No state gives up in this profile');
  });

  it('what the application is told: the RFC error texts, from the transitions that notify', () => {
    const send = rfc.calls.find((c) => c.input === 'send')!;
    const closed = send.answers.find((a) => a.states.includes('CLOSED'))!;
    expect(closed.does).to.equal(
      'tells the application "error: connection does not exist" (§3.10.2, §3.10.4, §3.10.5)',
    );
    expect(rfc.events.find((e) => e.event === 'exists')!.transitions).to.include('listen-listen');
    expect(rfc.events.find((e) => e.event === 'data')!.transitions).to.include('established-data');
  });

  it('resend: unacked reads as one segment, the earliest unacknowledged, wherever it is used', () => {
    const rexmt = rfc.timers.find((t) => t.name === 'rexmt')!;
    const resends = rexmt.expiries.filter((e) => e.does.includes('resend'));
    expect(resends.length).to.be.greaterThan(0);
    for (const e of resends) expect(e.does, e.id).to.include('one segment only (not all the unacknowledged data)');
    expect(rexmt.description).to.include('one segment on each expiry');
  });

  it('each timer: who starts it for how long, who stops it, and what its expiry does', () => {
    const tw = rfc.timers.find((t) => t.name === 'time_wait')!;
    expect(tw.starts.map((s) => s.after)).to.deep.equal(['2 * MSL']);
    expect(tw.starts[0]!.transitions).to.include('fin-wait-2-fin');
    expect(tw.stops).to.include('time-wait-abort');
    expect(tw.expiries.map((e) => [e.id, e.to])).to.deep.equal([['time-wait-expires', 'CLOSED']]);
  });

  it('giving up: every limit of retransmissions, with the schedule the spec runs at the defaults', () => {
    const byId = new Map(rfc.giveUps.map((g) => [g.entry.id, g]));
    expect([...byId.keys()].sort()).to.deep.equal([
      'fin-wait-1-give-up',
      'syn-rcvd-give-up-active',
      'syn-rcvd-give-up-passive',
      'syn-sent-give-up',
      '{state}-give-up',
    ]);
    const syn = byId.get('syn-sent-give-up')!;
    expect(syn.limits).to.deep.equal([{ name: 'SYN_RETRIES', default: 3 }]);
    expect(syn.schedules).to.deep.equal([
      { state: 'SYN_SENT', from: 'active-open', retransmissions: [1000, 3000, 7000], givesUp: 15000 },
    ]);
    // After a simultaneous open the SYN's count goes on: no schedule of its own.
    expect(byId.get('syn-rcvd-give-up-active')!.schedules).to.deep.equal([]);
    expect(doc).to.include('In SYN_RCVD no way in');
  });

  it('the schedule follows the spec: other defaults, another limit', () => {
    const changed: Spec = {
      ...spec,
      parameters: spec.parameters.map((p) =>
        p.name === 'RTO' ? { ...p, default: 200 } : p.name === 'SYN_RETRIES' ? { ...p, default: 5 } : p,
      ),
    };
    const giveUp = spec.transitions.find((t) => t.id === 'syn-sent-give-up')!;
    expect(scheduleOf(changed, giveUp)).to.deep.equal({
      from: 'active-open',
      retransmissions: [200, 600, 1400, 3000, 6200],
      givesUp: 12600,
    });
    const never: Spec = {
      ...spec,
      parameters: spec.parameters.map((p) => (p.name === 'SYN_RETRIES' ? { ...p, default: 1000 } : p)),
    };
    expect(scheduleOf(never, giveUp), 'more expiries than the schedule follows').to.equal(undefined);
  });

  it("what expressions read: the named conditions, the input's fields and isn(), each explained", () => {
    expect(rfc.conditions.map((g) => [g.name, g.if])).to.deep.include([
      'acceptable_ack',
      'SND.UNA < SEG.ACK <= SND.NXT',
    ]);
    expect(rfc.fields.map((f) => f.name)).to.deep.equal([
      ...Object.keys(SEGMENT_FIELDS),
      ...Object.keys(CALL_FIELDS),
      'isn()',
    ]);
    expect(rfc.fields.find((f) => f.name === 'SEG.LEN')!.meaning).to.include('plus 1 for a SYN and 1 for a FIN');
    expect(doc).to.include('| `in_window` | `RCV.NXT <= SEG.SEQ < RCV.NXT + RCV.WND` |');
  });

  it("parameters: default, unit, meaning, whether cases are planned for it, and the families' values", () => {
    const msl = rfc.parameters.find((p) => p.name === 'MSL')!;
    expect(msl).to.include({ default: 120000, unit: 'ms', assumed: false });
    expect(msl.families).to.deep.equal([{ variation: 'linux.time-wait-60s', variant: 'linux', value: 30000 }]);
    expect(msl.transitions).to.include('fin-wait-2-fin');
    expect(rfc.parameters.find((p) => p.name === 'RCV.WND')!.assumed).to.equal(true);
  });

  it("the Markdown escapes the spec's prose and never loses a line of it", () => {
    const md = contractMarkdown(rfc);
    expect(md).to.include('2\\*MSL so old duplicates die out');
    expect(md).to.include('\\<SEQ=ISS>\\<CTL=SYN>');
    expect(md).to.not.match(/\n{3}/);
    for (const a of spec.latitude) expect(md).to.include(a.id);
  });

  describe('the command', () => {
    it('--help says what it writes', async () => {
      const r = await cli(['contract', '--help']);
      expect(r.status).to.equal(0);
      expect(r.stdout).to.match(/^tcpconform contract \[--profile memo\|rfc9293\]/);
      expect((await cli(['help'])).stdout).to.include('tcpconform contract');
    });

    it('--format json gives the same contract as data; --output writes the file', async () => {
      const r = await cli(['contract', '--profile', 'memo', '--format', 'json']);
      expect(r.status).to.equal(0);
      const c = JSON.parse(r.stdout) as Contract;
      expect(c.profile).to.equal('memo');
      expect(c.capabilities.map((k) => k.wire)).to.deep.equal([
        'state_query',
        'virtual_clock',
        'isn_override',
        'raw_headers',
      ]);
      expect(c.toolParameters.map((p) => p.name)).to.include('RTO_MIN');
      const open = c.calls.find((x) => x.input === 'connect')!.answers.find((a) => a.id === 'active-open')!;
      expect(open.actions.find((a) => a.kind === 'send')).to.deep.equal({
        kind: 'send',
        ctl: ['SYN'],
        seq: 'ISS',
        mss: 'MSS',
        data: false,
      });
      const dir = mkdtempSync(join(tmpdir(), 'tcpconform-contract-'));
      try {
        const out = join(dir, 'contract.md');
        const w = await cli(['contract', '--profile', 'memo', '--output', out]);
        expect(w.stdout).to.match(/^wrote .*contract\.md: the memo contract, \d+ call answers, 2 timers/);
        expect(readFileSync(out, 'utf8')).to.match(
          /^# The contract: what an implementation is held to \(profile memo\)/,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("--lang zh: the contract's own words, what the application is told and the rules in Chinese", async () => {
      const r = await cli(['contract', '--lang', 'zh']);
      expect(r.status).to.equal(0);
      expect(r.stdout).to.match(/^# 契约：被测实现须遵守的约定（rfc9293 配置）\n/);
      const h1 = spec.rules.find((x) => x.id === 'H1')!;
      expect(r.stdout).to.include(`- **H1** (memo) · 无标签 · ${rfc.rules.find((x) => x.id === 'H1')!.spec}：${h1.zh}`);
      expect(r.stdout).to.include(
        '它通知应用 "error: connection does not exist"（连接不存在；§3.10.2、§3.10.4、§3.10.5）。',
      );
      expect(r.stdout).to.include('在 1 秒、3 秒、7 秒重传；15 秒时放弃。');
      // The spec's own prose stays as written: every transition's title is there, in English.
      for (const t of spec.transitions) expect(r.stdout, t.id).to.include(t.title.replace(/\*/g, '\\*'));
      // What a run says of a missing capability, in the same words as the run.
      expect(r.stdout).to.include('该测试要求被测实现使用指定的初始序号（ISN），而适配器无法设置');
    });

    it('a bad flag exits 2 with what is allowed', async () => {
      const r = await cli(['contract', '--profile', 'linux']);
      expect(r.status).to.equal(2);
      expect(r.stderr).to.equal('tcpconform: --profile must be one of memo, rfc9293; got "linux"\n');
      const l = await cli(['contract', '--lang', 'fr']);
      expect(l.stderr).to.equal('tcpconform: --lang must be one of en, zh; got "fr"\n');
      const f = await cli(['contract', '--format', 'pdf']);
      expect(f.stderr).to.equal('tcpconform: --format must be one of markdown, json; got "pdf"\n');
    });

    it('a bad spec gives file:line:col and exit 2, no stack', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tcpconform-contract-'));
      try {
        cpSync('spec', join(dir, 'spec'), { recursive: true });
        const file = join(dir, 'spec', 'machine.yaml');
        writeFileSync(file, readFileSync(file, 'utf8').replace('default: 1460', 'default: lots'));
        const r = await cli(['contract', '--spec', join(dir, 'spec')]);
        expect(r.status).to.equal(2);
        expect(r.stderr).to.match(/machine\.yaml:\d+:\d+: /);
        expect(r.stderr).to.not.include('    at ');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
