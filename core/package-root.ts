/**
 * The package's root directory (the one with package.json), the same whether this code runs
 * from its TypeScript sources or compiled into dist/: the files read at run time (the spec,
 * the templates, the kernel adapter's C source) are found from here, in a checkout and in an
 * installed package alike.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function packageRootAbove(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
    if (dirname(d) === d) throw new Error(`internal: no package.json above ${dir}`);
  }
}

export const PACKAGE_ROOT = packageRootAbove(dirname(fileURLToPath(import.meta.url)));
