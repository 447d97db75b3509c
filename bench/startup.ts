/**
 * Start-up of the compiled command (dist/, as installed): bare Node for scale, `--help`, and
 * `run` (memo profile, against the reference, the plan already cached). Medians over repeated
 * runs, each a fresh process; `npm run bench` builds dist/ first.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const BIN = 'dist/bin/tcpconform.js';

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Wall-clock milliseconds of each of `rounds` runs of the command, which must exit as expected. */
function times(rounds: number, cmd: string, args: readonly string[], status: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
    out.push(performance.now() - t);
    if (r.status !== status) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  }
  return out;
}

export function benchStartup(rounds: number): string[] {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first`);
  const n = Math.max(rounds, 5);
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  // One uncounted run, which plans if the plan is not cached yet.
  times(1, process.execPath, [BIN, 'run'], 0);
  const bare = median(times(n, process.execPath, ['-e', '0'], 0));
  const help = median(times(n, process.execPath, [BIN, '--help'], 0));
  const npx = median(times(n, 'npx', ['--no-install', 'tcpconform', '--help'], 0));
  const run = median(times(n, process.execPath, [BIN, 'run'], 0));
  const json = median(times(n, process.execPath, [BIN, 'run', '--reporter', 'json'], 0));
  return [
    `start-up, compiled (${BIN}), medians over ${n} runs; bare \`node -e 0\` here: ${ms(bare)}`,
    `  \`tcpconform --help\`: ${ms(help)} (${(help / bare).toFixed(1)}x bare node; target <= 150 ms); through npx: ${ms(npx)}`,
    `  \`tcpconform run\` (memo, reference, plan cached): ${ms(run)} (${(run / bare).toFixed(1)}x bare node; target <= 400 ms); --reporter json: ${ms(json)}`,
  ];
}
