/**
 * Runs spread over workers and CI jobs: `run --jobs N` (the same results and report order as
 * serial), `run --shard I/N` (deterministic, balanced, the parts cover the run exactly once)
 * and `merge-reports` (the shards' reports as the whole run's), with its bad inputs.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Adapter } from '../src/adapter.js';
import type { TestCase } from '../core/case.js';
import type { CaseResult } from '../src/harness/run-case.js';
import { CasePool } from '../src/harness/pool.js';
import { ReferenceAdapter } from '../src/adapters/reference.js';
import { withoutStateQuery } from '../src/adapters/without-state-query.js';
import { expectedCost, parseShard, shardOf } from '../src/cli/shard.js';
import { BROKEN, cli } from './helpers/cli.js';
import { memoCases, planFirst, planned } from './helpers/plan.js';

/** A JSON report as read here: what must match between two runs of the same cases. */
interface Report {
  stats: Record<string, unknown>;
  tests: Record<string, unknown>[];
  failures: unknown[];
  scorecard: unknown[];
  run: { cases: Record<string, unknown>[]; tests: number; shard?: unknown };
}

async function jsonRun(args: readonly string[]): Promise<{ status: number; report: Report; stderr: string }> {
  const r = await cli(['run', '--reporter', 'json', ...args]);
  return { status: r.status, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

/**
 * A report without what differs between two runs of the same cases on the same implementation:
 * times, and the values of the implementation's ISNs (numbers of 6 digits or more; the
 * reference's ISN clock runs on across the cases an instance runs, as a real stack's does).
 */
function timeless(r: Report) {
  const { start: _s, end: _e, duration: _d, ...stats } = r.stats;
  return withoutIsns({
    stats,
    tests: r.tests.map(({ duration: _, ...t }) => t),
    failures: r.failures.length,
    scorecard: r.scorecard,
    cases: r.run.cases.map(({ durationMs: _, ...c }) => c),
  });
}

function withoutIsns<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replace(/\d{6,}/g, '0')) as T;
}

