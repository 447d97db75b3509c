/**
 * A digest of everything generation reads: the spec files, the generator's own sources and
 * templates, and the shared core (spec model, expressions, case shapes, sequence arithmetic).
 * It is written into generated/ with the output, so `run` can tell in milliseconds that the
 * output is fresh instead of generating again (which plans every case); `generate --check`
 * and the freshness test still compare every byte.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PACKAGE_ROOT } from '../core/package-root.js';

export const DIGEST_FILE = 'inputs.sha256';

// The sources, also when this runs compiled from dist/: the package ships them, so an
// installed copy computes the digest its generated/ was written with.
const GENERATOR_DIR = join(PACKAGE_ROOT, 'generator');
const CORE_DIR = join(PACKAGE_ROOT, 'core');

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? filesUnder(p, keep) : keep(name) ? [p] : [];
    });
}

export function inputsDigest(specDir: string): string {
  const hash = createHash('sha256');
  const add = (root: string, files: readonly string[]) => {
    for (const f of files)
      hash
        .update(`${relative(root, f)}\0`)
        .update(readFileSync(f))
        .update('\0');
  };
  add(
    specDir,
    filesUnder(specDir, (n) => /\.ya?ml$/.test(n)),
  );
  add(
    GENERATOR_DIR,
    filesUnder(GENERATOR_DIR, (n) => /\.(ts|hbs)$/.test(n)),
  );
  add(
    CORE_DIR,
    filesUnder(CORE_DIR, (n) => n.endsWith('.ts')),
  );
  return `${hash.digest('hex')}\n`;
}

/** Is the output in outDir generated from these very inputs? */
export function digestMatches(specDir: string, outDir: string): boolean {
  try {
    return readFileSync(join(outDir, DIGEST_FILE), 'utf8') === inputsDigest(specDir);
  } catch {
    return false;
  }
}
