/** Where the package's own spec and generated files are, wherever it is installed. */
import { join, relative } from 'node:path';
import { PACKAGE_ROOT } from '../../core/package-root.js';

export const DEFAULT_SPEC_DIR = join(PACKAGE_ROOT, 'spec');
export const DEFAULT_OUT_DIR = join(PACKAGE_ROOT, 'generated');

/** A path as short as possible for messages. */
export function shown(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel === '' ? '.' : rel.startsWith('..') ? p : rel;
}