describe('run --jobs N', function () {
  this.timeout(600_000);
  planFirst();

  for (const profile of ['memo', 'rfc9293']) {
    it(`gives the same stats, per-test results and order as serial (${profile}, an implementation with a fault)`, async () => {
      const serial = await jsonRun([...BROKEN, '--profile', profile]);
      const parallel = await jsonRun([...BROKEN, '--profile', profile, '--jobs', '3']);
      expect(serial.status).to.equal(1);
      expect(parallel.status).to.equal(1);
      expect(serial.report.failures.length).to.be.greaterThan(0);
      expect(timeless(parallel.report)).to.deep.equal(timeless(serial.report));
    });
  }

  it('--exec: one process per worker, each its own, none left when the run ends', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tcpconform-jobs-'));
    try {
      const pids = join(dir, 'pids');
      // The shell writes its pid, then becomes the implementation (exec keeps the pid).
      const exec = `sh -c 'echo $$ >> ${pids}; exec node --import tsx test/fixtures/iut/reference-over-jsonl.ts'`;
      const serial = await jsonRun(['--exec', exec]);
      writeFileSync(pids, '');
      const parallel = await jsonRun(['--exec', exec, '--jobs', '3']);
      expect(parallel.status, parallel.stderr).to.equal(0);
      expect(parallel.report.stats).to.include({ tests: memoCases().length, passes: memoCases().length });
      expect(timeless(parallel.report)).to.deep.equal(timeless(serial.report));
      const started = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
      expect(new Set(started).size).to.equal(3);
      for (const pid of started) expect(alive(pid), `process ${pid}`).to.equal(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a module whose export is one adapter (not a function making one) runs on it alone, and says so', async () => {
    const { status, report, stderr } = await jsonRun([
      '--module',
      'test/fixtures/not-a-factory-adapter.ts',
      '--jobs',
      '3',
    ]);
    expect(status, stderr).to.equal(0);
    expect(report.stats).to.include({ tests: memoCases().length, passes: memoCases().length });
    expect(stderr).to.include('--jobs 3: the module exports one adapter, not a function that makes one');
  });

  it('--jobs 0 and --jobs x are usage errors', async () => {
    for (const [value, message] of [
      ['0', 'tcpconform: --jobs must be at least 1\n'],
      ['x', 'tcpconform: --jobs needs a whole number, got "x"\n'],
    ]) {
      const r = await cli(['run', '--jobs', value!]);
      expect(r.status).to.equal(2);
      expect(r.stderr).to.equal(message);
    }
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('CasePool', () => {
  /** Cases whose runs end only when the test says, to see which ran at once. */
  function gated(n: number) {
    const cases = Array.from({ length: n }, (_, i) => ({ id: `c${i}` }) as TestCase);
    const running = new Set<string>();
    const release = new Map<string, () => void>();
    const byAdapter = new Map<string, Adapter>();
    let most = 0;
    const run = (adapter: Adapter, tc: TestCase) =>
      new Promise<CaseResult>((resolve) => {
        for (const [id, a] of byAdapter) expect(a === adapter && running.has(id), `${id} and ${tc.id}`).to.equal(false);
        running.add(tc.id);
        byAdapter.set(tc.id, adapter);
        most = Math.max(most, running.size);
        release.set(tc.id, () => {
          running.delete(tc.id);
          resolve({ testCase: tc } as CaseResult);
        });
      });
    return { cases, run, release, most: () => most };
  }

  it('runs one case per adapter at a time, as many at once as adapters, and gives each its own result', async () => {
    const adapters = [new ReferenceAdapter(), new ReferenceAdapter(), new ReferenceAdapter()];
    const g = gated(7);
    const pool = new CasePool(adapters, g.cases, g.run);
    await new Promise((r) => setImmediate(r));
    expect([...g.release.keys()]).to.deep.equal(['c0', 'c1', 'c2']);
    // Finishing out of order: the next case starts on the adapter that came free.
    for (const id of ['c2', 'c0', 'c1', 'c3', 'c4', 'c5', 'c6']) {
      g.release.get(id)!();
      await new Promise((r) => setImmediate(r));
    }
    await pool.done;
    expect(g.most()).to.equal(3);
    for (const tc of g.cases) expect((await pool.result(tc)).result.testCase).to.equal(tc);
  });

  it("a case whose run throws rejects that case's result only", async () => {
    const cases = [{ id: 'a' }, { id: 'b' }] as TestCase[];
    const pool = new CasePool([new ReferenceAdapter()], cases, async (_a, tc) => {
      if (tc.id === 'a') throw new Error('harness bug');
      return { testCase: tc } as CaseResult;
    });
    await pool.done;
    let thrown: unknown;
    await pool.result(cases[0]!).catch((err: unknown) => (thrown = err));
    expect((thrown as Error).message).to.equal('harness bug');
    expect((await pool.result(cases[1]!)).result.testCase).to.equal(cases[1]);
  });
});

describe('run --shard I/N', function () {
  this.timeout(600_000);
  planFirst();
  const all = () => planned().cases;
  const reference = new ReferenceAdapter();
  /** An implementation on a real clock, as the kernel: no chosen ISN, waits of up to `limitMs`. */
  const realClock = (limitMs: number): Adapter => ({
    ...withoutStateQuery(reference),
    capabilities: { stateQuery: true, virtualClock: false, isnOverride: false },
    realClock: { toleranceMs: 50, tolerancePct: 5, limitMs },
  });
  const costOn = (adapter: Adapter) => (tc: TestCase) => expectedCost(adapter, tc, { profile: 'rfc9293' });
  const cost = costOn(reference);

  it('shards 1/3, 2/3 and 3/3 cover the suite exactly once, each in the run order', () => {
    const parts = [1, 2, 3].map((index) => shardOf(all(), { index, count: 3 }, cost));
    const ids = parts.flatMap((p) => p.map((c) => c.id));
    expect(ids.length).to.equal(all().length);
    expect(new Set(ids).size).to.equal(all().length);
    for (const p of parts) expect(p).to.deep.equal(all().filter((c) => p.includes(c)));
  });

  it('splits by case ID and cost alone: the order the cases come in changes nothing', () => {
    const reversed = [...all()].reverse();
    for (const index of [1, 2, 3]) {
      const a = shardOf(all(), { index, count: 3 }, cost).map((c) => c.id);
      const b = shardOf(reversed, { index, count: 3 }, cost).map((c) => c.id);
      expect([...b].sort()).to.deep.equal([...a].sort());
    }
  });

  it('balances the expected cost: no part more than 2% above the mean, also on a real clock', () => {
    for (const c of [cost, costOn(realClock(10_000)), costOn(withoutStateQuery(reference))]) {
      const loads = [1, 2, 3, 4].map((index) =>
        shardOf(all(), { index, count: 4 }, c).reduce((sum, tc) => sum + c(tc), 0),
      );
      const mean = loads.reduce((a, b) => a + b, 0) / loads.length;
      expect(Math.max(...loads) / mean, loads.join(' ')).to.be.below(1.02);
    }
  });

  it('costs the waits on a real clock, the identifying reruns, and nothing for a case that will be pending', () => {
    const msl = reference.params.MSL!;
    const waits = all().find((c) => c.id === 'time-wait-expires/client')!;
    expect(costOn(realClock(1_000_000))(waits) - cost(waits)).to.be.at.least(2 * msl);
    // Waiting longer than the limit, or needing a chosen ISN: pending at once.
    expect(costOn(realClock(10_000))(waits)).to.equal(0);
    const wrap = all().find((c) => c.iutIsn !== undefined)!;
    expect(cost(wrap)).to.be.greaterThan(0);
    expect(costOn(realClock(10_000))(wrap)).to.equal(0);
    const identified = all().find((c) => (c.identify ?? []).some((id) => id.sequences.length > 0))!;
    expect(costOn(withoutStateQuery(reference))(identified)).to.be.greaterThan(cost(identified));
  });

  it('bad --shard values are usage errors', async () => {
    expect(parseShard('2/3')).to.deep.equal({ index: 2, count: 3 });
    for (const bad of ['0/3', '4/3', '1/0', '3', 'a/b', '1/3/5']) {
      const r = await cli(['run', '--shard', bad]);
      expect(r.status, bad).to.equal(2);
      expect(r.stderr).to.equal(`tcpconform: --shard needs I/N with 1 <= I <= N (as 2/3), got "${bad}"\n`);
    }
  });
});

describe('merge-reports', function () {
  this.timeout(600_000);
  planFirst();
  let dir: string;
  const file = (name: string) => join(dir, name);
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tcpconform-merge-'));
    for (const i of [1, 2, 3]) {
      const r = await cli(['run', ...BROKEN, '--reporter', 'json', '--shard', `${i}/3`, '--output', file(`${i}.json`)]);
      expect(r.status).to.equal(1);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const shards = () => [1, 2, 3].map((i) => file(`${i}.json`));

  it("reproduces the whole run's stats, tests, order, scorecard and results from its three shards", async () => {
    const whole = await jsonRun(BROKEN);
    const merged = await cli(['merge-reports', ...shards().reverse(), '--reporter', 'json']);
    expect(merged.status, merged.stderr).to.equal(1);
    const report = JSON.parse(merged.stdout) as Report;
    expect(timeless(report)).to.deep.equal(timeless(whole.report));
    expect(report.run.shard).to.equal(undefined);
    // Each shard ran a part only.
    const parts = shards().map((f) => (JSON.parse(readFileSync(f, 'utf8')) as Report).stats.tests as number);
    expect(parts.every((n) => n < memoCases().length)).to.equal(true);
    expect(parts.reduce((a, b) => a + b, 0)).to.equal(memoCases().length);
  });

  it('gives any reporter: JUnit as the whole run writes it, but for the times', async () => {
    const whole = await cli(['run', ...BROKEN, '--reporter', 'junit']);
    const merged = await cli(['merge-reports', ...shards(), '--reporter', 'junit', '--output', file('merged.xml')]);
    expect(merged.status).to.equal(1);
    const untimed = (xml: string) => withoutIsns(xml.replace(/(time|timestamp)="[^"]*"/g, '$1=""'));
    expect(untimed(readFileSync(file('merged.xml'), 'utf8'))).to.equal(untimed(whole.stdout));
  });

  it("replays a test that threw instead of giving a verdict (the adapter's own bug) as the run reported it", async () => {
    const module = ['--module', 'test/fixtures/throwing-adapter.ts'];
    const whole = await jsonRun(module);
    const threw = whole.report.tests.filter((t) => /adapter bug: close/.test(JSON.stringify(t)));
    expect(threw.length).to.be.greaterThan(0);
    for (const i of [1, 2])
      await cli(['run', ...module, '--reporter', 'json', '--shard', `${i}/2`, '--output', file(`t${i}.json`)]);
    const merged = await cli(['merge-reports', file('t1.json'), file('t2.json'), '--reporter', 'json']);
    expect(merged.status).to.equal(1);
    expect(timeless(JSON.parse(merged.stdout) as Report)).to.deep.equal(timeless(whole.report));
  });

  it('--baseline: the merged shards against the whole run as baseline exit 0; against one shard, the others fail as new', async () => {
    const base = file('baseline.json');
    const accepted = await cli(['run', ...BROKEN, '--reporter', 'json', '--baseline', base, '--update-baseline']);
    expect(accepted.status, accepted.stderr).to.equal(0);
    // A baseline compares verdicts: it is kept without the run's raw results.
    expect(JSON.parse(readFileSync(base, 'utf8'))).to.not.have.property('run');
    const same = await cli(['merge-reports', ...shards(), '--reporter', 'json', '--baseline', base]);
    expect(same.status, same.stderr).to.equal(0);
    const worse = await cli(['merge-reports', ...shards(), '--reporter', 'json', '--baseline', file('1.json')]);
    expect(worse.status, worse.stderr).to.equal(1);
    const regressions = (JSON.parse(worse.stdout) as { baseline: { regressions: unknown[] } }).baseline.regressions;
    expect(regressions.length).to.be.greaterThan(0);
  });

  describe('bad input: one line naming the file and what is wrong, exit 2', () => {
    const expectUsage = async (args: string[], message: RegExp) => {
      const r = await cli(['merge-reports', ...args]);
      expect(r.status, r.stderr).to.equal(2);
      expect(r.stderr).to.match(message);
      expect(r.stderr.trim().split('\n')).to.have.length(1);
      expect(r.stdout).to.equal('');
    };

    it('no files', () => expectUsage([], /^tcpconform: merge-reports needs the JSON reports to merge/));
    it('a missing file', () =>
      expectUsage([file('1.json'), file('nope.json')], /^tcpconform: .*nope\.json: cannot read it: ENOENT\n$/));
    it('not JSON', () => {
      writeFileSync(file('bad.json'), '{\n  "stats": x\n}\n');
      return expectUsage([file('bad.json')], /^tcpconform: .*bad\.json: not JSON: /);
    });
    it('JSON, but not a run report', () => {
      writeFileSync(file('other.json'), '{"stats": {}}');
      return expectUsage([file('other.json')], /other\.json: not a report of `tcpconform run --reporter json`/);
    });
    it('a run field of the wrong shape, with the path to what is wrong', () => {
      const r = JSON.parse(readFileSync(file('1.json'), 'utf8')) as Report;
      (r.run.cases[0] as { order: unknown }).order = 'first';
      writeFileSync(file('shape.json'), JSON.stringify(r));
      return expectUsage([file('shape.json')], /shape\.json: run\.cases\.0\.order: /);
    });
    it('reports of different profiles', async () => {
      await cli(['run', '--profile', 'rfc9293', '--reporter', 'json', '--shard', '2/3', '--output', file('r.json')]);
      return expectUsage(
        [file('1.json'), file('r.json')],
        /r\.json: a report of another run than .*1\.json: profile rfc9293, not memo\n$/,
      );
    });
    it('reports of different implementations', async () => {
      await cli(['run', '--reporter', 'json', '--shard', '2/3', '--output', file('ref.json')]);
      return expectUsage(
        [file('1.json'), file('ref.json'), file('3.json')],
        /ref\.json: a report of another run than .*1\.json: implementation reference, not /,
      );
    });
    it('a shard twice', () =>
      expectUsage([file('1.json'), file('2.json'), file('1.json')], /1\.json: test \d+ \[.*\] is also in .*1\.json/));
    it('a shard missing', () =>
      expectUsage(
        [file('1.json'), file('3.json')],
        new RegExp(
          `^tcpconform: the reports hold \\d+ of the run's ${memoCases().length} tests \\(shards 1/3, 3/3\\): a shard is missing\n$`,
        ),
      ));
  });
});
