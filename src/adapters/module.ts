/**
 * `--module PATH`: an adapter written by the user in TypeScript or JavaScript. The module's
 * default export is an Adapter, or a function (possibly async) that returns one.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Adapter } from '../adapter.js';
import { UsageError } from '../errors.js';

/** The adapter module cannot be used: a usage error (exit 2), like any other bad argument. */
export class AdapterLoadError extends UsageError {}

const METHODS = ['reset', 'call', 'deliver', 'advance', 'close'] as const;
const FIELDS = ['capabilities', 'params'] as const;

/**
 * Whether Node treats the file as CommonJS: by its extension, or else by the "type" of the
 * nearest package.json, as Node itself decides.
 */
function isCommonJs(file: string): boolean {
  if (/\.c[jt]s$/.test(file)) return true;
  if (/\.m[jt]s$/.test(file)) return false;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    try {
      return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { type?: string }).type !== 'module';
    } catch {
      if (dirname(dir) === dir) return true;
    }
  }
}

/**
 * The module itself. tsx is loaded only here, and only for a module that needs it: Node 20
 * cannot run TypeScript, and the rest of tcpconform is JavaScript.
 */
async function importModule(file: string): Promise<{ default?: unknown }> {
  // A CommonJS module goes through tsx's scoped require: imported from ESM it could not itself
  // require tcpconform (an ES module) on every Node 20.
  if (isCommonJs(file)) {
    const { require: tsxRequire } = await import('tsx/cjs/api');
    return tsxRequire(file, import.meta.url) as { default?: unknown };
  }
  // An ES module in TypeScript: tsx's hooks for the imports from here on. tcpconform's own
  // modules are loaded already, so the adapter's `import 'tcpconform'` gets these very ones.
  if (/\.m?ts$/.test(file)) (await import('tsx/esm/api')).register();
  return (await import(pathToFileURL(file).href)) as { default?: unknown };
}

export async function loadModuleAdapter(path: string): Promise<Adapter> {
  let mod: { default?: unknown };
  const file = resolve(path);
  try {
    mod = await importModule(file);
  } catch (err) {
    throw new AdapterLoadError(`cannot load adapter module ${path}: ${(err as Error).message.split('\n')[0]}`);
  }
  const exported = mod.default;
  const adapter = (typeof exported === 'function' ? await (exported as () => unknown)() : exported) as
    | Partial<Adapter>
    | undefined;
  const missing = [
    ...METHODS.filter((m) => typeof adapter?.[m] !== 'function'),
    ...FIELDS.filter((f) => typeof adapter?.[f] !== 'object' || adapter[f] === null),
  ];
  if (missing.length > 0) {
    throw new AdapterLoadError(
      `adapter module ${path} must export default an Adapter (or a function returning one); missing: ${missing.join(', ')}`,
    );
  }
  return adapter as Adapter;
}
