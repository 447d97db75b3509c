/**
 * `tcpconform generate [--spec DIR] [--out DIR] [--check]`
 */
import { resolve } from 'node:path';
import { compareWithDisk, writeFiles } from '../../generator/write.js';
import type { Io } from './io.js';
import { DEFAULT_OUT_DIR, DEFAULT_SPEC_DIR, shown } from './paths.js';
import { generateOnce } from './plan.js';
import { EXIT, parse } from './usage.js';

export async function generateCommand(args: string[], io: Io): Promise<number> {
  const opts = parse(args, {
    spec: { type: 'string' },
    out: { type: 'string' },
    check: { type: 'boolean' },
  });
  const specDir = opts.spec ? resolve(opts.spec) : DEFAULT_SPEC_DIR;
  const outDir = opts.out ? resolve(opts.out) : DEFAULT_OUT_DIR;
  const started = performance.now();
  const g = await generateOnce(specDir);
  if (opts.check) {
    const problems = compareWithDisk(g.files, outDir);
    if (problems.length > 0) {
      for (const p of problems) io.stderr.write(`${p}\n`);
      io.stderr.write(`${shown(outDir)} is not what ${shown(specDir)} generates: run \`npx tcpconform generate\`\n`);
      return EXIT.failures;
    }
    io.stdout.write(`${shown(outDir)} is up to date (${g.files.size} files, ${g.cases.length} test cases)\n`);
    return EXIT.ok;
  }
  writeFiles(g.files, outDir);
  const ms = (performance.now() - started).toFixed(0);
  io.stdout.write(
    `generated ${g.files.size} files in ${shown(outDir)}: ${g.cases.length} test cases for ${g.spec.transitions.length} transitions and ${g.spec.rules.length} rules (${ms} ms)\n`,
  );
  return EXIT.ok;
}
