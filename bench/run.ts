/**
 * `npm run bench`: how long generation takes, how fast the suites run against the reference,
 * fuzzing's steps per second, the trace checker's segments per second, how long spec mutation takes, and Stryker's score on
 * the judging code from its last report (BENCH_STRYKER=1 runs and times it first), after the compiled command's start-up
 * (startup.ts), and runs with --jobs against serial runs (jobs.ts). Medians over repeated runs, because these machines
 * are shared and noisy.
 */
import { spawnSync } from 'node:child_process';
import { generate, readSpec } from '../generator/index.js';
import { planCases } from '../generator/plan/cases.js';
import { emitAll } from '../generator/emit/emit.js';
import type { Adapter } from '../src/adapter.js';
import type { Profile } from '../core/case.js';
import { ReferenceAdapter } from '../src/adapters/reference.js';
import { runCase } from '../src/harness/run-case.js';
import { fuzz } from '../src/fuzz/run.js';
import { mutateProfile } from '../src/mutate/mutate-spec.js';
import { benchCheck, benchDevCaptures, benchPathological } from './check.js';
import { benchStartup } from './startup.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROFILES } from '../core/case.js';
import { inputsDigest } from '../generator/inputs.js';
import { casesFor, PlanCache, planForDigest } from '../src/cli/plan.js';
import { benchBlame } from './blame.js';
import { benchJobs } from './jobs.js';
import { benchHangs } from './hangs.js';
import { declaredFile, readDeclared } from '../generator/declared.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timeIt(rounds: number, f: () => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await f();
    out.push(performance.now() - t);
  }
  return out;
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

for (const line of benchStartup(ROUNDS)) console.log(line);

