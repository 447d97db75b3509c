/**
 * An implementation that hangs or answers badly costs the run little, and the run says why
 * (src/adapters/jsonl/): after K tests in a row got no answer (--hang-limit, default 3) the run
 * waits 4 times the slowest answer so far instead of the full timeout, and each such failure
 * says so; a malformed reply that answers the request asked fails that test and the same
 * process goes on (no restart per test); a sequence number of 2^32 or more gets the hint that
 * they wrap, a negative one that they are unsigned, in English and Chinese.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render, t } from '../src/i18n/text.js';
import { cli, runJson, type JsonTest } from './helpers/cli.js';
import { memoCases, planFirst } from './helpers/plan.js';

const FIXTURE = 'node --import tsx test/fixtures/iut/reference-over-jsonl.ts';
const UNANSWERED = /the implementation did not answer the call close\(\) \(request \d+\) within (\d+) ms/;
const WAITED_LESS =
  /: after 3 tests in a row went unanswered, the run waits 4 times the implementation's slowest answer so far \(at least 200 ms\), not the full 1500 ms \(--hang-limit 0: always the full timeout\)$/m;

/** The case ID a test's title ends with. */
const idOf = (test: JsonTest) => /\[([^\]]+)\]$/.exec(test.title)![1]!;
const callsClose = (id: string) =>
  memoCases()
    .find((c) => c.id === id)!
    .steps.some((s) => s.kind === 'call' && s.call === 'close');

describe('hangs and malformed replies (src/adapters/jsonl/)', function () {
  this.timeout(300_000);
  planFirst();
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'tcpconform-hangs-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  // The W1 tests all close in ESTABLISHED: a row of tests that hang.
  const hung = (...more: string[]) =>
    runJson(['--exec', `${FIXTURE} --hang-on=close`, '--grep', 'established-close/', '--timeout', '1500', ...more]);

  it('after 3 tests in a row hung, each later one waits less, and its failure says so', async () => {
    const { status, report, stderr } = await hung();
    expect(status, stderr).to.equal(1);
    expect(report.stats.tests).to.be.greaterThan(4);
    expect(report.stats.failures).to.equal(report.stats.tests);
    const waits = report.failures.map((f) => {
      const m = UNANSWERED.exec(f.err.message ?? '');
      expect(m, f.err.message).to.not.equal(null);
      return { ms: Number(m![1]), less: WAITED_LESS.test(f.err.message ?? '') };
    });
    // Every test still ran and met the hang itself: the first three waited the full timeout.
    expect(waits.slice(0, 3)).to.deep.equal([
      { ms: 1500, less: false },
      { ms: 1500, less: false },
      { ms: 1500, less: false },
    ]);
    for (const w of waits.slice(3)) {
      expect(w.less).to.equal(true);
      expect(w.ms).to.be.at.least(200).and.lessThan(1500);
    }
  });

  it('--hang-limit 0 always waits the full timeout; a bad value is a usage error', async () => {
    const { report } = await hung('--hang-limit', '0');
    expect(report.stats.failures).to.equal(report.stats.tests).and.be.greaterThan(3);
    for (const f of report.failures) {
      expect(f.err.message).to.match(/within 1500 ms/);
      expect(f.err.message).to.not.match(WAITED_LESS);
    }
    const bad = await cli(['run', '--hang-limit', 'soon']);
    expect(bad.status).to.equal(2);
    expect(bad.stderr).to.equal('tcpconform: --hang-limit needs a whole number, got "soon"\n');
  });

  it('a malformed reply to every close(): those tests fail naming it, the others pass, one process throughout', async () => {
    const starts = join(dir, 'starts');
    const { status, report, stderr } = await runJson(['--exec', `${FIXTURE} --malformed-on=close --starts=${starts}`]);
    expect(status, stderr).to.equal(1);
    expect(report.stats.tests).to.equal(memoCases().length);
    const closing = memoCases().filter((c) => callsClose(c.id)).length;
    expect(report.stats.failures).to.equal(closing).and.be.greaterThan(10);
    for (const f of report.failures) {
      expect(callsClose(idOf(f)), idOf(f)).to.equal(true);
      expect(f.err.message).to.match(
        /the implementation answered the call close\(\) with a malformed or unknown message \(Invalid input: expected array, received object at segments\): "\{\\"in_reply_to\\":\d+,\\"type\\":\\"reaction\\",\\"segments\\":\{\}\}"/,
      );
    }
    expect(report.stats.passes).to.equal(memoCases().length - closing);
    // Started once: the program was alive and answering, so it was never restarted.
    expect(readFileSync(starts, 'utf8').trim().split('\n')).to.have.length(1);
  });

  it('a sequence number of 2^32 or more: the test fails with the hint that they wrap, the process goes on', async () => {
    const starts = join(dir, 'starts-too-big');
    const { status, report, stderr } = await runJson([
      '--exec',
      `${FIXTURE} --misbehave=seq-too-big --starts=${starts}`,
    ]);
    expect(status, stderr).to.equal(1);
    expect(report.stats.failures).to.equal(1);
    expect(report.failures[0]!.err.message).to.match(
      /malformed or unknown message \(Too big: expected number to be <=4294967295 at segments\.0\.seq\): .*; hint: sequence and acknowledgment numbers are modulo 2\^32: a number past 4294967295 wraps around to 0 \(RFC 9293 §3\.4\)/,
    );
    expect(readFileSync(starts, 'utf8').trim().split('\n')).to.have.length(1);
  });

  it('a negative sequence number: the hint that they are unsigned', async () => {
    const { report } = await runJson(['--exec', `${FIXTURE} --misbehave=malformed --once=${join(dir, 'negative')}`]);
    expect(report.stats.failures).to.equal(1);
    expect(report.failures[0]!.err.message).to.match(
      /\(Too small: expected number to be >=0 at segments\.0\.seq\): .*; hint: sequence and acknowledgment numbers are unsigned 32-bit numbers, 0 to 4294967295: a negative one is a 32-bit number read as signed/,
    );
  });

  it('the hints in Chinese', () => {
    const malformed = (hint: 'impl.hint.wrap' | 'impl.hint.unsigned') =>
      t('impl.malformed', { what: 'reset', issue: 'x', line: '"y"', hint: t(hint) });
    expect(render(malformed('impl.hint.wrap'), 'zh')).to.match(/；提示：序号和确认号按 2\^32 取模/);
    expect(render(malformed('impl.hint.unsigned'), 'zh')).to.match(/；提示：序号和确认号是 32 位无符号数/);
  });
});
