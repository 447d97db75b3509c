/**
 * `run`'s terminal output (the default reporter): a line per suite instead of a line per test,
 * the failures one block per cause (the cause once, one ladder, the tests it explains), the
 * totals with the number of distinct causes, and last lines that say what to do next: the first
 * cause to fix and the command that runs its test again, which does. English and Chinese.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { rerunCommand, shellQuote } from '../src/cli/rerun.js';
import { CLI, tcpconform } from './helpers/cli.js';
import { memoCases, planFirst } from './helpers/plan.js';

const BROKEN_PY = ['--exec', 'python3 examples/python/broken_tcp.py'];
const THREE = ['--module', join('test', 'fixtures', 'three-faults-adapter.ts')];
const LADDER_TOP = /^ +tester 192\.0\.2\.2:9000 +IUT 192\.0\.2\.1:7000$/gm;

/** The run's last non-empty lines. */
const last = (out: string, n: number) => out.trimEnd().split('\n').slice(-n);

describe('run: the terminal output, failures by cause', function () {
  this.timeout(180_000);
  planFirst();

  it('broken_tcp.py (AN off by one in the SYN+ACK): one cause block, one ladder, 61 tests listed, what to do next', () => {
    const r = tcpconform(['run', ...BROKEN_PY]);
    expect(r.status, r.stderr).to.equal(1);
    const serverCases = memoCases().filter((c) => c.role === 'server' && c.transition !== 'passive-open');
    // Every failing test is a server's that gets past listen(): 61 of them, one cause.
    expect(r.stdout).to.match(/^ {2}61 failing, from 1 distinct cause$/m);
    expect(r.stdout.match(/cause \d+ of \d+/g)).to.deep.equal(['cause 1 of 1']);
    expect(r.stdout).to.include(
      '  1) cause 1 of 1: the AN at listen-syn (rule H2): segment 1: AN: expected IRS+1 (1000000001), got IRS+0 (1000000000); 61 failed test(s)',
    );
    expect(r.stdout).to.match(/^ {5}as test listen-syn\/server shows it:$/m);
    expect(r.stdout.match(LADDER_TOP)).to.have.length(1);
    expect(r.stdout).to.include('     the 61 test(s) it explains:');
    const listed = r.stdout.split('\n').filter((l) => /^ {7}\[.*\] .* \[[^\]]+\]$/.test(l));
    expect(listed).to.have.length(61);
    for (const id of serverCases.map((c) => c.id).filter((id) => !id.startsWith('passive-open')))
      expect(
        listed.some((l) => l.endsWith(`[${id}]`)),
        id,
      ).to.equal(true);
    // How the cause failed its tests: at its own test, and while setting up the others.
    expect(r.stdout).to.match(/^ {5}violation: the AN at step 2 \(listen-syn\) breaks H2; .* \(3 test\(s\)\)$/m);
    expect(r.stdout).to.match(/^ {5}blocked: the AN at step 2 \(listen-syn\) breaks H2; .* \(58 test\(s\)\)$/m);
    // The passing tests are counted per suite, not listed.
    expect(r.stdout).to.not.include('✔');
    expect(r.stdout).to.match(
      /^ {2}handshake \(spec\/handshake\.yaml, memo profile\) [.F-]+ 8 passed, 13 failed, 0 pending$/m,
    );
    expect(r.stdout).to.match(/^ {2}56 passing \(/m);
    // Then the scorecard, then what to do next.
    expect(r.stdout).to.match(/^H2\s+1\/5\s+0\s+0\s+0\s+0\s+0\s+FAIL$/m);
    expect(last(r.stdout, 2)).to.deep.equal([
      'Next: fix cause 1 (the AN at listen-syn, rule H2), which explains 61 of the 61 failures; then run its test again:',
      "  tcpconform run --exec 'python3 examples/python/broken_tcp.py' --case listen-syn/server",
    ]);
    // Where the run printed 1,798 lines, one per test and a ladder per failure.
    expect(r.stdout.split('\n').length).to.be.lessThan(140);
  });

  it('the command of the last line runs the first cause’s test alone, and it fails the same way', () => {
    const r = tcpconform(['run', ...THREE, '--jobs', '2', '--grep', 'IUT as']);
    expect(r.status, r.stderr).to.equal(1);
    const command = last(r.stdout, 1)[0]!.trim();
    expect(command).to.equal(
      'tcpconform run --module test/fixtures/three-faults-adapter.ts --case established-close/client',
    );
    const again = spawnSync('sh', ['-c', command.replace(/^tcpconform /, `${shellQuote(process.execPath)} ${CLI} `)], {
      encoding: 'utf8',
    });
    expect(again.status, again.stderr).to.equal(1);
    expect(again.stdout).to.match(/^ {2}1 failing, from 1 distinct cause$/m);
    expect(again.stdout).to.include('1) cause 1 of 1: the flags at established-close (rule W1)');
  });

  it('three faults: three causes, the one that explains most tests first; --lang zh says it all in Chinese', () => {
    const en = tcpconform(['run', ...THREE]);
    expect(en.status, en.stderr).to.equal(1);
    expect(en.stdout.match(/cause \d+ of \d+: [^:]+ at [\w-]+/g)).to.deep.equal([
      'cause 1 of 3: the flags at established-close',
      'cause 2 of 3: the SN at close-wait-close',
      'cause 3 of 3: the AN at established-data',
    ]);
    expect(en.stdout.match(LADDER_TOP)).to.have.length(3);
    expect(en.stdout).to.match(/^ {2}68 failing, from 3 distinct causes$/m);

    const zh = tcpconform(['run', ...THREE, '--lang', 'zh']);
    expect(zh.status, zh.stderr).to.equal(1);
    expect(zh.stdout).to.match(
      /^ {2}data \(spec\/data\.yaml, memo profile\) [.F-]+ \d+ 个通过，\d+ 个失败，0 个待定$/m,
    );
    expect(zh.stdout).to.include('1) 原因 1/3：established-close 处的标志位（规则 W1）');
    expect(zh.stdout).to.include('以测试 established-close/client 为例：');
    expect(zh.stdout).to.match(/它解释的 46 个测试：/);
    expect(zh.stdout).to.match(/^ {2}68 个失败，来自 3 个不同的原因$/m);
    expect(last(zh.stdout, 2)[0]).to.equal(
      '下一步：先修正原因 1（established-close 处的标志位，规则 W1），它解释了 68 个失败中的 46 个；然后单独重新运行它的测试：',
    );
  });

  it('--verbose lists every test with its mark, and each failure’s own report', () => {
    const r = tcpconform(['run', ...THREE, '--verbose', '--grep', 'established-']);
    expect(r.status, r.stderr).to.equal(1);
    expect(r.stdout).to.match(
      /^ {4}✔ \[H3 H4\] ESTABLISHED \+ send\(\) → ESTABLISHED: .* \[established-send\/client\]$/m,
    );
    expect(r.stdout).to.match(
      /^ {4}✗ \[W1\] ESTABLISHED \+ close\(\) → FIN_WAIT_1: .* \[established-close\/client\]$/m,
    );
    // Each failing test's report under it, and each cause's example once more at the end.
    const failed = (r.stdout.match(/^ {4}✗ /gm) ?? []).length;
    expect(failed).to.be.greaterThan(1);
    const causes = Number(/cause 1 of (\d+)/.exec(r.stdout)?.[1]);
    expect(causes).to.equal(2); // established-close's flags, established-data's AN
    expect(r.stdout.match(LADDER_TOP)).to.have.length(failed + causes);
  });

  it('a run without failures: the totals, and the larger profile as what comes next', () => {
    const r = tcpconform(['run', '--grep', 'listen-syn']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^ {2}\d+ passing \(/m);
    expect(r.stdout).to.not.match(/^ {2}\d+ failing|cause \d/m);
    expect(last(r.stdout, 1)).to.deep.equal([
      'All tests run passed. Next: the whole RFC 9293 machine, with --profile rfc9293',
    ]);
  });

  describe('the command that runs one case again (src/cli/rerun.ts)', () => {
    it('keeps the implementation and the judging, drops selection, splitting and reports, quotes for sh', () => {
      expect(
        rerunCommand(
          [
            '--exec',
            "python3 it's.py",
            '--grep=W4',
            '--grep-re',
            'x',
            '--jobs',
            '4',
            '--reporter',
            'json',
            '--output',
            'r.json',
            '--case',
            'a/b',
            '--update-baseline',
            '--baseline',
            'b.json',
            '--lang',
            'zh',
            '--no-state-query',
            '--timeout',
            '200',
            '--verbose',
          ],
          'listen-syn/server',
        ),
      ).to.equal(
        `tcpconform run --exec 'python3 it'\\''s.py' --lang zh --no-state-query --timeout 200 --case listen-syn/server`,
      );
    });
  });
});
