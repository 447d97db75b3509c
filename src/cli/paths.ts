/** Where the package's own spec and generated files are, wherever it is installed. */
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_SPEC_DIR = join(PACKAGE_ROOT, 'spec');
export const DEFAULT_OUT_DIR = join(PACKAGE_ROOT, 'generated');

/** A path as short as possible for messages. */
export function shown(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel === '' ? '.' : rel.startsWith('..') ? p : rel;
}
