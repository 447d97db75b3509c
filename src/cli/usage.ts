/**
 * Usage errors: one line on stderr, exit 2, never a stack trace.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';

export { UsageError };

export const EXIT = { ok: 0, failures: 1, usage: 2 } as const;

/** The values parseArgs gives for these options (named, so declarations can be emitted for it). */
type Values<T extends NonNullable<ParseArgsConfig['options']>> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: false }>
>['values'];

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T): Values<T> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
}

/** parse, for a command that also takes files after its flags (in any order). */
export function parseWithFiles<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
): { values: Values<T>; files: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals: true });
    return { values: values as Values<T>, files: positionals };
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
}

export function integer(value: string | undefined, flag: string, opts: { signed?: boolean } = {}): number | undefined {
  if (value === undefined) return undefined;
  if (!(opts.signed ? /^-?\d+$/ : /^\d+$/).test(value))
    throw new UsageError(`${flag} needs a whole number, got "${value}"`);
  return Number(value);
}

export function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}; got "${value}"`);
  return value as T;
}
