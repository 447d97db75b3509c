/**
 * A reference built by interpreting a spec model directly, instead of generating code from
 * it: the same host (clock, timers, ISN) as the generated reference, and the same meaning
 * for every action, evaluated with the planner's expression interpreter on plain numbers.
 * It exists so that hundreds of spec mutants can each become a running implementation in
 * microseconds; test/interpret.test.ts keeps it in step with the generated reference.
 */
import { abs, asSym, evaluate, type Env, type Value } from '../../generator/expr/evaluate.js';
import type { Expr } from '../../generator/expr/ast.js';
import type { Action, Spec, Transition } from '../../generator/model/types.js';
import { EndpointHost, type HostOptions } from '../../generated/reference/host.js';
import type { CreateReference, ReferenceParts } from '../adapters/reference.js';
import type { CallName } from '../case.js';
import * as wire from '../segment.js';
import * as seq from '../seq.js';

/** The transitions of each state, by input: the order within each list is the spec's. */
interface Index {
  readonly call: ReadonlyMap<string, readonly Transition[]>;
  readonly segment: ReadonlyMap<string, readonly Transition[]>;
  readonly timer: ReadonlyMap<string, readonly Transition[]>;
}

function indexOf(spec: Spec): ReadonlyMap<string, Index> {
  const byState = new Map<string, { call: Map<string, Transition[]>; segment: Map<string, Transition[]>; timer: Map<string, Transition[]> }>();
  for (const t of spec.transitions) {
    let i = byState.get(t.from);
    if (!i) byState.set(t.from, (i = { call: new Map(), segment: new Map(), timer: new Map() }));
    const [map, key] =
      t.input.kind === 'call' ? [i.call, t.input.call] : t.input.kind === 'segment' ? [i.segment, wire.controlKey(t.input.ctl)] : [i.timer, t.input.timer];
    map.set(key, [...(map.get(key) ?? []), t]);
  }
  return byState;
}

const NO_DATA = new Uint8Array(0);

/** What one input brings: the segment's fields, or the data of a send call. */
interface Input {
  readonly seg?: wire.Segment;
  readonly data: Uint8Array;
}

/** What every endpoint of one spec shares: the index, and which names are parameters. */
interface Machine {
  readonly initial: string;
  readonly index: ReadonlyMap<string, Index>;
  readonly parameters: ReadonlySet<string>;
  /** Some transition resends, so the data sent is kept (as the generated endpoint does). */
  readonly keepsData: boolean;
}

class InterpretedEndpoint {
  state: string;
  private readonly v = new Map<string, number>();
  private sent: { start: number; data: Uint8Array } | undefined;

  constructor(
    private readonly machine: Machine,
    private readonly host: EndpointHost,
  ) {
    this.state = machine.initial;
  }

  call(call: CallName, data: Uint8Array): boolean {
    return this.take(this.machine.index.get(this.state)?.call.get(call), { data });
  }

  segment(seg: wire.Segment): boolean {
    return this.take(this.machine.index.get(this.state)?.segment.get(wire.controlKey(seg.flags)), { seg, data: seg.payload });
  }

  timer(name: string): boolean {
    return this.take(this.machine.index.get(this.state)?.timer.get(name), { data: NO_DATA });
  }

  /** The first transition whose guard holds takes the input, as in the generated if-chain. */
  private take(candidates: readonly Transition[] | undefined, input: Input): boolean {
    const env = this.env(input);
    const t = candidates?.find((c) => !c.input.guard || evaluate(c.input.guard.tree, env) === true);
    if (!t) return false;
    for (const a of t.actions) this.perform(a, env, input);
    // Every transition taken is traced, a self-loop too, as in the generated endpoint.
    this.host.trace(`${this.state} -> ${t.to} (${t.id})`);
    this.state = t.to;
    return true;
  }

