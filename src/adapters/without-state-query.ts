/**
 * An adapter seen as if it could not report its state, as most implementations cannot (the
 * Linux kernel without ss, a student's program). The suite must then tell states apart by
 * behaviour alone: `run --no-state-query` and `mutate --no-state-query` show that it does.
 */
import type { Adapter } from '../adapter.js';

export function withoutStateQuery(inner: Adapter): Adapter {
  return {
    name: inner.name,
    capabilities: { ...inner.capabilities, stateQuery: false },
    params: inner.params,
    reset: (opts) => inner.reset(opts),
    call: (c) => inner.call(c),
    deliver: (s) => inner.deliver(s),
    advance: (ms) => inner.advance(ms),
    close: () => inner.close(),
    ...(inner.log ? { log: () => inner.log!() } : {}),
    ...(inner.realClock ? { realClock: inner.realClock } : {}),
    ...(inner.variant ? { variant: inner.variant } : {}),
    ...(inner.declared ? { declared: inner.declared } : {}),
    ...(inner.cannotCall ? { cannotCall: (call, state, role) => inner.cannotCall!(call, state, role) } : {}),
    ...(inner.unavailable ? { unavailable: inner.unavailable } : {}),
  };
}
