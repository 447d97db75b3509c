/**
 * The TUN addon (tun.c), compiled on first use with the system C compiler against the running
 * Node's own headers, and kept in node_modules/.cache so later runs load it at once. A plain
 * compiler call, not node-gyp: one C file needs no build system, and a student who never
 * runs the kernel adapter never needs a compiler.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CACHE_DIR as CACHE } from '../../cache-dir.js';
import { PACKAGE_ROOT } from '../../../core/package-root.js';
import { Unavailable } from './unavailable.js';

// The C source stays beside the TypeScript (the package ships it); dist/ has only JavaScript.
const SOURCE = join(PACKAGE_ROOT, 'src', 'adapters', 'kernel', 'tun.c');

/** The path of the compiled addon, building it if this Node has none yet. */
export function tunAddon(): string {
  const source = readFileSync(SOURCE);
  const key = createHash('sha256')
    .update(source)
    .update(process.versions.modules)
    .update(process.arch)
    .digest('hex')
    .slice(0, 16);
  const out = join(CACHE, `tun-${key}.node`);
  if (existsSync(out)) return out;
  const include = resolve(dirname(process.execPath), '..', 'include', 'node');
  if (!existsSync(join(include, 'node_api.h')))
    throw new Unavailable(`Node's C headers are not at ${include} (needed to build the TUN addon)`);
  mkdirSync(CACHE, { recursive: true });
  // Built under a name of its own, then renamed: two runs building at once never load half a file.
  const partial = `${out}.${process.pid}.tmp`;
  const cc = spawnSync(process.env.CC ?? 'cc', ['-shared', '-fPIC', '-O2', '-I', include, SOURCE, '-o', partial], {
    encoding: 'utf8',
  });
  if (cc.error) throw new Unavailable(`no C compiler to build the TUN addon (${cc.error.message}); install gcc`);
  if (cc.status !== 0)
    throw new Unavailable(`building the TUN addon failed: ${cc.stderr.trim().split('\n')[0] ?? `exit ${cc.status}`}`);
  renameSync(partial, out);
  return out;
}
