/**
 * Start-up of the compiled command (dist/, as installed): bare Node for scale, `--help`, and
 * `run` (memo profile, against the reference, the plan already cached). Medians over repeated
 * runs, each a fresh process; `npm run bench` builds dist/ first. Besides the wall clock, the
 * CPU time the process used (Linux: the children's times in /proc/self/stat), which the other
 * work on a shared machine changes much less.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const BIN = 'dist/bin/tcpconform.js';

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** CPU milliseconds (user + system) used so far by this process's waited-for children. */
function childrenCpuMs(): number {
  // Fields after the command name (which is in parentheses); cutime and cstime are the 16th and 17th fields.
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // in clock ticks of 1/100 s
}

interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

/** Median wall-clock and CPU milliseconds of `rounds` runs of the command, which must exit as expected. */
function times(rounds: number, cmd: string, args: readonly string[], status: number): Timing {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const c = childrenCpuMs();
    const t = performance.now();
    const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
    wall.push(performance.now() - t);
    cpu.push(childrenCpuMs() - c);
    if (r.status !== status) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

export function benchStartup(rounds: number): string[] {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first`);
  const n = Math.max(rounds, 5);
  const ms = (x: Timing) => `${x.wall.toFixed(0)} ms (CPU ${x.cpu.toFixed(0)} ms)`;
  // One uncounted run, which plans if the plan is not cached yet.
  times(1, process.execPath, [BIN, 'run'], 0);
  const bare = times(n, process.execPath, ['-e', '0'], 0);
  const help = times(n, process.execPath, [BIN, '--help'], 0);
  const npx = times(n, 'npx', ['--no-install', 'tcpconform', '--help'], 0);
  const run = times(n, process.execPath, [BIN, 'run'], 0);
  const json = times(n, process.execPath, [BIN, 'run', '--reporter', 'json'], 0);
  const ratio = (x: Timing) => `${(x.wall / bare.wall).toFixed(1)}x bare node`;
  return [
    `start-up, compiled (${BIN}), medians over ${n} runs; bare \`node -e 0\` here: ${ms(bare)}`,
    `  \`tcpconform --help\`: ${ms(help)}, ${ratio(help)} (target <= 150 ms); through npx: ${ms(npx)}`,
    `  \`tcpconform run\` (memo, reference, plan cached): ${ms(run)}, ${ratio(run)} (target <= 400 ms); --reporter json: ${ms(json)}`,
  ];
}
