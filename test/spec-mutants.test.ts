/**
 * The suite catches a wrong reference. Each mutant is the spec with one planted fault; the
 * reference generated from it must fail the original suite, in the transition the fault is in.
 */
import { expect } from 'chai';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generate, readSpec } from '../generator/index.js';
import { interpretedReference } from '../src/mutate/interpret.js';
import { writeFiles } from '../generator/write.js';
import { ReferenceAdapter, type CreateReference } from '../src/adapters/reference.js';
import { runCase } from '../src/harness/run-case.js';
import { planFirst, planned } from './helpers/plan.js';

interface Mutant {
  readonly name: string;
  readonly file: string;
  /** The text to change, in the transition the fault is planted in, and what it becomes. */
  readonly from: string;
  readonly to: string;
  readonly transition: string;
  /** A part of the ID of a case that must be among those that fail, when one kind of case is the point. */
  readonly failing?: string;
}

const MUTANTS: readonly Mutant[] = [
  {
    name: 'TIME_WAIT does not restart its timer on a retransmitted FIN',
    file: 'rfc9293-states.yaml',
    from: '      - send: { ctl: [ACK], seq: SND.NXT, ack: RCV.NXT }\n      - start_timer: { name: time_wait, after: 2 * MSL }\n    rules: [RFC.finrexmt]',
    to: '      - send: { ctl: [ACK], seq: SND.NXT, ack: RCV.NXT }\n    rules: [RFC.finrexmt]',
    transition: 'time-wait-fin-again',
  },
  {
    name: 'TIME_WAIT restarts its timer on a FIN outside the window (only a retransmitted FIN may)',
    file: 'rfc9293-window.yaml',
    // The transition is written once for four states: the fault goes into TIME_WAIT's alone.
    from: '    from: [CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT]\n    on: { segment: [FIN, ACK], if: "SEG.DATA == 0 && !in_window && SEG.SEQ + 1 != RCV.NXT" }\n    do:\n',
    to: '    from: [CLOSE_WAIT, CLOSING, LAST_ACK]\n    on: { segment: [FIN, ACK], if: "SEG.DATA == 0 && !in_window && SEG.SEQ + 1 != RCV.NXT" }\n    do:\n      - send: { ctl: [ACK], seq: SND.NXT, ack: RCV.NXT }\n    rules: [RFC.window]\n    labels: []\n    unlabelled: what RFC 9293 §3.4 prescribes here has no label in Appendix B\n    rfc: "3.4"\n    title: a FIN outside the window is answered with ACK, SN = SND.NXT, AN = RCV.NXT\n\n  - id: time-wait-fin-unacceptable\n    from: TIME_WAIT\n    on: { segment: [FIN, ACK], if: "SEG.DATA == 0 && !in_window && SEG.SEQ + 1 != RCV.NXT" }\n    do:\n      - start_timer: { name: time_wait, after: 2 * MSL }\n',
    transition: 'time-wait-fin-unacceptable',
    failing: '/keeps-time_wait',
  },
  {
    name: 'the SYN+ACK acknowledges the SYN itself, not SYN + 1',
    file: 'handshake.yaml',
    from: 'RCV.NXT: SEG.SEQ + 1\n          SND.MSS: SEG.MSS ?? 536\n          ISS: isn()',
    to: 'RCV.NXT: SEG.SEQ\n          SND.MSS: SEG.MSS ?? 536\n          ISS: isn()',
    transition: 'listen-syn',
  },
  {
    name: 'a data retransmission sends the data after the oldest unacknowledged octet',
    file: 'rfc9293-common.yaml',
    // Written once for ESTABLISHED and CLOSE_WAIT: the fault is in both.
    from: '    from: [ESTABLISHED, CLOSE_WAIT]\n    on: { timer: rexmt, if: SND.UNA != SND.NXT && RETRIES < MAX_RETRIES }\n    do:\n      - resend: unacked',
    to: '    from: [ESTABLISHED, CLOSE_WAIT]\n    on: { timer: rexmt, if: SND.UNA != SND.NXT && RETRIES < MAX_RETRIES }\n    do:\n      - send: { ctl: [ACK], seq: SND.NXT, ack: RCV.NXT }',
    transition: 'established-rexmt',
  },
  {
    name: 'LAST_ACK goes to TIME_WAIT, not CLOSED, on the final ACK (a wrong next state)',
    file: 'teardown.yaml',
    from: '    to: CLOSED\n    rules: [W5]',
    to: '    to: TIME_WAIT\n    rules: [W5]',
    transition: 'last-ack-ack',
  },
];

describe('spec mutants: the suite fails a reference built from a faulty spec', function () {
  this.timeout(120_000);
  planFirst();
  let dir: string;
  before(() => {
    // Inside the repo, so the generated files' relative imports of src/ and core/ resolve.
    dir = mkdtempSync(join(process.cwd(), '.tcpconform-test-mutants-'));
    for (const shared of ['src', 'core']) symlinkSync(join('..', shared), join(dir, shared));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  MUTANTS.forEach((m, i) => {
    it(m.name, async () => {
      const root = join(dir, `m${i}`);
      cpSync('spec', join(root, 'spec'), { recursive: true });
      for (const shared of ['src', 'core']) symlinkSync(join('..', shared), join(root, shared));
      const file = join(root, 'spec', m.file);
      const text = readFileSync(file, 'utf8');
      expect(text, 'the mutation applies').to.include(m.from);
      writeFileSync(file, text.replace(m.from, m.to));
      writeFiles(generate(join(root, 'spec')).files, join(root, 'generated'));
      const mod = (await import(pathToFileURL(join(root, 'generated', 'reference', 'index.ts')).href)) as {
        createReference: CreateReference;
      };
      const adapter = new ReferenceAdapter({ create: mod.createReference });
      const failed: string[] = [];
      const original = planned();
      // Judged with the latitude RFC 9293 allows (spec/latitude.yaml), as a run judges: it lets no mutant through.
      const latitude = original.spec.latitude;
      for (const c of original.cases.filter((x) => x.transition === m.transition)) {
        const r = await runCase(adapter, c, { latitude });
        if (r.verdict.status === 'failed') failed.push(c.id);
      }
      expect(failed, `cases of ${m.transition} that fail`).to.not.be.empty;
      if (m.failing)
        expect(
          failed.some((id) => id.includes(m.failing!)),
          `a failing case whose ID has ${m.failing}, among ${failed.join(', ')}`,
        ).to.equal(true);
      // The interpreted reference of the same spec (what `mutate` runs) fails exactly the same cases.
      const interpreted = new ReferenceAdapter({ create: interpretedReference(readSpec(join(root, 'spec'))) });
      const failedToo: string[] = [];
      for (const c of original.cases) {
        const r = await runCase(interpreted, c, { latitude });
        if (r.verdict.status === 'failed') failedToo.push(c.id);
      }
      expect(failedToo.filter((id) => id.startsWith(`${m.transition}/`))).to.deep.equal(failed);
    });
  });
});
