/**
 * The reference adapter: the generated reference endpoint, in process, on a virtual clock.
 */
import { EndpointHost } from '../../generated/reference/host.js';
import { ReferenceEndpoint } from '../../generated/reference/endpoint.js';
import { DEFAULT_ENDPOINTS, type Adapter, type AppCall, type Capabilities, type Endpoints, type Reaction, type ResetOptions } from '../adapter.js';
import type { Segment } from '../segment.js';

export interface ReferenceOptions {
  /** Seeds the ISN secret, so a run can be reproduced. */
  readonly seed?: number;
  readonly endpoints?: Endpoints;
  readonly trace?: (line: string) => void;
}

export class ReferenceAdapter implements Adapter {
  readonly name = 'reference';
  readonly capabilities: Capabilities = { stateQuery: true, virtualClock: true, isnOverride: true };
  readonly params: Readonly<Record<string, number>>;
  private readonly host: EndpointHost;
  private endpoint: ReferenceEndpoint;

  constructor(opts: ReferenceOptions = {}) {
    const ends = opts.endpoints ?? DEFAULT_ENDPOINTS;
    this.host = new EndpointHost({
      local: ends.iut,
      remote: ends.peer,
      secret: `tcpconform-${opts.seed ?? 0}`,
      ...(opts.trace ? { trace: opts.trace } : {}),
    });
    this.params = this.host.params;
    this.endpoint = new ReferenceEndpoint(this.host);
  }

  async reset(opts: ResetOptions): Promise<void> {
    // A new connection on the same host: the ISN clock and secret carry on, as in a real stack.
    this.host.stopAllTimers();
    this.host.take();
    this.host.forceIsn(opts.isn);
    this.endpoint = new ReferenceEndpoint(this.host);
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
