/**
 * The kernel adapter against this machine's real Linux TCP: the memo profile through a TUN
 * device in a network namespace of the run's own, and that a run leaves nothing behind, also
 * when it is interrupted or killed. Each test watches only the run it started: the run's
 * agents are its children in another network namespace, followed by pid, and a namespace is
 * gone when no process is left in it. Where this machine cannot (not root, no TUN, no
 * namespaces), the tests are pending with the reason.
 */
import { expect } from 'chai';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { TUN_DEVICE } from '../../src/adapters/kernel/netns.js';
import { CLI } from '../helpers/cli.js';
import { childrenOf, netnsOf, type Proc, procOf, processesIn, running } from '../helpers/processes.js';

function whyNot(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root';
  if (!existsSync('/dev/net/tun')) return 'no /dev/net/tun';
  // A namespace of its own for `true`, gone when it exits.
  if (spawnSync('unshare', ['--net', 'true']).status !== 0) return 'unshare --net does not work here';
  return undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) if (ok()) return;
  throw new Error(`timed out waiting for ${what}`);
}

const OUR_NETNS = netnsOf(process.pid);

/** `tcpconform run --kernel ARGS`, started by this test, with the agents it starts seen as they come. */
class KernelRun {
  readonly child: ChildProcess;
  /** Every agent the run started: its children in a network namespace other than ours. */
  readonly agents: Proc[] = [];
  readonly namespaces = new Set<string>();
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: readonly string[]) {
    this.child = spawn(process.execPath, [CLI, 'run', '--kernel', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.setEncoding('utf8').on('data', (d: string) => (this.stdout += d));
    this.child.stderr!.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    const watch = setInterval(() => this.look(), 20);
    this.exited = new Promise((resolve) =>
      this.child.on('close', (code, signal) => {
        clearInterval(watch);
        resolve({ code, signal });
      }),
    );
  }

  private look(): void {
    for (const pid of childrenOf(this.child.pid!)) {
      const ns = netnsOf(pid);
      const p = procOf(pid);
      if (!ns || !p || ns === OUR_NETNS) continue;
      if (!this.agents.some((a) => a.pid === p.pid && a.start === p.start)) this.agents.push(p);
      this.namespaces.add(ns);
    }
  }

  /** Whether the run is in its tests: a TCP socket of a test in an agent's namespace (agents start before any test). */
  testing(): boolean {
    return this.agents.some((a) => {
      try {
        return readFileSync(`/proc/${a.pid}/net/tcp`, 'utf8').trim().split('\n').length > 1;
      } catch {
        return false;
      }
    });
  }

  /** The JSON report on stdout (run with --reporter json). */
  report<T>(): T {
    try {
      return JSON.parse(this.stdout) as T;
    } catch {
      throw new Error(`no JSON report; stderr:\n${this.stderr}\nstdout:\n${this.stdout.slice(0, 2000)}`);
    }
  }

  /**
   * Everything the run made is gone: its agents have exited and no process is left in their
   * namespaces, so the namespaces are gone with their TUN devices; none was ever in ours.
   */
  async expectNothingLeft(): Promise<void> {
    expect(this.agents, 'agents seen while the run went on').to.not.be.empty;
    await until('the agents to exit', () => this.agents.every((a) => !running(a)), 5000);
    for (const ns of this.namespaces) expect(processesIn(ns), `processes left in ${ns}`).to.deep.equal([]);
    const tun = spawnSync('ip', ['link', 'show', 'dev', TUN_DEVICE], { encoding: 'utf8' });
    expect(tun.status, `${TUN_DEVICE} in the host's namespace: ${tun.stdout}`).to.not.equal(0);
  }
}

interface Report {
  stats: { tests: number; passes: number; failures: number; pending: number };
  failures: { title: string; err: { message: string } }[];
  pending: { pendingReason: string }[];
  scorecard: { rule: string; verdict: string }[];
  passes: { title: string; latitude?: { allowance: string }[] }[];
}

describe('kernel adapter (run --kernel, real Linux TCP)', function () {
  this.timeout(300_000);
  before(function () {
    const why = whyNot();
    if (why) {
      console.log(`      kernel tests pending: ${why}`);
      this.skip();
    }
  });

  it('runs the memo profile against Linux: every test passed, or pending with the reason', async () => {
    const run = new KernelRun(['--reporter', 'json']);
    const { code } = await run.exited;
    const report = run.report<Report>();
    // Planned for this kernel: no memo test depends on its parameters' values, but paths go
    // around the calls the socket API cannot make.
    expect(run.stderr).to.match(
      /^planned for this implementation: paths around the \d+ calls it cannot make \(call, state, role\)\n$/,
    );
    expect(report.failures.map((f) => `${f.title}: ${f.err.message}`)).to.deep.equal([]);
    expect(code).to.equal(0);
    expect(report.stats.passes).to.be.greaterThan(70);
    const reasons = new Set(report.pending.map((p) => p.pendingReason.replace(/\d+ s/g, 'N s')));
    expect([...reasons].sort()).to.deep.equal([
      'pending: it needs the IUT to start from a chosen ISN, and the adapter cannot set one',
      'pending: it waits N s in real time, longer than the limit of N s (--slow runs it)',
    ]);
    // Linux follows every memo rule. W2's ACK of a FIN that carries data comes late (about 40 ms):
    // within the latitude RFC 9293 allows a delayed ACK (spec/latitude.yaml delayed-ack), so it
    // passes as such: linux.yaml records no variation for it.
    const verdicts = Object.fromEntries(report.scorecard.map((s) => [s.rule, s.verdict]));
    for (const rule of [
      'H1',
      'W2',
      'W2.notify',
      'H1.isn',
      'H1.mss',
      'H2',
      'H2.mss',
      'H3',
      'H3.data',
      'H4',
      'W1',
      'W2.halfclose',
      'W2.ack',
      'W3',
      'W4',
      'W5',
    ])
      expect(verdicts[rule], rule).to.equal('pass');
    const delayed = report.passes.filter((p) => p.latitude?.some((l) => l.allowance === 'delayed-ack'));
    expect(delayed.map((p) => p.title).join('\n')).to.match(/\[W2 W2\.notify\]/);
    expect(verdicts['W4.2msl']).to.equal('untested');
    await run.expectNothingLeft();
  });

  it("--profile linux: Linux's recorded variations are reported as known variations, named with their spec line", async () => {
    const run = new KernelRun(['--profile', 'linux', '--grep', 'ESTABLISHED \\+ abort|SYN_SENT \\+ ACK → SYN_SENT']);
    const { code } = await run.exited;
    expect(code, run.stdout).to.equal(0);
    expect(run.stdout).to.match(
      /test\(s\) passed with known variation linux\.abort-rst-ack \(spec\/linux\.yaml:\d+\): close\(\) with SO_LINGER 0 sends RST\+ACK/,
    );
    expect(run.stdout).to.match(/passed with known variation linux\.syn-sent-bad-ack-resend/);
    // passed/run, warnings, suspect, unverified, blocked, pending, verdict
    expect(run.stdout).to.match(/RFC\.calls\s+\d+\/\d+\s+0\s+0\s+0\s+0\s+\d+\s+pass, with a known variation/);
    await run.expectNothingLeft();
  });

  it("--profile linux plans for the kernel's own parameters and around the calls it cannot make: none pending for either", async () => {
    // FIN_WAIT_2's SYN and FIN cases: planned at the spec's window of 65535 and, as server,
    // through close() in SYN_RCVD, they were pending against Linux; planned for it, they run.
    const run = new KernelRun(['--profile', 'linux', '--reporter', 'json', '--grep', 'FIN_WAIT_2 \\+ (SYN|FIN)']);
    const { code } = await run.exited;
    const report = run.report<Report>();
    // What the kernel reports: its namespace's tcp_retries2 (data, FIN), tcp_syn_retries +
    // tcp_syn_linear_timeouts (SYN), tcp_synack_retries (SYN+ACK), and the window of its own SYN
    // (44 segments of 1460 octets on the TUN device's MTU of 1500).
    const sysctl = (name: string) =>
      Number(spawnSync('unshare', ['--net', 'cat', `/proc/sys/net/ipv4/${name}`], { encoding: 'utf8' }).stdout);
    const syn = sysctl('tcp_syn_retries') + (sysctl('tcp_syn_linear_timeouts') || 0);
    const values = `MAX_RETRIES = ${sysctl('tcp_retries2')}, RCV\\.WND = 64240, SYN_RETRIES = ${syn}, SYNACK_RETRIES = ${sysctl('tcp_synack_retries')}`;
    expect(run.stderr).to.match(
      new RegExp(
        `^planned for this implementation: ${values}; paths around the \\d+ calls it cannot make \\(call, state, role\\)\\n$`,
      ),
    );
    expect(report.failures.map((f) => `${f.title}: ${f.err.message}`)).to.deep.equal([]);
    expect(code).to.equal(0);
    expect(report.stats.passes).to.be.greaterThan(30);
    const reasons = new Set(report.pending.map((p) => p.pendingReason.replace(/\d+ s/g, 'N s')));
    expect([...reasons].sort()).to.deep.equal([
      'pending: it needs the IUT to start from a chosen ISN, and the adapter cannot set one',
      'pending: it waits N s in real time, longer than the limit of N s (--slow runs it)',
    ]);
    await run.expectNothingLeft();
  });

  it("Linux's SYN schedule (1 s apart, then doubling): linux.syn-schedule, timed by the judge, with tcp_syn_linear_timeouts read", async () => {
    const linear = Number(
      spawnSync('unshare', ['--net', 'cat', '/proc/sys/net/ipv4/tcp_syn_linear_timeouts'], { encoding: 'utf8' }).stdout,
    );
    if (!(linear > 0)) return expect.fail(`tcp_syn_linear_timeouts here: ${linear}; this test needs a kernel with it`);
    // Its second retransmission 1 s after the first: RFC 6298 (5.5) would have it 2 s after.
    const run = new KernelRun(['--profile', 'linux', '--case', 'syn-sent-rexmt/client/starts-rexmt']);
    const { code } = await run.exited;
    expect(code, run.stdout).to.equal(0);
    expect(run.stdout).to.match(/^ {2}1 passing/m);
    expect(run.stdout).to.match(
      /^1 test\(s\) passed with known variation linux\.syn-schedule \(spec\/linux\.yaml:\d+\)/m,
    );
    expect(run.stdout).to.match(/RFC\.rexmt\s+1\/1\s+0\s+0\s+0\s+0\s+0\s+pass, with a known variation/);
    await run.expectNothingLeft();
  });

  it('a timed rule on a real clock: a stopped retransmission timer stays quiet through its tolerance window', async () => {
    const run = new KernelRun(['--reporter', 'json', '--grep', 'stops the rexmt timer']);
    const { code } = await run.exited;
    const report = run.report<Report>();
    expect(code).to.equal(0);
    expect(report.stats.failures).to.equal(0);
    expect(report.stats.passes).to.be.greaterThan(3);
    expect(report.stats.passes + report.stats.pending).to.equal(report.stats.tests);
    await run.expectNothingLeft();
  });

  it('Ctrl-C during a run stops its agent, and its namespace goes with it', async () => {
    const run = new KernelRun([]);
    await until('the run to start its tests', () => run.testing());
    await sleep(500);
    run.child.kill('SIGINT');
    expect((await run.exited).code).to.equal(130);
    await run.expectNothingLeft();
  });

  it('a run killed outright leaves nothing: its agent sees the end of its commands and exits, and the next run passes', async () => {
    const run = new KernelRun([]);
    await until('the run to start its tests', () => run.testing());
    run.child.kill('SIGKILL');
    expect((await run.exited).signal).to.equal('SIGKILL');
    await run.expectNothingLeft();
    const next = new KernelRun(['--reporter', 'json', '--grep', '\\[H1 ']);
    const { code } = await next.exited;
    expect(code, next.stderr).to.equal(0);
    expect(next.report<Report>().stats.passes).to.be.greaterThan(0);
    await next.expectNothingLeft();
  });

  it('an agent killed mid-run fails the test it was serving with what happened; the run goes on with a new agent and writes its report', async () => {
    const run = new KernelRun(['--grep', 'stops the rexmt|W2.halfclose', '--reporter', 'json']);
    await until('the run to start its tests', () => run.testing());
    await sleep(1500);
    const agent = run.agents[0]!;
    expect(running(agent), 'the agent still runs').to.equal(true);
    process.kill(agent.pid, 'SIGKILL');
    const { code } = await run.exited;
    const report = run.report<Report>();
    expect(code).to.equal(1);
    expect(report.failures.map((f) => f.err.message.split('\n')[1]!.trim())).to.deep.equal([
      "the kernel adapter's agent failed: killed by SIGKILL",
    ]);
    expect(report.stats.passes).to.be.greaterThan(10);
    expect(run.agents.length, 'agents started').to.equal(2);
    await run.expectNothingLeft();
  });

  it('--jobs 4: four agents, each in a namespace of its own, the verdicts of a serial run, nothing left', async () => {
    const serial = new KernelRun(['--reporter', 'json']);
    await serial.exited;
    const parallel = new KernelRun(['--reporter', 'json', '--jobs', '4']);
    const { code } = await parallel.exited;
    expect(code, parallel.stderr).to.equal(0);
    expect(parallel.agents).to.have.length(4);
    expect(parallel.namespaces.size).to.equal(4);
    // The same tests in the same order with the same verdicts (the kernel's ISNs differ from run to run).
    const verdicts = (
      r: Report & { tests: { fullTitle: string; err: { message?: string }; pendingReason?: string }[] },
    ) => r.tests.map((t) => `${t.fullTitle}: ${t.err.message ? 'failed' : (t.pendingReason ?? 'passed')}`);
    type Full = Parameters<typeof verdicts>[0];
    expect(verdicts(parallel.report<Full>())).to.deep.equal(verdicts(serial.report<Full>()));
    expect(parallel.report<Report>().scorecard).to.deep.equal(serial.report<Report>().scorecard);
    await serial.expectNothingLeft();
    await parallel.expectNothingLeft();
  });

  it('Ctrl-C during a --jobs 4 run stops all four agents, and their namespaces go with them', async () => {
    const run = new KernelRun(['--jobs', '4']);
    await until('the run to start its tests', () => run.testing() && run.agents.length === 4);
    await sleep(500);
    run.child.kill('SIGINT');
    expect((await run.exited).code).to.equal(130);
    expect(run.namespaces.size).to.equal(4);
    await run.expectNothingLeft();
  });

  it('without the privileges (every capability dropped), every kernel test is pending with the reason, none passed', () => {
    // Still uid 0, so the checkout stays readable wherever it is; the namespace is what fails.
    const r = spawnSync(
      'setpriv',
      ['--inh-caps=-all', '--bounding-set=-all', process.execPath, CLI, 'run', '--kernel', '--reporter', 'json'],
      { encoding: 'utf8', maxBuffer: 64 << 20 },
    );
    expect(r.status, r.stderr).to.equal(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.stats.passes).to.equal(0);
    expect(report.stats.pending).to.equal(report.stats.tests);
    const reasons = [...new Set(report.pending.map((p) => p.pendingReason))];
    expect(reasons).to.have.length(1);
    expect(reasons[0]).to.match(
      /^pending: the kernel adapter cannot run here: cannot create a network namespace \(unshare --net\): .*not permitted/,
    );
  });
});
