/**
 * An implementation that cannot run on this machine (the kernel adapter without root or TUN):
 * the run goes on, and every case is pending with the reason, never passed.
 */
import type { Adapter } from '../adapter.js';
import type { Reaction } from '../../core/reaction.js';
import type { Text } from '../i18n/text.js';

export function unavailableAdapter(name: string, reason: Text): Adapter {
  const never = (): Promise<Reaction> => Promise.reject(new Error(`internal: ${name} is unavailable and runs no case`));
  return {
    name,
    capabilities: { stateQuery: false, virtualClock: false, isnOverride: false },
    params: {},
    unavailable: reason,
    reset: () => Promise.resolve(),
    call: never,
    deliver: never,
    advance: never,
    close: () => Promise.resolve(),
  };
}
