/**
 * Which implementation a run talks to: --adapter reference (the default), --module PATH,
 * --exec "COMMAND", --connect HOST:PORT or --kernel (this machine's Linux TCP).
 */
import type { Adapter } from '../adapter.js';
import { DEFAULT_ENDPOINTS } from '../adapter.js';
import { JsonLinesAdapter } from '../adapters/jsonl/adapter.js';
import { openConnection, parseHostPort } from '../adapters/jsonl/connect.js';
import { startProcess } from '../adapters/jsonl/process.js';
import { loadModuleAdapter } from '../adapters/module.js';
import { ReferenceAdapter } from '../adapters/reference.js';
import { KernelAdapter } from '../adapters/kernel/adapter.js';
import { Unavailable } from '../adapters/kernel/unavailable.js';
import { unavailableAdapter } from '../adapters/unavailable.js';
import { t } from '../i18n/text.js';
import { UsageError } from './usage.js';

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
}

export async function chooseAdapter(c: AdapterChoice): Promise<Adapter> {
  const given = (['adapter', 'module', 'exec', 'connect', 'kernel'] as const).filter((k) => c[k] !== undefined);
  if (given.length > 1) throw new UsageError(`--${given.join(' and --')} are alternatives; give one`);
  const opts = { timeoutMs: c.timeoutMs, endpoints: DEFAULT_ENDPOINTS };
  if (c.exec !== undefined) {
    if (c.exec.trim() === '') throw new UsageError('--exec needs a command line');
    return JsonLinesAdapter.open(() => startProcess(c.exec!), { ...opts, label: `\`${c.exec}\`` });
  }
  if (c.connect !== undefined) {
    const hp = parseHostPort(c.connect);
    if (!hp) throw new UsageError(`--connect needs HOST:PORT, got "${c.connect}"`);
    return JsonLinesAdapter.open(() => openConnection(hp.host, hp.port), { ...opts, label: c.connect });
  }
  if (c.module !== undefined) return loadModuleAdapter(c.module);
  if (c.kernel) return openKernel(c);
  if (c.adapter !== undefined && c.adapter !== 'reference')
    throw new UsageError(`--adapter must be "reference" (or use --exec, --connect, --module); got "${c.adapter}"`);
  return new ReferenceAdapter(c.seed !== undefined ? { seed: c.seed } : {});
}

/** This machine's kernel; where it cannot be driven, an adapter whose every test is pending with the reason. */
async function openKernel(c: AdapterChoice): Promise<Adapter> {
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
 * Run `body` with the adapter, then close it, also on Ctrl-C: an implementation we started
 * must not outlive us.
 */
export async function withAdapter<T>(adapter: Adapter, body: () => Promise<T>): Promise<T> {
  const interrupted = () => {
    void adapter.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    return await body();
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await adapter.close();
  }
}
