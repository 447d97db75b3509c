/**
 * Making abstract steps concrete: what the tester has seen of the IUT (its ISN, its next SN,
 * its last AN) turns "the IUT's next SN, minus one" into a number. The model is kept on the
 * IUT's ISNs (see model.ts), so while the two agree one concrete input serves both.
 */
import type { Endpoints } from '../adapter.js';
import type { Term } from '../../core/case.js';
import { Bindings } from '../harness/terms.js';
import { hasFlag, segLen, type Segment } from '../../core/segment.js';
import * as seq from '../../core/seq.js';
import type { Offers, SegmentInput } from './offers.js';
import type { AdvanceBase, FuzzStep, SegmentFields, SegmentStep, TimerEdge } from './steps.js';
import { GRANULARITY_PARAMETER } from '../../core/latitude.js';

/** An input made concrete is one the run makes too (src/harness/run-case.ts act). */
export type { Input } from '../harness/run-case.js';
import type { Input } from '../harness/run-case.js';

/** The timers the model has running when a step begins, with the milliseconds until each fires. */
export type Pending = readonly { readonly timer: string; readonly inMs: number }[];

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
   * The inputs one step makes when the profile `offers` these inputs in the IUT's current
   * state: none for a duplicate before anything was sent or a pick among no offers, two for a
   * reordering.
   */
  concretize(step: FuzzStep, offers: Offers, pending: Pending): Input[] {
    switch (step.kind) {
      case 'call':
        return [{ kind: 'call', call: { call: step.call } }];
      case 'offered': {
        const offer = pickFrom(offers.inputs, step.pick);
        if (offer === undefined) return [];
        if ('segment' in offer) return [this.deliver(this.segment(offer, step))];
        if ('timer' in offer) return [{ kind: 'advance', ms: this.timerLength(LONGEST_TIMER) }];
        // A send always has data: an empty one is no input of the spec's.
        return [
          {
            kind: 'call',
            call:
              offer.call === 'send'
                ? { call: 'send', data: SEND_DATA.subarray(0, Math.max(1, step.len)) }
                : { call: offer.call },
          },
        ];
      }
      case 'send':
        return [{ kind: 'call', call: { call: 'send', data: SEND_DATA.subarray(0, step.len) } }];
      case 'segment': {
        const offer = segmentOf(step, offers);
        return offer ? [this.deliver(this.segment(offer, step))] : [];
      }
      case 'duplicate': {
        const n = this.sent.length;
        return n === 0 ? [] : [this.deliver(this.sent[n - 1 - (step.back % n)]!)];
      }
      case 'reorder': {
        const firstOffer = segmentOf(step.first, offers);
        const secondOffer = segmentOf(step.second, offers);
        if (!firstOffer || !secondOffer) return [];
        const first = this.segment(firstOffer, step.first);
        const second = this.segment(secondOffer, step.second, seq.add(first.seq, segLen(first)));
        return [this.deliver(second), this.deliver(first)];
      }
      case 'advance':
        return [{ kind: 'advance', ms: Math.max(0, this.timerLength(step.base) + step.delta) }];
      case 'timer': {
        const timer = timerOf(step, pending);
        return timer ? [{ kind: 'advance', ms: edgeWait(timer.inMs, step.edge, this.params) }] : [];
      }
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
  private segment({ segment: flags, data }: SegmentInput, step: SegmentFields, after?: number): Segment {
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
      payload: LETTERS.subarray(from, from + payloadLength(step.len, data)),
    };
  }
}

/**
 * Waiting this long lets any timer the IUT has running expire: no timer of the spec is longer
 * (retransmission timers start at RTO and give up after a few doublings).
 */
const LONGEST_TIMER: AdvanceBase = '2*MSL';

/** A segment step's flags (and data or none); undefined for a pick when the profile has no segment in this state. */
export const segmentOf = (step: SegmentStep, offers: Offers): SegmentInput | undefined =>
  'pick' in step.flags ? pickFrom(offers.segments, step.flags.pick) : { segment: step.flags };

/** A picked segment whose transition asks for data carries at least one octet, or none when it asks for none. */
export const payloadLength = (len: number, data: boolean | undefined) =>
  data === undefined ? len : data ? Math.max(1, len) : 0;

/** The timer a timer step waits for: the which-th running, soonest first; none when none runs. */
export const timerOf = (step: { readonly which: number }, pending: Pending) =>
  pickFrom(
    [...pending].sort((a, b) => a.inMs - b.inMs || a.timer.localeCompare(b.timer)),
    step.which,
  );

/** How long to wait to a timer's edge when it fires in `inMs`. */
export function edgeWait(inMs: number, edge: TimerEdge, params: Readonly<Record<string, number>>): number {
  switch (edge) {
    case 'before':
      return Math.max(0, inMs - 1);
    case 'at':
      return inMs;
    case 'after':
      return inMs + Math.max(1, params[GRANULARITY_PARAMETER] ?? 0);
  }
}

export const pickFrom = <T>(offers: readonly T[], pick: number): T | undefined =>
  offers.length === 0 ? undefined : offers[pick % offers.length];
