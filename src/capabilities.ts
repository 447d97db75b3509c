/**
 * What each capability an adapter declares enables, for the contract (docs/contract.md): its
 * name in the Adapter interface and in the adapter protocol's init_ok, what it enables, and
 * the reasons a run gives for a test that needs it when the adapter lacks it (the same
 * catalog entries, so the contract says what a run says).
 */
import type { Capability } from '../core/case.js';
import type { MessageKey } from './i18n/catalog.js';

export interface CapabilityMeaning {
  readonly name: Capability | 'rawHeaders';
  /** As init_ok.capabilities names it (docs/adapter-protocol.md). */
  readonly wire: string;
  readonly enables: MessageKey;
  /** Why a test that needs it is pending without it; none when no test needs it. */
  readonly pending: readonly MessageKey[];
}

export const CAPABILITY_MEANINGS: readonly CapabilityMeaning[] = [
  {
    name: 'stateQuery',
    wire: 'state_query',
    enables: 'capability.stateQuery',
    pending: ['pending.stateQuery', 'pending.identifyClock'],
  },
  {
    name: 'virtualClock',
    wire: 'virtual_clock',
    enables: 'capability.virtualClock',
    pending: ['pending.virtualClock'],
  },
  { name: 'isnOverride', wire: 'isn_override', enables: 'capability.isnOverride', pending: ['pending.isnOverride'] },
  { name: 'rawHeaders', wire: 'raw_headers', enables: 'capability.rawHeaders', pending: [] },
];
