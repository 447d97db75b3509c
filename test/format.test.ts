/**
 * The spec format can express what the spec does not say yet. A copy of spec/ gains a
 * retransmission timer with back-off and a retry limit (test/fixtures/extended-spec/extras.yaml);
 * the generator must accept it, plan a test for every transition, and the reference generated
 * from it must pass its own suite.
 */
import { expect } from 'chai';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generate } from '../generator/index.js';
import { writeFiles } from '../generator/write.js';
import { ReferenceAdapter, type CreateReference } from '../src/adapters/reference.js';
import { runCase } from '../src/harness/run-case.js';

function patch(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`patch did not apply to ${file}: ${String(from)}`);
  writeFileSync(file, next);
}

describe('the spec format beyond the memo', function () {
  this.timeout(60_000);
  let dir: string;
  let g: ReturnType<typeof generate>;

  before(() => {
    // Inside the repo, so the generated files' relative imports of src/ resolve.
    dir = mkdtempSync(join(process.cwd(), '.tcpconform-test-extended-'));
    const spec = join(dir, 'spec');
    cpSync('spec', spec, { recursive: true });
    cpSync(join('test', 'fixtures', 'extended-spec', 'extras.yaml'), join(spec, 'extras.yaml'));
    symlinkSync(join('..', 'src'), join(dir, 'src'));
    const machine = join(spec, 'machine.yaml');
    patch(machine, '    SND.MSS:\n', '    RETRIES:\n      description: SYN retransmissions so far.\n    RTO_CUR:\n      description: The current retransmission timeout.\n    SND.MSS:\n');
    patch(machine, '  timers:\n', '    RTO:\n      description: Initial retransmission timeout.\n      default: 1000\n      unit: ms\n  timers:\n    rexmt:\n      description: Retransmission.\n');
    const hs = join(spec, 'handshake.yaml');
    patch(hs, '      - send: { ctl: [SYN], seq: ISS, mss: MSS }\n', '      - send: { ctl: [SYN], seq: ISS, mss: MSS }\n      - set: { RETRIES: 0, RTO_CUR: RTO }\n      - start_timer: { name: rexmt, after: RTO_CUR }\n');
    patch(hs, /(  - id: syn-sent-syn-ack\n(?:.*\n)*?    do:\n)/, '$1      - stop_timer: rexmt\n');
    g = generate(spec);
    writeFiles(g.files, join(dir, 'generated'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('plans at least one test for every transition, the deep ones included', () => {
    for (const t of g.spec.transitions) expect(g.cases.some((c) => c.transition === t.id), t.id).to.equal(true);
    const giveUp = g.cases.find((c) => c.id === 'syn-sent-give-up/client')!;
    // connect, then three retransmissions (each: just before the timer, then the timer), then the last timeout
    expect(giveUp.steps.filter((s) => s.transition === 'syn-sent-rexmt').length).to.equal(6);
    const backoff = giveUp.steps.filter((s) => s.kind === 'advance').map((s) => (s.kind === 'advance' ? s.ms : undefined));
    expect(backoff).to.deep.include({ base: 'RTO', k: 4, off: 0xffff_ffff });
  });

  it("the reference generated from it passes its own suite", async () => {
    const mod = (await import(pathToFileURL(join(dir, 'generated', 'reference', 'index.ts')).href)) as { createReference: CreateReference };
    const adapter = new ReferenceAdapter({ create: mod.createReference });
    const data = (await import(pathToFileURL(join(dir, 'generated', 'spec-data.ts')).href)) as { PARAMETER_DEFAULTS: Record<string, number> };
    const failures: string[] = [];
    for (const c of g.cases) {
      const r = await runCase(adapter, c, { defaults: data.PARAMETER_DEFAULTS });
      if (r.verdict.status !== 'passed') failures.push(`${c.id}: ${JSON.stringify(r.verdict)}`);
    }
    expect(failures).to.deep.equal([]);
    expect(g.cases.map((c) => c.transition)).to.include.members(['syn-sent-rexmt', 'syn-sent-give-up', 'time-wait-fin-again', 'closing-ack']);
  });
});
