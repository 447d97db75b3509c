/**
 * What each capability an adapter declares enables, for the contract (docs/contract.md): its
 * name in the Adapter interface and in the adapter protocol's init_ok, and the reason a run
 * gives for a test that needs it when the adapter lacks it (the same catalog entry).
 */
import type { Capability } from '../core/case.js';
import type { MessageKey } from './i18n/catalog.js';

export interface CapabilityMeaning {
  readonly name: Capability | 'rawHeaders';
  /** As init_ok.capabilities names it (docs/adapter-protocol.md). */
  readonly wire: string;
  readonly enables: string;
  /** Why a test that needs it is pending without it, as a run says it; none when no test needs it. */
  readonly pending: readonly MessageKey[];
}

export const CAPABILITY_MEANINGS: readonly CapabilityMeaning[] = [
  {
    name: 'stateQuery',
    wire: 'state_query',
    enables:
      "the state query (STATUS, RFC 9293 §3.10.6): after each step the harness asks the state and compares it with the spec's next state; without it, the state reached is told by outputs alone (identifying sequences, run again from the start)",
    pending: ['pending.stateQuery', 'pending.identifyClock'],
  },
  {
    name: 'virtualClock',
    wire: 'virtual_clock',
    enables:
      "time that passes only when the tester says (advance): a timer of any length (2*MSL, the back-off up to giving up) is checked exactly and at once; without it, time is real and timed steps are judged within a tolerance, and tests that wait longer than the adapter's limit are pending",
    pending: ['pending.virtualClock'],
  },
  {
    name: 'isnOverride',
    wire: 'isn_override',
    enables:
      "the tester chooses the implementation's next ISN (reset with isn): the cases where its sequence numbers wrap past 2^32-1 run",
    pending: ['pending.isnOverride'],
  },
  {
    name: 'rawHeaders',
    wire: 'raw_headers',
    enables:
      'segments also travel as real TCP headers (raw, base64) over the wire protocol, for an engine that parses and builds its own (--exec and --connect only)',
    pending: [],
  },
];
