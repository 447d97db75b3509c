/**
 * Which implementation a run talks to: --adapter reference (the default), --module PATH,
 * --exec "COMMAND" or --connect HOST:PORT.
 */
import type { Adapter } from '../adapter.js';
import { DEFAULT_ENDPOINTS } from '../adapter.js';
import { JsonLinesAdapter } from '../adapters/jsonl/adapter.js';
import { openConnection, parseHostPort } from '../adapters/jsonl/connect.js';
import { startProcess } from '../adapters/jsonl/process.js';
import { loadModuleAdapter } from '../adapters/module.js';
import { ReferenceAdapter } from '../adapters/reference.js';
import { UsageError } from './usage.js';

/** The flags that choose the implementation, for parseArgs: the same in every command that talks to one. */
export const ADAPTER_OPTIONS = {
  adapter: { type: 'string' },
  module: { type: 'string' },
  exec: { type: 'string' },
  connect: { type: 'string' },
  timeout: { type: 'string' },
} as const;

export interface AdapterChoice {
  readonly adapter?: string | undefined;
  readonly module?: string | undefined;
  readonly exec?: string | undefined;
  readonly connect?: string | undefined;
  readonly seed?: number | undefined;
  readonly timeoutMs: number;
}

export async function chooseAdapter(c: AdapterChoice): Promise<Adapter> {
  const given = (['adapter', 'module', 'exec', 'connect'] as const).filter((k) => c[k] !== undefined);
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
  if (c.adapter !== undefined && c.adapter !== 'reference') throw new UsageError(`--adapter must be "reference" (or use --exec, --connect, --module); got "${c.adapter}"`);
  return new ReferenceAdapter(c.seed !== undefined ? { seed: c.seed } : {});
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
