/**
 * The kernel adapter against this machine's real Linux TCP: the memo profile through a TUN
 * device in a namespace of the run's own, and that the run leaves nothing behind, also when it
 * is interrupted or killed. Where this machine cannot (not root, no TUN, no namespaces), the
 * tests are pending with the reason.
 */
import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CLI, runJson, tcpconform } from './helpers/cli.js';

function whyNot(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root';
  if (!existsSync('/dev/net/tun')) return 'no /dev/net/tun';
  if (spawnSync('ip', ['netns', 'list']).status !== 0) return 'ip netns does not work here';
  return undefined;
}

const namespaces = () =>
  spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((l) => l.split(' ')[0]!)
    .filter((n) => n.startsWith('tcpconform-'));
/** TUN devices of ours in this (the root) namespace: there should never be any, they live in the run's namespace. */
const tunDevices = () =>
  spawnSync('ip', ['-o', 'link'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((l) => /: tcf\d+/.test(l));
/** Processes running the kernel agent (only runs of ours start it). */
const agents = () =>
  spawnSync('pgrep', ['-f', 'src/adapters/kernel/agent.ts'], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n')
    .filter(Boolean);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) if (ok()) return;
  throw new Error(`timed out waiting for ${what}`);
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

  it('runs the memo profile against Linux: every test passed, or pending with the reason', () => {
    const before = namespaces();
    const { status, report, stderr } = runJson(['--kernel']);
    expect(stderr).to.equal('');
    expect(report.failures.map((f) => `${f.title}: ${f.err.message}`)).to.deep.equal([]);
    expect(status).to.equal(0);
    expect(report.stats.passes).to.be.greaterThan(70);
    const reasons = new Set(
      (report as unknown as { pending: { pendingReason: string }[] }).pending.map((p) =>
        p.pendingReason.replace(/\d+ s/g, 'N s'),
      ),
    );
    expect([...reasons].sort()).to.deep.equal([
      'pending: it needs the IUT to start from a chosen ISN, and the adapter cannot set one',
      'pending: it waits N s in real time, longer than the limit of N s (--slow runs it)',
    ]);
    // Linux follows every memo rule; W2's ACK of a FIN that carries data comes late (linux.fin-data-delayed-ack).
    const verdicts = Object.fromEntries(report.scorecard.map((s) => [s.rule, s.verdict]));
    for (const rule of [
      'H1',
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
    for (const rule of ['W2', 'W2.notify']) expect(verdicts[rule], rule).to.equal('variation');
    expect(verdicts['W4.2msl']).to.equal('untested');
    expect(namespaces().filter((n) => !before.includes(n))).to.deep.equal([]);
    expect(tunDevices()).to.deep.equal([]);
    expect(agents()).to.deep.equal([]);
  });

  it("--profile linux: Linux's recorded variations are reported as known variations, named with their spec line", () => {
    const r = tcpconform([
      'run',
      '--kernel',
      '--profile',
      'linux',
      '--grep',
      'ESTABLISHED \\+ abort|SYN_SENT \\+ ACK → SYN_SENT',
    ]);
    expect(r.status, r.stdout).to.equal(0);
    expect(r.stdout).to.match(
      /test\(s\) passed with known variation linux\.abort-rst-ack \(spec\/linux\.yaml:\d+\): close\(\) with SO_LINGER 0 sends RST\+ACK/,
    );
    expect(r.stdout).to.match(/passed with known variation linux\.syn-sent-bad-ack-resend/);
    expect(r.stdout).to.match(/RFC\.calls\s+\d+\/\d+\s+0\s+\d+\s+pass, with a known variation/);
  });

  it('a timed rule on a real clock: a stopped retransmission timer stays quiet through its tolerance window', () => {
    const { status, report } = runJson(['--kernel', '--grep', 'stops the rexmt timer']);
    expect(status).to.equal(0);
    expect(report.stats.failures).to.equal(0);
    expect(report.stats.passes).to.be.greaterThan(3);
    expect(report.stats.passes + report.stats.pending).to.equal(report.stats.tests);
  });

  it('Ctrl-C during a run removes its namespace and stops its agent', async () => {
    const child = spawn(process.execPath, [CLI, 'run', '--kernel'], { stdio: 'ignore' });
    const mine = `tcpconform-${child.pid}`;
    await until('the run to create its namespace', () => namespaces().includes(mine) && agents().length > 0);
    await sleep(500);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).to.equal(130);
    expect(namespaces()).to.not.include(mine);
    await until('the agent to exit', () => agents().length === 0, 5000);
  });

  it('a run killed outright leaves its namespace; its agent exits, and the next run removes the leftover', async () => {
    const child = spawn(process.execPath, [CLI, 'run', '--kernel'], { stdio: 'ignore' });
    const mine = `tcpconform-${child.pid}`;
    await until('the run to create its namespace', () => namespaces().includes(mine) && agents().length > 0);
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    expect(namespaces()).to.include(mine);
    // The agent reads its commands from the dead run's pipe: it sees the end and exits.
    await until('the orphaned agent to exit', () => agents().length === 0, 5000);
    const { status } = runJson(['--kernel', '--grep', '^\\[H1 ']);
    expect(status).to.equal(0);
    expect(namespaces()).to.not.include(mine);
  });

  it('an agent killed mid-run fails the test it was serving with what happened; the run goes on with a new agent and writes its report', async () => {
    const child = spawn(
      process.execPath,
      [CLI, 'run', '--kernel', '--grep', 'stops the rexmt|W2.halfclose', '--reporter', 'json'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await until('the agent to start', () => agents().length > 0);
    await sleep(1500);
    spawnSync('kill', ['-KILL', ...agents()]);
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    const report = JSON.parse(out) as {
      stats: { passes: number; failures: number };
      failures: { err: { message: string } }[];
    };
    expect(code).to.equal(1);
    expect(report.failures.map((f) => f.err.message.split('\n')[1]!.trim())).to.deep.equal([
      "the kernel adapter's agent failed: killed by SIGKILL",
    ]);
    expect(report.stats.passes).to.be.greaterThan(10);
    expect(namespaces().filter((n) => n === `tcpconform-${child.pid}`)).to.deep.equal([]);
    await until('the agents to be gone', () => agents().length === 0, 5000);
  });

  it('without the privileges (every capability dropped), every kernel test is pending with the reason, none passed', () => {
    // Still uid 0, so the checkout stays readable wherever it is; the namespace is what fails.
    const r = spawnSync(
      'setpriv',
      ['--inh-caps=-all', '--bounding-set=-all', process.execPath, CLI, 'run', '--kernel', '--reporter', 'json'],
      { encoding: 'utf8', maxBuffer: 64 << 20 },
    );
    expect(r.status, r.stderr).to.equal(0);
    const report = JSON.parse(r.stdout) as {
      stats: { passes: number; pending: number; tests: number };
      pending: { pendingReason: string }[];
    };
    expect(report.stats.passes).to.equal(0);
    expect(report.stats.pending).to.equal(report.stats.tests);
    const reasons = [...new Set(report.pending.map((p) => p.pendingReason))];
    expect(reasons).to.have.length(1);
    expect(reasons[0]).to.match(
      /^pending: the kernel adapter cannot run here: cannot create network namespace tcpconform-\d+: .*not permitted/,
    );
  });
});
