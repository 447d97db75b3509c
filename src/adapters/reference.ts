/**
 * The reference adapter: the generated reference endpoint, in process, on a virtual clock.
 * By default it runs the reference generated from this package's spec; tests and mutation
 * runs can hand it another generated reference (`create`).
 */
import { createReference } from '../../generated/reference/index.js';
import {
  DEFAULT_ENDPOINTS,
  type Adapter,
  type AppCall,
  type Capabilities,
  type Endpoints,
  type ResetOptions,
} from '../adapter.js';
import type { Reaction } from '../../core/reaction.js';
import type { CallName } from '../../core/case.js';
import type { Segment } from '../../core/segment.js';
import { ISN_TICK_PARAMETER } from '../params.js';

/** The reference's ISN clock ticks every 4 µs, as RFC 9293 §3.4.1 suggests; it declares so. */
const ISN_TICK_MICROS = 4;

/** What the adapter needs of a generated reference (generated/reference/index.ts). */
export interface ReferenceParts {
  readonly host: {
    specParams(): Record<string, number>;
    stopAllTimers(): void;
    take(): Reaction;
    forceIsn(isn: number | undefined): void;
    advance(ms: number, fire: (timer: string) => void): void;
  };
  endpoint(): {
    readonly state: string;
    call(call: CallName, data: Uint8Array): boolean;
    segment(seg: Segment): boolean;
    timer(name: string): boolean;
  };
}

export type CreateReference = (opts: Parameters<typeof createReference>[0]) => ReferenceParts;

export interface ReferenceOptions {
  /** Seeds the ISN secret, so a run can be reproduced. */
  readonly seed?: number;
  readonly endpoints?: Endpoints;
  readonly trace?: (line: string) => void;
  /** Another generated reference to run instead of this package's. */
  readonly create?: CreateReference;
}

export class ReferenceAdapter implements Adapter {
  readonly name = 'reference';
  readonly capabilities: Capabilities = { stateQuery: true, virtualClock: true, isnOverride: true };
  readonly params: Readonly<Record<string, number>>;
  private readonly parts: ReferenceParts;
  private endpoint: ReturnType<ReferenceParts['endpoint']>;

  constructor(opts: ReferenceOptions = {}) {
    const ends = opts.endpoints ?? DEFAULT_ENDPOINTS;
    this.parts = (opts.create ?? createReference)({
      local: ends.iut,
      remote: ends.peer,
      secret: `tcpconform-${opts.seed ?? 0}`,
      isnTickMicros: ISN_TICK_MICROS,
      ...(opts.trace ? { trace: opts.trace } : {}),
    });
    this.params = { ...this.parts.host.specParams(), [ISN_TICK_PARAMETER]: ISN_TICK_MICROS * 1000 };
    this.endpoint = this.parts.endpoint();
  }

  private get host(): ReferenceParts['host'] {
    return this.parts.host;
  }

  async reset(opts: ResetOptions): Promise<void> {
    // A new connection on the same host: the ISN clock and secret carry on, as in a real stack.
    this.host.stopAllTimers();
    this.host.take();
    this.host.forceIsn(opts.isn);
    this.endpoint = this.parts.endpoint();
  }

  async call(c: AppCall): Promise<Reaction> {
    this.endpoint.call(c.call, c.data ?? new Uint8Array(0));
    return this.host.take();
  }

  async deliver(segment: Segment): Promise<Reaction> {
    this.endpoint.segment(segment);
    return this.host.take();
  }

  async advance(ms: number): Promise<Reaction> {
    this.host.advance(ms, (timer) => this.endpoint.timer(timer));
    return this.host.take();
  }

  async state(): Promise<string> {
    return this.endpoint.state;
  }

  async close(): Promise<void> {
    this.host.stopAllTimers();
  }
}
