/**
 * What RFC 9293 lets an implementation do besides the one behaviour the spec's transitions
 * write down (spec/latitude.yaml): an ACK later, several ACKs as one, an ACK riding on
 * another segment, a timer on a coarse tick, a RST that also carries ACK, a window update or
 * a keep-alive probe sent besides what the spec sends, a short segment held back while data
 * is unacknowledged (Nagle) and sent joined with what follows, a FIN riding on the last data,
 * a RST in TIME_WAIT ignored (RFC 1337); in a capture (`check` applies these, the run's judge
 * not yet), data after a close answered with a RST (a half-duplex close), and a reset
 * connection's late segments left unanswered, and a pure ACK sent besides. The judge (src/judge/) reads these allowances;
 * each cites its RFC 9293 section and the Appendix B labels it rests on, and a run without
 * them judges exactly.
 */

/** The kinds of latitude the judge knows how to apply. */
export const ALLOWANCE_KINDS = [
  'delayed_ack',
  'cumulative_ack',
  'ack_on_segment',
  'timer_granularity',
  'rst_with_ack',
  'rto',
  'rto_floor',
  'tail_loss_probe',
  'window_update',
  'keep_alive',
  'time_wait_rst',
  'nagle',
  'data_with_fin',
  'rst_after_close',
  'quiet_after_reset',
  'extra_ack',
] as const;
export type AllowanceKind = (typeof ALLOWANCE_KINDS)[number];

/**
 * allowed: a departure within the latitude is no departure at all; warning: it passes but is
 * shown and counted (the spec's form is what the RFC describes, this one only does no harm).
 */
export const ALLOWANCE_LEVELS = ['allowed', 'warning'] as const;
export type AllowanceLevel = (typeof ALLOWANCE_LEVELS)[number];

export interface Allowance {
  readonly id: string;
  readonly allows: AllowanceKind;
  readonly rfc: string;
  readonly labels: readonly string[];
  readonly level: AllowanceLevel;
  /** For delayed_ack: how long an ACK may wait, in ms. */
  readonly withinMs?: number;
  readonly why: string;
}

/** The name of the parameter an implementation declares its timer granularity with (ms; 0 when it gives none). */
export const GRANULARITY_PARAMETER = 'GRANULARITY';

/** The name of the parameter an implementation declares the lower bound of its RTO with (ms; RFC 6298 (2.4) asks 1 s). */
export const RTO_MIN_PARAMETER = 'RTO_MIN';
/**
 * The name of the parameter an implementation declares its keep-alive idle time with (ms; 0
 * or absent: keep-alives off, as MUST-25 makes the default).
 */
export const KEEPALIVE_PARAMETER = 'KEEPALIVE';
/** The name of the parameter an implementation declares that it runs RACK-TLP (RFC 8985) with (1; 0 or absent: it does not). */
export const TLP_PARAMETER = 'TLP';

/** The allowances of a spec, by kind (each kind appears at most once: the model checks it). */
export type Latitude = ReadonlyMap<AllowanceKind, Allowance>;

export function latitudeOf(allowances: readonly Allowance[]): Latitude {
  return new Map(allowances.map((a) => [a.allows, a]));
}

/** No latitude: every output exactly as the spec's transitions write it. */
export const EXACT: Latitude = new Map();

/** The parameters an implementation reports besides the spec's (the judge and reports read them, the plan does not). */
export const TOOL_PARAMETER_NAMES = [RTO_MIN_PARAMETER, GRANULARITY_PARAMETER, KEEPALIVE_PARAMETER, TLP_PARAMETER];
