/**
 * A reference built by interpreting a spec model directly, instead of generating code from
 * it: the same host (clock, timers, ISN) as the generated reference, and the spec run as a
 * machine on plain numbers (core/machine.ts, with the actions of core/actions.ts). It exists
 * so that hundreds of spec mutants can each become a running implementation in microseconds;
 * the spec-mutants test keeps it in step with the generated reference.
 */
import type { Spec } from '../../core/spec/types.js';
import { fieldName } from '../../core/spec/names.js';
import { EndpointHost, type HostOptions } from '../../generated/reference/host.js';
import type { CreateReference, ReferenceParts } from '../adapters/reference.js';
import type { CallName } from '../../core/case.js';
import type * as wire from '../../core/segment.js';
import { Connection, machineOf, perform, transitionFor, type Machine, type MachineInput } from '../../core/machine.js';

const NO_DATA = new Uint8Array(0);

/** The endpoint the generated reference's host drives, as it drives the generated one. */
export class InterpretedEndpoint {
  private readonly c: Connection;

  constructor(
    private readonly machine: Machine,
    private readonly host: EndpointHost,
  ) {
    this.c = Connection.initial(machine);
  }

  get state(): string {
    return this.c.state;
  }

  /** Move to another state with the variables as they are: how that state would answer from here. */
  enter(state: string): void {
    this.c.state = state;
  }

  call(call: CallName, data: Uint8Array): boolean {
    return this.take({ kind: 'call', call, data: data ?? NO_DATA });
  }

  segment(seg: wire.Segment): boolean {
    return this.take({ kind: 'segment', seg });
  }

  timer(name: string): boolean {
    return this.take({ kind: 'timer', timer: name });
  }

  private take(input: MachineInput): boolean {
    const t = transitionFor(this.machine, this.c, input, this.host);
    if (!t) return false;
    const from = this.c.state;
    perform(this.machine, this.c, t, input, this.host);
    // Every transition taken is traced, a self-loop too, as in the generated endpoint.
    this.host.trace(`${from} -> ${t.to} (${t.id})`);
    return true;
  }
}

/** A reference for `ReferenceAdapter({ create })`, running the given spec model. */
export function interpretedReference(spec: Spec): CreateReference {
  const machine = machineOf(spec);
  const params = Object.fromEntries(spec.parameters.map((p) => [fieldName(p.name), p.default]));
  return (opts: HostOptions): ReferenceParts => {
    const host = new EndpointHost({ ...opts, params: { ...params, ...opts.params } });
    return { host, endpoint: () => new InterpretedEndpoint(machine, host) };
  };
}