  private env(input: Input): Env {
    const params = this.host.params as Readonly<Record<string, number>>;
    const field = (name: string): Value => {
      const s = input.seg;
      switch (name) {
        case 'SEG.SEQ':
          return abs(s?.seq ?? 0);
        case 'SEG.ACK':
          return abs(s?.ack ?? 0);
        case 'SEG.LEN':
          return abs(s ? wire.segLen(s) : 0);
        case 'SEG.DATA':
          return abs(s?.payload.length ?? 0);
        case 'SEG.WND':
          return abs(s?.window ?? 0);
        case 'SEG.MSS':
          return s?.mss === undefined ? undefined : abs(s.mss);
        case 'CALL.LEN':
          return abs(input.data.length);
        default:
          if (this.machine.parameters.has(name)) return abs(params[name.replace(/\./g, '_')]!);
          // Variables start at 0, as the generated endpoint's fields do.
          return abs(this.v.get(name) ?? 0);
      }
    };
    return { get: field, isn: () => abs(this.host.isn()) };
  }

  private num(e: Expr, env: Env): number {
    return asSym(evaluate(e, env)).off;
  }

  private perform(a: Action, env: Env, input: Input): void {
    switch (a.kind) {
      case 'set':
        // Assignments take effect one by one: a later one reads an earlier one's value.
        for (const s of a.assignments) this.v.set(s.name, this.num(s.value.tree, env));
        return;
      case 'send': {
        const fields = {
          flags: a.ctl as readonly wire.Flag[],
          ack: a.ack ? this.num(a.ack.tree, env) : 0,
          mss: a.mss ? this.num(a.mss.tree, env) : undefined,
        };
        const first = this.num(a.seq.tree, env);
        if (!a.data) {
          this.host.send({ ...fields, seq: first, payload: NO_DATA });
          return;
        }
        if (this.machine.keepsData) this.record(first, input.data);
        const max = a.max ? this.num(a.max.tree, env) : Math.max(input.data.length, 1);
        for (const [from, to] of wire.payloadRanges(input.data.length, max)) {
          this.host.send({ ...fields, seq: seq.add(first, from), payload: input.data.subarray(from, to) });
        }
        return;
      }
      case 'deliver':
        if (input.data.length > 0) this.host.deliver(input.data);
        return;
      case 'resend': {
        const get = (n: string) => this.v.get(n) ?? 0;
        const una = get('SND.UNA');
        this.host.send({ flags: ['ACK'], ack: get('RCV.NXT'), mss: undefined, seq: una, payload: this.unacked(una, get('SND.NXT'), get('SND.MSS')) });
        return;
      }
      case 'notify':
        this.host.notify(a.what);
        return;
      case 'start_timer':
        this.host.startTimer(a.timer, this.num(a.after.tree, env));
        return;
      case 'stop_timer':
        this.host.stopTimer(a.timer);
        return;
    }
  }

  private record(start: number, data: Uint8Array): void {
    const before = this.sent?.data ?? NO_DATA;
    const all = new Uint8Array(before.length + data.length);
    all.set(before);
    all.set(data, before.length);
    this.sent = { start: this.sent?.start ?? start, data: all };
  }

  private unacked(una: number, nxt: number, max: number): Uint8Array {
    if (!this.sent) return NO_DATA;
    const from = seq.sub(una, this.sent.start);
    const to = Math.min(seq.sub(nxt, this.sent.start), from + max);
    return this.sent.data.slice(from, to);
  }
}

/** A reference for `ReferenceAdapter({ create })`, running the given spec model. */
export function interpretedReference(spec: Spec): CreateReference {
  const machine: Machine = {
    initial: spec.initial,
    index: indexOf(spec),
    parameters: new Set(spec.parameters.map((p) => p.name)),
    keepsData: spec.transitions.some((t) => t.actions.some((a) => a.kind === 'resend')),
  };
  const params = Object.fromEntries(spec.parameters.map((p) => [p.name.replace(/\./g, '_'), p.default]));
  return (opts: HostOptions): ReferenceParts => {
    const host = new EndpointHost({ ...opts, params: { ...params, ...opts.params } });
    return { host, endpoint: () => new InterpretedEndpoint(machine, host) };
  };
}
