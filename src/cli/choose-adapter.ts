/**
 * Which implementation a run talks to: --adapter reference (the default), --module PATH,
 * --exec "COMMAND", --connect HOST:PORT or --kernel (this machine's Linux TCP). Each kind of
 * adapter is loaded only when chosen: the JSON-lines one brings zod, the kernel one its addon.
 */
import type { Adapter } from '../adapter.js';
import { DEFAULT_ENDPOINTS } from '../adapter.js';
import { ReferenceAdapter } from '../adapters/reference.js';
import { UsageError } from './usage.js';
import { checkParams } from '../params.js';
import { PARAMETER_DEFAULTS } from '../../generated/spec-data.js';

/** The flags that choose the implementation, for parseArgs: the same in every command that talks to one. */
export const ADAPTER_OPTIONS = {
  adapter: { type: 'string' },
  module: { type: 'string' },
  exec: { type: 'string' },
  connect: { type: 'string' },
  timeout: { type: 'string' },
} as const;

/** The kernel adapter's flags, for the commands that can run the suite against it. */
export const KERNEL_OPTIONS = {
  kernel: { type: 'boolean' },
  slow: { type: 'boolean' },
  settle: { type: 'string' },
} as const;

export interface AdapterChoice {
  readonly adapter?: string | undefined;
  readonly module?: string | undefined;
  readonly exec?: string | undefined;
  readonly connect?: string | undefined;
  readonly kernel?: boolean | undefined;
  /** Kernel: run timed tests however long they wait. */
  readonly slow?: boolean | undefined;
  /** Kernel: a reaction ends after this many quiet milliseconds. */
  readonly settleMs?: number | undefined;
  readonly seed?: number | undefined;
  readonly timeoutMs: number;
  /** A program or server: after this many tests in a row without an answer, wait less for each (0: never). */
  readonly hangLimit?: number | undefined;
}

export async function chooseAdapter(c: AdapterChoice): Promise<Adapter> {
  // Ctrl-C while the adapter opens (the kernel's starts its agent, then waits for it):
  // exit at once, which runs the exit hooks of what was made so far. withAdapter takes over after.
  const interrupted = () => process.exit(130);
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const adapter = await openAdapter(c);
    try {
      checkParams(adapter.name, adapter.params, Object.keys(PARAMETER_DEFAULTS));
    } catch (err) {
      await adapter.close();
      throw err;
    }
    return adapter;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
}

async function openAdapter(c: AdapterChoice): Promise<Adapter> {
  const given = (['adapter', 'module', 'exec', 'connect', 'kernel'] as const).filter((k) => c[k] !== undefined);
  if (given.length > 1) throw new UsageError(`--${given.join(' and --')} are alternatives; give one`);
  const opts = {
    timeoutMs: c.timeoutMs,
    endpoints: DEFAULT_ENDPOINTS,
    ...(c.hangLimit !== undefined ? { hangLimit: c.hangLimit } : {}),
  };
  if (c.exec !== undefined) {
    if (c.exec.trim() === '') throw new UsageError('--exec needs a command line');
    const [{ JsonLinesAdapter }, { startProcess }] = await Promise.all([
      import('../adapters/jsonl/adapter.js'),
      import('../adapters/jsonl/process.js'),
    ]);
    return JsonLinesAdapter.open(() => startProcess(c.exec!), { ...opts, label: `\`${c.exec}\`` });
  }
  if (c.connect !== undefined) {
    const { openConnection, parseHostPort } = await import('../adapters/jsonl/connect.js');
    const hp = parseHostPort(c.connect);
    if (!hp) throw new UsageError(`--connect needs HOST:PORT, got "${c.connect}"`);
    const { JsonLinesAdapter } = await import('../adapters/jsonl/adapter.js');
    return JsonLinesAdapter.open(() => openConnection(hp.host, hp.port), { ...opts, label: c.connect });
  }
  if (c.module !== undefined) return (await import('../adapters/module.js')).loadModuleAdapter(c.module);
  if (c.kernel) return openKernel(c);
  if (c.adapter !== undefined && c.adapter !== 'reference')
    throw new UsageError(`--adapter must be "reference" (or use --exec, --connect, --module); got "${c.adapter}"`);
  return new ReferenceAdapter(c.seed !== undefined ? { seed: c.seed } : {});
}

/** This machine's kernel; where it cannot be driven, an adapter whose every test is pending with the reason. */
async function openKernel(c: AdapterChoice): Promise<Adapter> {
  const [{ KernelAdapter }, { Unavailable }, { unavailableAdapter }, { t }] = await Promise.all([
    import('../adapters/kernel/adapter.js'),
    import('../adapters/kernel/unavailable.js'),
    import('../adapters/unavailable.js'),
    import('../i18n/text.js'),
  ]);
  try {
    return await KernelAdapter.open({
      ...(c.slow ? { slow: true } : {}),
      ...(c.settleMs !== undefined ? { settleMs: c.settleMs } : {}),
    });
  } catch (err) {
    if (!(err instanceof Unavailable)) throw err;
    return unavailableAdapter('linux-kernel', t('pending.unavailable', { adapter: 'kernel adapter', why: err.reason }));
  }
}

/**
 * `--jobs N` workers (run, fuzz): N implementations, each opened as one is opened alone. A module whose
 * default export is one adapter (not a function that makes one) gives the same object each
 * time: its cases then run one at a time.
 */
export async function openAdapters(
  choice: AdapterChoice,
  jobs: number,
  info: (line: string) => void,
): Promise<Adapter[]> {
  const opened = await Promise.allSettled(Array.from({ length: jobs }, () => chooseAdapter(choice)));
  const adapters = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  const failed = opened.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) {
    await Promise.all(adapters.map((a) => a.close()));
    throw failed.reason;
  }
  const distinct = [...new Set(adapters)];
  if (distinct.length < adapters.length)
    info(`--jobs ${jobs}: the module exports one adapter, not a function that makes one; its cases run one at a time`);
  return distinct;
}

/**
 * Run `body` with the adapter, then close it, also on Ctrl-C: an implementation we started
 * must not outlive us.
 */
export function withAdapter<T>(adapter: Adapter, body: () => Promise<T>): Promise<T> {
  return withAdapters([adapter], body);
}

/** withAdapter for a parallel run's adapters: each closed, its own process or namespace ended. */
export async function withAdapters<T>(adapters: readonly Adapter[], body: () => Promise<T>): Promise<T> {
  const closeAll = () => Promise.all(adapters.map((a) => a.close()));
  const interrupted = () => {
    void closeAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    return await body();
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await closeAll();
  }
}