const gen = await timeIt(ROUNDS, () => generate('spec'));
// The same, stage by stage: where generation's time goes.
const stages = { read: [] as number[], plan: [] as number[], emit: [] as number[] };
for (let i = 0; i < ROUNDS; i++) {
  let t = performance.now();
  const read = readSpec('spec');
  stages.read.push(performance.now() - t);
  t = performance.now();
  const planned = planCases(read);
  stages.plan.push(performance.now() - t);
  t = performance.now();
  emitAll(read, planned);
  stages.emit.push(performance.now() - t);
}
const { spec, cases: all, files } = generate('spec');
// Planning again for an implementation's own values (the kernel's retry limits, 15 for data, 10
// for a SYN, 5 for a SYN+ACK, and window of 64240, paths around close in SYN_RCVD): cold, then
// from the plan cache.
{
  const at = {
    parameters: { MAX_RETRIES: 15, 'RCV.WND': 64240, SYN_RETRIES: 10, SYNACK_RETRIES: 5 },
    avoid: (['close', 'abort'] as const).flatMap((call) =>
      (['client', 'server'] as const).map((role) => ({ call, state: 'SYN_RCVD', role })),
    ),
  };
  const specOnly = readSpec('spec');
  const cold = await timeIt(ROUNDS, () => planCases(specOnly, at));
  const dir = mkdtempSync(join(tmpdir(), 'tcpconform-bench-plan-'));
  try {
    const plans = new PlanCache(dir);
    await casesFor('spec', PROFILES, at, plans);
    const key = planForDigest(inputsDigest('spec').trim(), at);
    const warm = await timeIt(ROUNDS, () => PROFILES.map((p) => plans.read(key, p)));
    console.log(
      `planning for an implementation's values (both profiles), in process: cold ${fmt(median(cold))}, from the plan cache ${fmt(median(warm))} (medians over ${ROUNDS} runs; ratio ${(median(cold) / median(warm)).toFixed(0)}x)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
// An implementation's declarations (`run --variations`): read and checked with the spec, then
// planned with (both profiles, cold; a run reads that plan back from the cache after the first).
{
  const file = declaredFile(join('test', 'fixtures', 'declared', 'silent-reset.yaml'));
  const check = await timeIt(ROUNDS, () => readDeclared('spec', [file]));
  const withThem = readDeclared('spec', [file]).spec;
  const planned = await timeIt(ROUNDS, () => planCases(withThem));
  console.log(
    `declarations (run --variations): read and checked with the spec ${fmt(median(check))}, planned with (both profiles, cold) ${fmt(median(planned))} (medians over ${ROUNDS} runs)`,
  );
}
const cases = all.filter((c) => c.profile === 'memo');
// Judged as `run` judges: with the spec's latitude (spec/latitude.yaml).
const judged = { latitude: spec.latitude };
const suite = await timeIt(ROUNDS, async () => {
  const adapter = new ReferenceAdapter();
  for (const c of cases) await runCase(adapter, c, judged);
});
const rfcSuite = await timeIt(ROUNDS, async () => {
  const adapter = new ReferenceAdapter();
  for (const c of all) await runCase(adapter, c, judged);
});
// The same without latitude (`run --exact`): what the judge's latitude costs.
const rfcExact = await timeIt(ROUNDS, async () => {
  const adapter = new ReferenceAdapter();
  for (const c of all) await runCase(adapter, c, {});
});
const cli = await timeIt(Math.min(ROUNDS, 5), () =>
  spawnSync(process.execPath, ['bin/tcpconform.js', 'run', '--reporter', 'json'], { encoding: 'utf8' }),
);
const cliRfc = await timeIt(Math.min(ROUNDS, 5), () =>
  spawnSync(process.execPath, ['bin/tcpconform.js', 'run', '--profile', 'rfc9293', '--reporter', 'json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  }),
);

const suiteMedian = median(suite);
console.log(
  `generation (load, validate, model, plan, emit; both profiles, ${all.length} cases), in process: median ${fmt(median(gen))}, min ${fmt(Math.min(...gen))} over ${ROUNDS} runs (target < 1000 ms)`,
);
console.log(
  `generation by stage, in process: read and check the spec ${fmt(median(stages.read))}, plan ${fmt(median(stages.plan))}, emit ${fmt(median(stages.emit))} (medians over ${ROUNDS} runs)`,
);
console.log(
  `memo suite against the reference, in process: ${cases.length} tests, median ${fmt(suiteMedian)} (${Math.round((cases.length / suiteMedian) * 1000)} tests/s) over ${ROUNDS} runs`,
);
console.log(
  `\`tcpconform run\` end to end (process start, freshness check, mocha, ${cases.length} tests): median ${fmt(median(cli))} over ${cli.length} runs (target < 2000 ms)`,
);
console.log(`ratio: whole CLI run / in-process suite = ${(median(cli) / suiteMedian).toFixed(1)}x`);
console.log(`rfc9293 suite against the reference, in process: ${all.length} tests, median ${fmt(median(rfcSuite))}`);
console.log(
  `the same judged exactly (run --exact): median ${fmt(median(rfcExact))}; ratio with latitude / exact = ${(median(rfcSuite) / median(rfcExact)).toFixed(2)}x`,
);
console.log(
  `\`tcpconform run --profile rfc9293\` end to end: median ${fmt(median(cliRfc))} over ${cliRfc.length} runs (target < 5000 ms)`,
);

// The generated suite as a person opens it: sizes, not speed, but where the bench's other figures are.
{
  const suiteFiles = [...files].filter(([path]) => path.startsWith('suite/'));
  const bytes = suiteFiles.reduce((n, [, text]) => n + Buffer.byteLength(text), 0);
  const [largest, text] = suiteFiles.reduce((a, b) => (b[1].split('\n').length > a[1].split('\n').length ? b : a));
  console.log(
    `generated/suite: ${suiteFiles.length} files, ${bytes} bytes (${((bytes / 5_242_505) * 100).toFixed(0)}% of the 5,242,505 of one JSON case per test; target <= 40%), largest ${largest} at ${text.split('\n').length - 1} lines (target <= 2000)`,
  );
}

// Fuzz steps per second: one step = one abstract step run on both the IUT and the model (a
// step the profile has no answer to is dropped and not counted).
const FUZZ_RUNS = 2000;
const fuzzRate = async (adapter: Adapter, profile: Profile, runs: number, rounds: number) => {
  const rates: number[] = [];
  let steps = 0;
  let walks = 0;
  // One round first, not counted: the first walks run while V8 still compiles the reference
  // and fast-check, at about half the speed of the rest.
  await fuzz(adapter, { spec, profile, runs, maxSteps: 40, seed: rounds });
  for (let i = 0; i < rounds; i++) {
    const o = await fuzz(adapter, { spec, profile, runs, maxSteps: 40, seed: i });
    rates.push((o.steps / o.ms) * 1000);
    steps += o.steps;
    walks += o.runs;
  }
  return { rate: Math.round(median(rates)), perWalk: (steps / walks).toFixed(1) };
};
for (const profile of ['memo', 'rfc9293'] as const) {
  const { rate, perWalk } = await fuzzRate(new ReferenceAdapter(), profile, FUZZ_RUNS, ROUNDS);
  console.log(
    `fuzz, reference against the reference in process, ${profile} profile: ${rate} steps/s, ${perWalk} steps run per walk of up to 40 (median of ${ROUNDS} x ${FUZZ_RUNS} walks after one round of warm-up; target >= 50000)`,
  );
}

// A fuzz campaign that keeps going: three planted faults, every walk of the budget run, each
// group's smallest walk shrunk by its signature (the cost of --keep-going over stopping at one).
{
  const { default: threeFaults } = await import('../test/fixtures/three-faults-adapter.js');
  const CAMPAIGN_RUNS = 150;
  const rounds = Math.max(3, Math.floor(ROUNDS / 3));
  const walks: number[] = [];
  const total: number[] = [];
  const groups = new Set<number>();
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    const o = await fuzz(threeFaults(), {
      spec,
      profile: 'memo',
      runs: CAMPAIGN_RUNS,
      maxSteps: 40,
      seed: i,
      keepGoing: true,
    });
    total.push(performance.now() - t);
    walks.push(o.ms);
    groups.add(o.groups.length);
  }
  console.log(
    `fuzz --keep-going, three planted faults (memo, ${CAMPAIGN_RUNS} walks): median ${fmt(median(total))} in all, of which the walks ${fmt(median(walks))} and shrinking the groups the rest; groups found per seed: ${[...groups].join(', ')} (${rounds} seeds)`,
  );
}

console.log(benchCheck(spec, ROUNDS));
for (const line of benchDevCaptures(spec, Math.max(1, Math.floor(ROUNDS / 5)))) console.log(line);
for (const line of benchPathological(spec, Math.max(1, Math.floor(ROUNDS / 5)))) console.log(line);

// Round trips through the process adapter with the Python example: one request, one reply.
const { JsonLinesAdapter } = await import('../src/adapters/jsonl/adapter.js');
const { startProcess } = await import('../src/adapters/jsonl/process.js');
const { DEFAULT_ENDPOINTS } = await import('../src/adapter.js');
const python = await JsonLinesAdapter.open(() => startProcess('python3 examples/python/tcp_endpoint.py'), {
  timeoutMs: 5000,
  endpoints: DEFAULT_ENDPOINTS,
  label: 'python example',
});
const TRIPS = 5000;
const trips = await timeIt(Math.max(3, Math.floor(ROUNDS / 3)), async () => {
  for (let i = 0; i < TRIPS; i++) await python.advance(0);
});
const processSuite = await timeIt(Math.max(3, Math.floor(ROUNDS / 3)), async () => {
  for (const c of cases) await runCase(python, c, {});
});
const pythonFuzz = (await fuzzRate(python, 'memo', 100, Math.max(3, Math.floor(ROUNDS / 3)))).rate;
await python.close();
console.log(
  `process adapter, Python example: ${Math.round((TRIPS / median(trips)) * 1000)} round trips/s (median of ${trips.length} x ${TRIPS}; target >= 5000)`,
);
console.log(
  `memo suite through the process adapter (Python example): median ${fmt(median(processSuite))}, ${(median(processSuite) / suiteMedian).toFixed(0)}x the in-process reference`,
);
console.log(
  `fuzz through the process adapter (Python example), memo profile: ${pythonFuzz} steps/s (median of 100-walk runs)`,
);

// Spec mutation: every mutant of both profiles, each interpreted and run against the suite and the baseline.
for (const stateQuery of [true, false]) {
  let mutants = 0;
  const times = await timeIt(Math.min(ROUNDS, 3), async () => {
    mutants = 0;
    for (const profile of ['memo', 'rfc9293'] as const)
      mutants += (await mutateProfile(spec, all, profile, { stateQuery })).outcomes.length;
  });
  console.log(
    `spec mutation (\`mutate --no-code${stateQuery ? '' : ' --no-state-query'}\` without the CLI), both profiles, ${mutants} mutants: median ${(median(times) / 1000).toFixed(1)} s (${Math.round((mutants / median(times)) * 1000)} mutants/s) over ${times.length} runs`,
  );
}
// Code mutation (Stryker on the judging code) takes many minutes: the figure is read from the
// last report `npm run mutate:code` wrote; BENCH_STRYKER=1 runs it first, once, and times it.
{
  const { readCodeMutants } = await import('../src/mutate/code-mutants.js');
  const { existsSync, statSync } = await import('node:fs');
  const report = '.stryker/reports/mutation.json';
  if (process.env.BENCH_STRYKER === '1') {
    const [ms] = await timeIt(1, () => spawnSync('npx', ['stryker', 'run'], { encoding: 'utf8' }));
    console.log(`code mutation (\`npm run mutate:code\`): ${(ms! / 60_000).toFixed(1)} min wall clock, one run`);
  }
  if (existsSync(report)) {
    const s = await readCodeMutants(report);
    console.log(
      `code mutation score (Stryker on the judging code, ${report} of ${statSync(report).mtime.toISOString()}): ${s.score.toFixed(1)}% (${s.killed} killed, ${s.timeout} timeout, ${s.survived} survived, ${s.noCoverage} without coverage, ${s.ignored.length} ignored, ${s.errors} that could not run)`,
    );
  } else console.log('code mutation score: no report yet (`npm run mutate:code` writes it)');
}

// Blame: planted faults blamed exactly, before and now, and what the analysis costs (bench/blame.ts).
for (const line of await benchBlame(spec, all, median, ROUNDS)) console.log(line);

// The kernel adapter (the memo suite against this machine's Linux, in real time; root and
// /dev/net/tun needed) and a process implementation, serial and with --jobs (bench/jobs.ts).
for (const line of benchJobs(Math.min(ROUNDS, 3), median)) console.log(line);

// A program that hangs on close() or answers it malformed: what it costs a run (bench/hangs.ts).
for (const line of benchHangs(Math.min(ROUNDS, 3), median)) console.log(line);
