/**
 * The one key of an input: what tells one state's transitions apart by the input they take,
 * and what the spec's checks, the plan, the machine, coverage and fuzz all look inputs up by.
 * "call listen", "segment SYN+ACK" (the control flags in canonical order, PSH ignored, and
 * "(none)" for none: see controlKey) or "timer rexmt". Made once per name or flag set.
 */
import { remembered } from './memo.js';
import { controlKey, type Flag } from './segment.js';
import type { Input } from './spec/types.js';

export type InputKey = `call ${string}` | `segment ${string}` | `timer ${string}`;

const CALLS = new Map<string, InputKey>();
const SEGMENTS = new Map<string, InputKey>();
const TIMERS = new Map<string, InputKey>();

export const callKey = (call: string): InputKey => remembered(CALLS, call, (): InputKey => `call ${call}`);

export const segmentKey = (flags: readonly Flag[]): InputKey => {
  const ctl = controlKey(flags);
  return remembered(SEGMENTS, ctl, (): InputKey => `segment ${ctl}`);
};

export const timerKey = (timer: string): InputKey => remembered(TIMERS, timer, (): InputKey => `timer ${timer}`);

/** The key of a transition's (or an unspecified entry's) input. */
export function inputKey(input: Input): InputKey {
  switch (input.kind) {
    case 'call':
      return callKey(input.call);
    case 'segment':
      return segmentKey(input.ctl);
    case 'timer':
      return timerKey(input.timer);
  }
}
