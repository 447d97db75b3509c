/**
 * The adapter interface: the one way tcpconform talks to an implementation under test (IUT).
 * Cut along the lines of an engine (deliver a segment, collect what it sent, advance time),
 * so it is easy to implement for any TCP-like engine. Every method returns everything the IUT
 * did in response, so the harness never sleeps or guesses when the IUT is done.
 */
import type { Capability, CallName, TestCase, Variant } from '../core/case.js';
import type { Reaction } from '../core/reaction.js';
import type { Segment } from '../core/segment.js';
import { render, type Text } from './i18n/text.js';

export interface AppCall {
  readonly call: CallName;
  /** The data of a send call. */
  readonly data?: Uint8Array;
}

export type Capabilities = Readonly<Record<Capability, boolean>>;

/** Addresses and ports of the one connection a test makes. */
export interface Endpoints {
  readonly iut: { readonly addr: string; readonly port: number };
  readonly peer: { readonly addr: string; readonly port: number };
}

/** TEST-NET addresses (RFC 5737): they only ever name the two ends inside a test. */
export const DEFAULT_ENDPOINTS: Endpoints = {
  iut: { addr: '192.0.2.1', port: 7000 },
  peer: { addr: '192.0.2.2', port: 9000 },
};

export interface ResetOptions {
  /** Use this ISN for the next connection (only if capabilities.isnOverride). */
  readonly isn?: number;
}

/**
 * A clock that runs in real time (a kernel, a program on its own timers): `advance` waits. A
 * timed expectation then holds if the event comes within max(toleranceMs, tolerancePct % of
 * the time waited) of when the spec says, as packetdrill judges timing.
 */
export interface RealClock {
  readonly toleranceMs: number;
  readonly tolerancePct: number;
  /** A case that would wait longer than this in all is pending (TIME_WAIT is 60 s on Linux). */
  readonly limitMs: number;
}

export interface Adapter {
  readonly name: string;
  readonly capabilities: Capabilities;
  /** The implementation family it belongs to (Linux): a run accepts the family's known variations (spec `variations:`). */
  readonly variant?: Variant;
  /** Present when time is real (capabilities.virtualClock false): timed cases run with tolerance windows. */
  readonly realClock?: RealClock;
  /**
   * Why the implementation's interface cannot make `call` in `state` (the socket API has no
   * handle on a passively opened connection before accept()), or undefined if it can. A case
   * that needs such a call is pending with the reason.
   */
  cannotCall?(call: CallName, state: string, role: TestCase['role']): string | undefined;
  /** Set when the implementation cannot run on this machine: every case is pending with this reason. */
  readonly unavailable?: Text;
  /**
   * What the implementation declares of itself, in the form of a `run --variations` file (a
   * YAML or JSON object with `variations:` and `cannot_call:`): where it knowingly differs from
   * the spec, its parameter values, the calls its interface cannot make. A run checks it as it
   * would that file (`file:line:col`, exit 2) and reports the variations it shows as known ones.
   */
  readonly declared?: Readonly<Record<string, unknown>> | undefined;
  /** The IUT's parameters (MSS, MSL, …); any it does not give take the spec's defaults. */
  readonly params: Readonly<Record<string, number>>;
  /** Forget any connection; the next test starts in CLOSED. Clocks and secrets may persist. */
  reset(opts: ResetOptions): Promise<void>;
  /** An application call: listen (on endpoints.iut.port), connect (to endpoints.peer), send, close, abort. */
  call(call: AppCall): Promise<Reaction>;
  /** A segment from the peer arrives. */
  deliver(segment: Segment): Promise<Reaction>;
  /** Time passes (virtual time if capabilities.virtualClock, otherwise real time). */
  advance(ms: number): Promise<Reaction>;
  /** The IUT's connection state, by its RFC name with underscores (only if capabilities.stateQuery). */
  state?(): Promise<string>;
  /** Release everything the adapter holds. */
  close(): Promise<void>;
  /** The implementation's recent log lines (a process's stderr), shown under a failing test. */
  log?(): string[];
}

/**
 * The implementation misbehaved (hung, crashed, wrote garbage): the current test fails with
 * this message, and the adapter recovers before the next one.
 */
export class ImplementationError extends Error {
  constructor(readonly text: Text) {
    super(render(text, 'en'));
  }
}
