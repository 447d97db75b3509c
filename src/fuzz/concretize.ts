/**
 * Making abstract steps concrete: what the tester has seen of the IUT (its ISN, its next SN,
 * its last AN) turns "the IUT's next SN, minus one" into a number. The model is kept on the
 * IUT's ISNs (see model.ts), so while the two agree one concrete input serves both.
 */
import type { AppCall, Endpoints } from '../adapter.js';
import type { Term } from '../case.js';
import { Bindings } from '../harness/terms.js';
import { hasFlag, segLen, type Flag, type Segment } from '../segment.js';
import * as seq from '../seq.js';
import type { AdvanceBase, FuzzStep, SegmentStep } from './steps.js';

export type Input =
  | { readonly kind: 'call'; readonly call: AppCall }
  | { readonly kind: 'deliver'; readonly segment: Segment }
  | { readonly kind: 'advance'; readonly ms: number };

/** What a peer following the normal exchange sends next, by the IUT's state; data or, without, its FIN. */
const NEXT: Readonly<Record<string, { readonly data: readonly Flag[]; readonly none: readonly Flag[] }>> = {
  CLOSED: { data: ['SYN'], none: ['SYN'] },
  LISTEN: { data: ['SYN'], none: ['SYN'] },
  SYN_SENT: { data: ['SYN', 'ACK'], none: ['SYN', 'ACK'] },
  SYN_RCVD: { data: ['ACK'], none: ['ACK'] },
  ESTABLISHED: { data: ['ACK'], none: ['FIN', 'ACK'] },
  FIN_WAIT_1: { data: ['ACK'], none: ['ACK'] },
  FIN_WAIT_2: { data: ['ACK'], none: ['FIN', 'ACK'] },
  CLOSE_WAIT: { data: ['ACK'], none: ['ACK'] },
  CLOSING: { data: ['ACK'], none: ['ACK'] },
  LAST_ACK: { data: ['ACK'], none: ['ACK'] },
  TIME_WAIT: { data: ['FIN', 'ACK'], none: ['FIN', 'ACK'] },
};

/** Payload octets follow the tester's sequence space ("abc…" from its ISN), so a misplaced octet shows. */
const LETTERS = Uint8Array.from({ length: 26 + 300 }, (_, i) => 97 + (i % 26));
/** The application's data: "ABC…", shared because nobody writes into it. */
const SEND_DATA = Uint8Array.from({ length: 300 }, (_, i) => 65 + (i % 26));

export class TesterView {
  /** The learned ISNs, named as the harness names them (ISS, ISS#2, …, IRS for the tester's). */
  readonly bindings: Bindings;
  private connections = 0;
  private iss: number | undefined;
  /** The IUT's next SN: the end of the furthest segment it sent on this connection. */
  private next: number | undefined;
  /** The IUT's last AN: where it expects the tester's next octet. */
  private acked: number | undefined;
  private readonly sent: Segment[] = [];

  constructor(
    readonly peerIsn: number,
    private readonly params: Readonly<Record<string, number>>,
    private readonly ends: Endpoints,
  ) {
    this.bindings = new Bindings(peerIsn, params);
  }

  /** The base a number of the IUT's current connection is shown relative to. */
  issTerm(value: number): Term | undefined {
    if (this.iss === undefined) return undefined;
    return { base: this.connections === 1 ? 'iss' : `iss#${this.connections}`, off: seq.sub(value, this.iss) };
  }

  /** A segment the IUT sent. */
  observe(s: Segment): void {
    const end = seq.add(s.seq, segLen(s));
    if (hasFlag(s, 'SYN') && s.seq !== this.iss) {
      this.iss = s.seq;
      this.connections++;
      this.bindings.bind(this.issTerm(s.seq)!, s.seq);
      this.next = end;
    } else if (this.next === undefined || seq.gt(end, this.next)) {
      this.next = end;
    }
    if (hasFlag(s, 'ACK')) this.acked = s.ack;
  }

  /**
   * The inputs one step makes in the IUT's `state`: none for a duplicate before anything was
   * sent, two for a reordering.
   */
  concretize(step: FuzzStep, state: string): Input[] {
    switch (step.kind) {
      case 'call':
        return [{ kind: 'call', call: { call: step.call } }];
      case 'send':
        return [{ kind: 'call', call: { call: 'send', data: SEND_DATA.subarray(0, step.len) } }];
      case 'segment':
        return [this.deliver(this.segment(step, state))];
      case 'duplicate': {
        const n = this.sent.length;
        return n === 0 ? [] : [this.deliver(this.sent[n - 1 - (step.back % n)]!)];
      }
      case 'reorder': {
        const first = this.segment(step.first, state);
        const second = this.segment(step.second, state, seq.add(first.seq, segLen(first)));
        return [this.deliver(second), this.deliver(first)];
      }
      case 'advance':
        return [{ kind: 'advance', ms: Math.max(0, this.timerLength(step.base) + step.delta) }];
    }
  }

  private deliver(segment: Segment): Input {
    this.sent.push(segment);
    return { kind: 'deliver', segment };
  }

  private timerLength(base: AdvanceBase): number {
    switch (base) {
      case 'ms':
        return 0;
      case 'RTO':
        return this.params.RTO!;
      case '2*RTO':
        return 2 * this.params.RTO!;
      case '2*MSL':
        return 2 * this.params.MSL!;
    }
  }

  /** `after`: where the tester's next octet goes when it is not where the IUT last said. */
  private segment(step: SegmentStep, state: string, after?: number): Segment {
    const flags = step.flags !== 'next' ? step.flags : step.len > 0 ? NEXT[state]!.data : NEXT[state]!.none;
    const base = step.seq.rel === 'peerIsn' ? this.peerIsn : (after ?? this.acked ?? this.peerIsn);
    const sn = seq.add(base, step.seq.delta);
    const ackBase = step.ack.rel === 'iutNext' ? (this.next ?? this.iss ?? 0) : (this.iss ?? 0);
    const from = seq.sub(sn, this.peerIsn) % 26;
    return {
      srcPort: this.ends.peer.port,
      dstPort: this.ends.iut.port,
      seq: sn,
      ack: flags.includes('ACK') ? seq.add(ackBase, step.ack.delta) : 0,
      flags,
      window: 65535,
      mss: step.mss,
      payload: LETTERS.subarray(from, from + step.len),
    };
  }
}
