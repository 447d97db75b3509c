/**
 * Checking one endpoint of a captured connection against the spec. The endpoint is an IUT
 * whose inputs are the other side's segments and whose outputs are its own; the spec machine
 * (core/machine.ts) runs over a set of hypotheses about it (state, variables, the answers
 * it still owes, the inputs it may not have taken yet). A capture cannot show everything:
 *
 * - application calls (connect, send, close, abort) and timer expiries are hidden: an output
 *   no earlier input explains may come from one, if the spec lets that state take it and the
 *   transition sends exactly that segment;
 * - a segment and the answer to it can cross on the wire: an output may be explained before
 *   the inputs captured just ahead of it were taken;
 * - Linux delays and coalesces ACKs: a later ACK, or data or a FIN carrying the same AN,
 *   discharges the ACKs owed before it (reported as accepted, not silently);
 * - options other than MSS (SACK, timestamps, window scale) are not in the spec; the window
 *   (window.ts) is read outside the machine, and data past it is left open here.
 *
 * A violation is an output no hypothesis explains (the nearest transition names the rule and
 * the fields that differ) or an answer still owed GRACE_MS after its input, while the capture
 * goes on.
 */
import { callKey, timerKey } from '../../core/input-key.js';
import { fieldName } from '../../core/spec/names.js';
import type { Spec, Transition } from '../../core/spec/types.js';
import { inProfile } from '../../core/spec/profiles.js';
import { PROFILES, type Profile } from '../../core/case.js';
import { controlKey, equalBytes, hasFlag, segLen, type Segment } from '../../core/segment.js';
import * as seq from '../../core/seq.js';
import {
  Connection,
  firstSends,
  leftOpen,
  machineOf,
  perform,
  transitionFor,
  type Effects,
  type Machine,
  type MachineInput,
} from '../../core/machine.js';
import { latitudeOf, type Allowance, type AllowanceKind, type Latitude } from '../../core/latitude.js';
import { Extras } from '../judge/extras.js';
import { addsAckToRst } from '../judge/rst-with-ack.js';
import { dataOf, finEndsAt } from '../judge/fin-on-data.js';
import { finJoinedToData } from './data-with-fin.js';
import { answersAfterReset } from './quiet-after-reset.js';
import { isExtraAck } from './extra-ack.js';
import { isResentPrefix, isTailProbe } from './tail-loss-probe.js';
import type { Packet } from './packets.js';
import { answeredLater, duplicating, repeatKey, resentLater, silent } from './path.js';

/** An answer this much later than its input is reported as delayed (Linux's delayed-ACK timer starts at 40 ms). */
const DELAYED_US = 10_000;

/** How long an answer may take: more than Linux's longest delayed ACK (200 ms) and its shortest RTO (200 ms). */
export const GRACE_MS = 500;

/** A segment as the spec has an endpoint send it (no ports, no window). */
export type Sent = Omit<Segment, 'srcPort' | 'dstPort' | 'window'>;

export type Finding =
  /** A transition whose outputs were all seen as the spec says (or that sends nothing). */
  | { readonly kind: 'pass'; readonly frame: number; readonly transition: Transition }
  | {
      readonly kind: 'violation';
      readonly frame: number;
      /** The transition expected there; undefined when no transition of the state sends anything like it. */
      readonly transition: Transition | undefined;
      /** The state the endpoint was in when it should have done what the transition says. */
      readonly state: string;
      /** early: a RST as CLOSED sends it, from a state its timer (`transition`) ends silently: it left that state early. */
      readonly what: 'unexplained' | 'missing' | 'early';
      readonly expected?: Sent;
      readonly got?: Sent;
      /** For a missing answer: the frame of the input it answers. */
      readonly input?: number;
    }
  /**
   * A departure from the spec's one behaviour that RFC 9293 allows: an owed ACK answered late,
   * together with later ones, or on a segment sent for another reason; a window update or a
   * keep-alive probe besides; a RST with ACK; a super-segment the capture saw before TSO cut
   * it or after GRO merged it (offload). `allowance`: the latitude (spec/latitude.yaml)
   * it rests on, whose level makes it a warning or not; none for left-open (an ACK answering
   * a segment the spec leaves open, old or out-of-order data, as §3.10.7.4 has it) and offload.
   */
  | {
      readonly kind: 'accepted';
      readonly frame: number;
      readonly covers: readonly number[];
      readonly how: AcceptedHow;
      readonly allowance?: Allowance;
      readonly ms?: number;
    }
  /**
   * What the capture, not the endpoint, may be to blame for: not a violation, and the judge
   * goes on as if the frame were not there. repeat: the same SN, AN, control flags and length
   * as an earlier segment of the endpoint (`of`), which nothing explains: a frame the capture
   * or the network duplicated, or a spurious retransmission, neither of which RFC 9293 forbids.
   */
  | { readonly kind: 'gap'; readonly frame: number; readonly why: 'repeat'; readonly of: number }
  /**
   * unseen: the segment starts past the end of everything the endpoint was seen to send, or
   * acknowledges past everything the peer was seen to send: the capture lacks segments (an
   * excerpt, frames the capture dropped). The judge goes on from where the segment says the
   * endpoint is.
   */
  | { readonly kind: 'gap'; readonly frame: number; readonly why: 'unseen'; readonly what: 'own' | 'peer' }
  /**
   * reordered: the segment fills a hole the endpoint's own sequence left earlier (it came
   * after segments sent later: reordered on the path before the capture point, or by the
   * capture). Not judged; the judge goes on as before it.
   */
  | { readonly kind: 'gap'; readonly frame: number; readonly why: 'reordered' }
  /**
   * duplicated: a pure ACK from where the endpoint is (<SEQ=SND.NXT><ACK=RCV.NXT> of a reading)
   * that nothing captured asks for, on a connection whose frames the network is seen to
   * duplicate: §3.10.7.4's answer to a copy of an old segment made after the capture point.
   */
  | { readonly kind: 'gap'; readonly frame: number; readonly why: 'duplicated' }
  /**
   * lost: an answer owed to an input the peer later sent again (`again`), and the capture was
   * not taken beside the endpoint: the input was lost after the capture point, as its sender
   * concluded. Not a missing answer.
   */
  | { readonly kind: 'gap'; readonly frame: number; readonly why: 'lost'; readonly again: number }
  /**
   * late: the ACK the endpoint owed for the peer's segment (`frame`) came later than allowed
   * by the capture's clock, in `answer`, but the capture was beside the peer: the path's delay
   * both ways is in that time (src/check/path.ts).
   */
  | { readonly kind: 'gap'; readonly frame: number; readonly why: 'late'; readonly answer: number }
  /**
   * overtaken: the peer's segment (`frame`) reached the endpoint after segments captured after
   * it (reordered after the capture point): the endpoint's AN stopped before it while it took
   * those out of order, and covered it later, in `answer`. The capture was not taken beside
   * the endpoint, so it cannot show the order of arrival.
   */
  | { readonly kind: 'gap'; readonly frame: number; readonly why: 'overtaken'; readonly answer: number }
  /** silent: the endpoint sent nothing the capture saw, so nothing shows that the peer's segment (`frame`) reached it. */
  | { readonly kind: 'gap'; readonly frame: number; readonly why: 'silent' }
  /**
   * New data sent past the right edge of the window the peer advertised (src/check/window.ts):
   * `frame` the first, `frames` all of them, said once per connection.
   */
  | {
      readonly kind: 'beyond-window';
      readonly frame: number;
      readonly frames: readonly number[];
      readonly edge: number;
    }
  | { readonly kind: 'state'; readonly frame: number; readonly state: string }
  | { readonly kind: 'unjudged'; readonly frame: number; readonly why: 'mid-connection' | 'capture-ended' };

export type AcceptedHow =
  | 'cumulative'
  | 'piggybacked'
  | 'delayed'
  | 'left-open'
  | 'window-update'
  | 'keep-alive'
  | 'rst-with-ack'
  | 'data-with-fin'
  | 'rst-after-close'
  | 'syn-data'
  | 'quiet-after-reset'
  | 'extra-ack'
  | 'tail-loss-probe'
  | 'resent-prefix'
  | 'offload';

/** The allowance each kind of accepted departure rests on. */
const ALLOWANCE_OF: Readonly<Record<AcceptedHow, AllowanceKind | undefined>> = {
  cumulative: 'cumulative_ack',
  piggybacked: 'ack_on_segment',
  delayed: 'delayed_ack',
  'left-open': undefined,
  'window-update': 'window_update',
  'keep-alive': 'keep_alive',
  'rst-with-ack': 'rst_with_ack',
  'data-with-fin': 'data_with_fin',
  'rst-after-close': 'rst_after_close',
  // RFC 9293 §3.5 itself: "perfectly legitimate"; no latitude needed.
  'syn-data': undefined,
  'quiet-after-reset': 'quiet_after_reset',
  'extra-ack': 'extra_ack',
  'tail-loss-probe': 'tail_loss_probe',
  'resent-prefix': 'rto',
  // The capture's doing, not the endpoint's (src/check/capture-point.ts): no latitude needed.
  offload: undefined,
};

/** A persistent list, newest first: hypotheses share their history. */
interface Log {
  readonly finding: Finding;
  readonly prev: Log | undefined;
}

interface Owed {
  readonly seg: Sent;
  readonly transition: Transition;
  readonly input: number;
  readonly time: number;
}

/** A hidden input's transition run on a copy of a hypothesis: the connection and timers it leaves, and what it sent. */
interface HiddenRun {
  readonly t: Transition;
  readonly c: Hypothesis['c'];
  readonly timers: string[];
  readonly sent: Sent[];
  /** The hidden send whose data the FIN `t` sent rides on (data_with_fin). */
  readonly joined?: Transition;
}

interface Hypothesis {
  readonly c: Connection;
  /** The timers running (a few names: an array copies faster than a Set). */
  readonly timers: readonly string[];
  readonly owed: readonly Owed[];
  /**
   * How many of the endpoint's inputs (Checker.inputs, in capture order) the model has taken:
   * the rest were captured but are still in flight to the endpoint. Every hypothesis takes
   * them in the same order, so a number says which.
   */
  readonly next: number;
  /**
   * Inputs delayed after the capture point in this reading (lateReadings): they reach the
   * endpoint after the inputs in flight when they were found late (`at`, an index into
   * Checker.inputs), before any later one.
   */
  readonly late?: { readonly inputs: readonly number[]; readonly at: number } | undefined;
  /** Inputs taken that the spec leaves open, each of which may have been answered by an ACK <SEQ=SND.NXT><ACK=RCV.NXT>. */
  readonly free: number;
  /** Left-open inputs were taken since RCV.NXT last moved: data it may hold out of order (§3.10.7.4). */
  readonly held: boolean;
  /** Answers already reported missing: one that comes after all is that fault, not another. */
  readonly overdue: readonly Sent[];
  readonly log: Log | undefined;
  /**
   * Departures from any rule of the spec, whatever the profile: the hypothesis with fewest is
   * the one reported, so a profile only decides which findings count and a memo rule's finding
   * is the same under every profile (rfc9293 adds its own).
   */
  readonly violations: number;
  /** Nothing taken or explained yet: the capture began mid-connection and the variables are guesses. */
  readonly fresh: boolean;
  readonly start: string;
}

export interface EndpointResult {
  readonly address: string;
  /** The hypothesis that explains the capture best, its findings in frame order. */
  readonly findings: readonly Finding[];
  /** The state it was assumed to start in. */
  readonly startState: string;
  /** What the engine's bounds left out, when they were reached; absent when they never were. */
  readonly bounded?: Bounded;
}

/**
 * The engine's bounds (they keep its work per segment constant): readings of the endpoint's
 * segments it did not consider. Findings of a connection that reached them may differ from
 * what an unbounded search would give, and the report says so.
 */
export interface Bounded {
  /** Own segments sent with more than MAX_IN_FLIGHT inputs captured ahead of them and not yet taken. */
  readonly outputs: number;
  /** Inputs taken early at those segments: readings in which the endpoint had not yet taken them were not considered. */
  readonly takenEarly: number;
  /** Readings dropped at the cap of MAX_HYPOTHESES hypotheses (the first ones kept). */
  readonly dropped: number;
}

/** What the checker knows of an endpoint before it starts: parameters, ISN, how the capture begins. */
interface Setting {
  readonly params: Readonly<Record<string, number>>;
  readonly isn: number;
  readonly starts: readonly { state: string; vars: ReadonlyMap<string, number> }[];
  /** The capture begins with the endpoint's own SYN+ACK: the start it was sent from, not judged. */
  readonly begins?: number;
}

/**
 * How long an endpoint must have been quiet before a segment can be a keep-alive probe, ms. A
 * capture does not tell the interval the endpoint was configured with: MUST-27 makes it
 * configurable and sets no floor, MUST-28's two hours is only the default (iOS probes after
 * 0.6 s idle, ndpi/iphone.pcap). So a probe is told by its form (§3.8.4: SN = SND.NXT - 1, the
 * last AN, nothing outstanding) and by what MUST-26 asks that a capture shows: nothing received
 * for longer than any answer takes (GRACE_MS), so that the segment answers nothing. Earlier,
 * the same segment is a wrong answer, and judged as one.
 */
const KEEPALIVE_MS = GRACE_MS;

/** States after the application's CLOSE in which data may still arrive (a half-duplex close refuses it). */
const AFTER_CLOSE = new Set(['FIN_WAIT_1', 'FIN_WAIT_2']);
const SYNCHRONIZED = ['ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2', 'CLOSE_WAIT', 'CLOSING', 'LAST_ACK', 'TIME_WAIT'];
/** Calls that send something somewhere in the spec (listen never does). */
const HIDDEN_CALLS = ['connect', 'send', 'close', 'abort'] as const;
/**
 * The bounds of the search, which keep its work per segment constant (at most MAX_HYPOTHESES
 * times MAX_IN_FLIGHT + 1 readings tried for an own segment): hypotheses kept at once, and
 * inputs captured ahead of an own segment that the endpoint may not have taken yet when it
 * sent it. Past the second, the oldest inputs in flight are taken, as GRACE_MS takes them.
 * The dev captures need at most 28 in flight (teams.pcap); what is left out is counted
 * (Bounded) and reported.
 */
export const MAX_HYPOTHESES = 32;
export const MAX_IN_FLIGHT = 32;
/** Answers reported missing that are remembered, the latest: one that comes later is not a second fault. */
const MAX_OVERDUE = 8;
/** Holes in an endpoint's own sequence remembered at once (a bound: a capture with more is judged from the first ones). */
const MAX_HOLES = 16;

/** Parameters a capture cannot tell: retries are not counted, so a retransmission is never "one too many". */
const UNKNOWN_PARAMS = { MAX_RETRIES: 0x7fff_ffff };

/**
 * One machine per spec, shared by every Checker of it: a machine compiles each expression and
 * indexes the transitions once, and a capture of a few segments (checkCapture makes a Checker
 * each) would otherwise spend most of its time doing that again.
 */
const MACHINES = new WeakMap<Spec, Machine>();

function machineFor(spec: Spec): Machine {
  const known = MACHINES.get(spec);
  if (known) return known;
  const m = machineOf(spec);
  MACHINES.set(spec, m);
  return m;
}

export class Checker {
  private readonly machine: Machine;
  private readonly defaults: Readonly<Record<string, number>>;
  readonly latitude: Latitude;
  /** The inputs of the endpoint being checked that reach past the window it advertised (src/check/window.ts). */
  private outside: ReadonlySet<Packet> = new Set();
  /** The network is seen to duplicate the connection's segments (path.ts): an ACK may answer a copy the capture missed. */
  private duplicating = false;
  /** The endpoint's inputs its peer sent again, with the frame of the copy: lost after the capture point (path.ts). */
  private resent: ReadonlyMap<number, number> = new Map();
  /** The peer's FINs by where they end (SN + length): one the endpoint held out of order is taken when its AN jumps past it. */
  private finEnds = new Map<number, Packet>();
  /** The connection's packets by frame number. */
  private byFrame: ReadonlyMap<number, Packet> = new Map();
  /** Inputs already taken for lost or delayed after the capture point (a gap said once). */
  private delayed = new Set<number>();
  /** When the endpoint being checked first sent a RST (µs), if it did: its connection's late segments (quiet-after-reset). */
  private resetAt: number | undefined;
  /** The endpoint sent nothing the capture saw (path.ts). */
  private silent = false;
  /** With the capture taken beside the peer: its segments the endpoint acknowledged later, with the frame that did (path.ts). */
  private answered: ReadonlyMap<number, number> = new Map();
  /**
   * Unless the capture was taken beside the endpoint: its inputs it acknowledged later, with the
   * frame that did, any of which may have been overtaken after the capture point (path.ts).
   */
  private arrived: ReadonlyMap<number, number> = new Map();
  /** The inputs of the endpoint being checked (its peer's segments), as far as the capture has gone. */
  private inputs: Packet[] = [];
  /** What the bounds left out for the endpoint being checked. */
  private bounded = { outputs: 0, takenEarly: 0, dropped: 0 };
  /**
   * The work, over all endpoints checked, which stays proportional to the segments: inputs
   * taken and answers owed carried over when taking them, readings tried and the answers each
   * owes (explain looks through them).
   */
  work = 0;

  constructor(
    readonly spec: Spec,
    readonly profile: Profile,
  ) {
    this.machine = machineFor(spec);
    this.defaults = Object.fromEntries(spec.parameters.map((p) => [fieldName(p.name), p.default]));
    this.latitude = latitudeOf(spec.latitude);
  }

  /** An accepted departure, with the allowance it rests on; undefined when the latitude has no such allowance. */
  private accepted(
    frame: number,
    how: AcceptedHow,
    covers: readonly number[] = [],
    ms?: number,
  ): Extract<Finding, { kind: 'accepted' }> | undefined {
    const kind = ALLOWANCE_OF[how];
    const allowance = kind && this.latitude.get(kind);
    if (kind && !allowance) return undefined;
    return {
      kind: 'accepted',
      frame,
      covers,
      how,
      ...(allowance ? { allowance } : {}),
      ...(ms !== undefined ? { ms } : {}),
    };
  }

  /**
   * Does a violation of this transition count? Outside the profile, what happens is followed
   * but not judged; a segment no transition of the spec sends is judged only by the largest
   * profile (the memo says nothing of it).
   */
  judges(t: Transition | undefined): boolean {
    return t ? inProfile(t, this.profile) : this.profile === PROFILES.at(-1);
  }

  /**
   * Check the endpoint `self` over the connection's packets. `end`: the time of the connection's
   * last captured segment, after which a missing answer cannot be judged. `near`: the capture
   * was taken beside the endpoint (capture-point.ts), so what the capture saw reached it, or
   * beside its peer, so the capture's clock times the endpoint's answers with the path's delay.
   */
  checkEndpoint(
    self: string,
    packets: readonly Packet[],
    end: number,
    outside: ReadonlySet<Packet> = new Set(),
    near?: 'self' | 'peer',
  ): EndpointResult {
    this.outside = outside;
    this.duplicating = duplicating(packets);
    // Captured beside the endpoint, an input reached its host: a missing answer is its own.
    this.resent = near === 'self' ? new Map() : resentLater(self, packets);
    this.delayed = new Set();
    this.byFrame = new Map(packets.map((p) => [p.frame, p]));
    this.resetAt = undefined;
    this.silent = silent(packets, self);
    this.arrived = near === 'self' ? new Map() : answeredLater(packets, self);
    this.answered = near === 'peer' ? this.arrived : new Map();
    this.inputs = [];
    this.finEnds = new Map();
    this.bounded = { outputs: 0, takenEarly: 0, dropped: 0 };
    const setting = this.settingOf(self, packets);
    const fx = new Collector(setting.params, setting.isn);
    let hs: Hypothesis[] = setting.starts.map((s) => ({
      c: withVariables(Connection.initial(this.machine, s.state), s.vars),
      // A SYN+ACK just sent runs the retransmission timer.
      timers: setting.begins !== undefined ? ['rexmt'] : [],
      owed: [],
      next: 0,
      free: 0,
      held: false,
      overdue: [],
      log: undefined,
      violations: 0,
      fresh: SYNCHRONIZED.includes(s.state),
      start: s.state,
    }));
    /** The endpoint's segments so far, by their numbers, to tell a repeat. */
    const sent = new Map<string, number>();
    // What the endpoint sent and received, to tell a window update or a keep-alive probe (as run and fuzz do).
    const extras = new Extras((kind) => this.latitude.get(kind), KEEPALIVE_MS);
    // The end of what each side was seen to send (SN + length), to tell segments the capture lacks.
    const seen = new Seen();
    for (const p of packets) {
      hs = hs.map((h) => this.expire(h, p.time, fx));
      if (p.frame === setting.begins) {
        hs = hs.map((h) => ({ ...h, log: push(h.log, { kind: 'unjudged', frame: p.frame, why: 'mid-connection' }) }));
      } else if (p.src === self) {
        const key = repeatKey(p.segment);
        hs = seen.fills(p.segment)
          ? hs.map((h) => ({ ...h, log: push(h.log, { kind: 'gap', frame: p.frame, why: 'reordered' }) }))
          : this.output(hs, p, fx, sent.get(key), extras, seen);
        if (!sent.has(key)) sent.set(key, p.frame);
        if (hasFlag(p.segment, 'RST')) this.resetAt ??= p.time;
        // A SYN with an ISN other than the one it chose says nothing of where its sequence is
        // (whatever explains it, it is judged above): one fault, not a cascade.
        if (!hasFlag(p.segment, 'SYN') || p.segment.seq === setting.isn) {
          extras.sent(p.segment);
          seen.own(p.segment);
        }
      } else {
        seen.peer(p.segment);
        this.inputs.push(p);
        if (hasFlag(p.segment, 'FIN')) this.finEnds.set(seq.add(p.segment.seq, segLen(p.segment)), p);
        extras.received(p.segment, p.time / 1000);
      }
    }
    // The capture is over: every input is taken, and answers owed long enough are missing.
    hs = hs.map((h) => this.expire(this.takeAll(h, this.inputs.length, fx), end, fx, true));
    // Fewest violations; of readings as good, the one with fewest warnings.
    const best = hs.reduce((a, b) =>
      b.violations < a.violations || (b.violations === a.violations && warningsIn(b.log) < warningsIn(a.log)) ? b : a,
    );
    const findings: Finding[] = [];
    for (let l = best.log; l; l = l.prev) findings.push(l.finding);
    findings.reverse();
    // In frame order: a missing answer is found late but belongs to the frame it answers (a stable sort keeps each frame's order).
    findings.sort((a, b) => a.frame - b.frame);
    const { outputs, takenEarly, dropped } = this.bounded;
    return {
      address: self,
      findings,
      startState: best.start,
      ...(outputs + dropped > 0 ? { bounded: { outputs, takenEarly, dropped } } : {}),
    };
  }

  /** Parameters from what the endpoint shows (its MSS option), its ISN, and the states it may start in. */
  private settingOf(self: string, packets: readonly Packet[]): Setting {
    const ownSyn = packets.find((p) => p.src === self && hasFlag(p.segment, 'SYN'))?.segment;
    const params = { ...this.defaults, ...UNKNOWN_PARAMS, ...(ownSyn?.mss !== undefined ? { MSS: ownSyn.mss } : {}) };
    const isn = ownSyn?.seq ?? 0;
    const first = packets[0]!.segment;
    const syn = hasFlag(first, 'SYN');
    if (syn && !hasFlag(first, 'ACK')) {
      // The opener was CLOSED and connected; the other end was listening, or closed (then it owes a RST).
      return {
        params,
        isn,
        starts:
          packets[0]!.src === self
            ? [{ state: 'CLOSED', vars: new Map() }]
            : ['LISTEN', 'CLOSED'].map((state) => ({ state, vars: new Map() })),
      };
    }
    // Mid-connection (or from the SYN+ACK on): numbers learned from the first segment each way.
    const mine = packets.find((p) => p.src === self)?.segment;
    const theirs = packets.find((p) => p.src !== self);
    const theirsFirst = theirs !== undefined && packets[0] === theirs;
    // A pure ACK first whose SN the peer acknowledges plus one is a keep-alive probe, from SND.NXT − 1 (§3.8.4).
    const probe = mine !== undefined && isProbe(mine, theirs?.segment);
    const sndNxt = mine ? (probe ? seq.add(mine.seq, 1) : mine.seq) : (theirs?.segment.ack ?? 0);
    const sndUna = theirsFirst && hasFlag(theirs.segment, 'ACK') ? theirs.segment.ack : sndNxt;
    const rcvNxt = theirsFirst || !mine || !hasFlag(mine, 'ACK') ? (theirs?.segment.seq ?? 0) : mine.ack;
    const vars = new Map<string, number>([
      ['SND.NXT', sndNxt],
      ['SND.UNA', sndUna],
      ['RCV.NXT', rcvNxt],
      ['ISS', seq.sub(sndUna, 1)],
      ['IRS', seq.sub(rcvNxt, 1)],
      // The peer's MSS option was in a SYN the capture missed: segment sizes are not judged.
      ['SND.MSS', 0xffff],
    ]);
    if (syn) {
      // A SYN+ACK first: its sender is in SYN_RCVD, the opener in SYN_SENT.
      const state = packets[0]!.src === self ? 'SYN_RCVD' : 'SYN_SENT';
      const v = new Map(vars);
      if (state === 'SYN_RCVD')
        v.set('SND.NXT', seq.add(first.seq, 1))
          .set('SND.UNA', first.seq)
          .set('ISS', first.seq)
          .set('RCV.NXT', first.ack)
          .set('PASSIVE', 1);
      else v.set('SND.NXT', first.ack).set('SND.UNA', seq.sub(first.ack, 1)).set('ISS', seq.sub(first.ack, 1));
      // Its own SYN+ACK is where the capture found it, answering a SYN the capture missed.
      return {
        params,
        isn,
        starts: [{ state, vars: v }],
        ...(state === 'SYN_RCVD' ? { begins: packets[0]!.frame } : {}),
      };
    }
    return { params, isn, starts: SYNCHRONIZED.map((state) => ({ state, vars })) };
  }

  /** One of the endpoint's own segments: every hypothesis that explains it lives on. */
  private output(
    all: readonly Hypothesis[],
    p: Packet,
    fx: Collector,
    repeats: number | undefined,
    extras: Extras,
    seen: Seen,
  ): Hypothesis[] {
    // Inputs further ahead than MAX_IN_FLIGHT have been taken by now (the bound of the search).
    const oldest = this.inputs.length - MAX_IN_FLIGHT;
    const early = all.reduce((n, h) => n + Math.max(0, oldest - h.next), 0);
    if (early > 0) {
      this.bounded.outputs++;
      this.bounded.takenEarly += early;
    }
    const hs = early > 0 ? all.map((h) => this.takeAll(h, oldest, fx)) : all;
    const next: Hypothesis[] = [];
    for (const h of hs) {
      // Segments cross on the wire: the endpoint may have sent this before it took some of the
      // inputs captured ahead of it. Every reading that explains it lives on, the one that took
      // the most inputs first; of readings that differ only in the peer's ACKs taken (the same
      // state and RCV.NXT), only that one, which keeps the set small in a bulk transfer.
      const kept = new Set<string>();
      const readings = this.readings(h, fx);
      for (let k = readings.length - 1; k >= 0; k--) {
        const taken = readings[k]!;
        const reading = `${taken.c.state} ${taken.c.get('RCV.NXT')}`;
        if (kept.has(reading)) continue;
        const explained = this.explain(taken, p, fx);
        if (explained.length > 0) {
          kept.add(reading);
          next.push(...explained);
        }
      }
    }
    if (next.length > 0) return this.dedupe(next);
    // A segment the RFC lets the endpoint send besides: it changes nothing, the judge goes on.
    const extra = hs.map((h) => extras.extra(p.segment, h.c.state, p.time / 1000)).find((x) => x !== undefined);
    if (extra) {
      const note = this.accepted(p.frame, extra === 'keep_alive' ? 'keep-alive' : 'window-update')!;
      return hs.map((h) => ({ ...h, log: push(h.log, note) }));
    }
    if (repeats !== undefined)
      return hs.map((h) => ({ ...h, log: push(h.log, { kind: 'gap', frame: p.frame, why: 'repeat', of: repeats }) }));
    // The tail of what it sent, again, sooner than a retransmission (src/check/tail-loss-probe.ts).
    if (this.latitude.has('tail_loss_probe') && hs.some((h) => isTailProbe(h.c, p.segment))) {
      const note = this.accepted(p.frame, 'tail-loss-probe')!;
      return hs.map((h) => ({ ...h, log: push(h.log, note) }));
    }
    // Out-of-order data the spec left open was held (§3.10.7.4: SHOULD), and now its gap is filled: the AN jumps over it.
    const held = hs.flatMap((h0) => {
      const h = this.takeAll(h0, this.inputs.length, fx);
      const rcvNxt = h.c.get('RCV.NXT');
      const ack = p.segment.ack;
      const jumps =
        h.held &&
        hasFlag(p.segment, 'ACK') &&
        seq.gt(ack, rcvNxt) &&
        !seq.gt(ack, seen.peerEnd ?? rcvNxt) &&
        p.segment.seq === h.c.get('SND.NXT');
      if (!jumps) return [];
      const r = resync(h, p.segment);
      // More was seen past this AN: held data may still fill in behind it, the AN jumping again.
      const more = seen.peerEnd !== undefined && seq.lt(ack, seen.peerEnd);
      // The jump answers the ACKs owed (resync drops them), or else one of the inputs left open:
      // the others may still get theirs (a late copy of them, answered from where it is now).
      const free = r.owed.length < h.owed.length ? h.free : Math.max(0, h.free - 1);
      const jumped = { ...r, free, held: more, log: push(r.log, this.accepted(p.frame, 'left-open')!) };
      return [this.heldFin(jumped, p, fx)];
    });
    if (held.length > 0) return this.dedupe(held);
    const late = this.lateReadings(hs, p, fx);
    if (late.length > 0) return this.dedupe(late);
    const unseen = seen.unseen(p.segment);
    if (unseen && !hs.some((h) => h.fresh)) {
      const gap: Finding = { kind: 'gap', frame: p.frame, why: 'unseen', what: unseen };
      return this.dedupe(
        hs.map((h) => {
          const r = resync(this.takeAll(h, this.inputs.length, fx), p.segment);
          return { ...r, log: stateChange(push(r.log, gap), h.c.state, r.c.state, p.frame) };
        }),
      );
    }
    const besides = this.extraAck(hs, p, fx, extras.lastAn);
    if (besides.length > 0) return this.dedupe(besides);
    return this.violation(hs, p, fx);
  }

  /**
   * Readings in which `p` is a pure ACK sent besides, from where the endpoint is (extra_ack,
   * src/check/extra-ack.ts, a warning), having taken some of the inputs in flight or none (it
   * may have crossed them): they go on owing what they owed.
   */
  private extraAck(hs: readonly Hypothesis[], p: Packet, fx: Collector, lastAn: number | undefined): Hypothesis[] {
    if (!this.latitude.has('extra_ack') || hs.some((h) => h.fresh)) return [];
    const note = this.accepted(p.frame, 'extra-ack')!;
    return hs.flatMap((h) =>
      this.readings(h, fx).flatMap((r) =>
        isExtraAck(r.c, p.segment, lastAn) ? [{ ...r, log: push(r.log, note) }] : [],
      ),
    );
  }

  /**
   * A FIN the peer sent that was held out of order, now that the endpoint's AN `p` jumps one
   * past it: the endpoint took it (and moved as the spec has it: CLOSE_WAIT from ESTABLISHED),
   * and `p` is its ACK. `h` as it is when no FIN ends there or its transition sends another ACK.
   */
  private heldFin(h: Hypothesis, p: Packet, fx: Collector): Hypothesis {
    const fin = this.finEnds.get(p.segment.ack);
    if (!fin) return h;
    const c = h.c.copy();
    c.set('RCV.NXT', seq.sub(p.segment.ack, 1));
    const input: MachineInput = {
      kind: 'segment',
      seg: { ...fin.segment, seq: seq.sub(p.segment.ack, 1), payload: NO_DATA },
    };
    const t = transitionFor(this.machine, c, input, fx);
    if (!t) return h;
    const timers = [...h.timers];
    fx.begin(timers);
    perform(this.machine, c, t, input, fx);
    const sent = fx.end();
    if (sent.length !== 1 || !same(sent[0]!, p.segment)) return h;
    const log = stateChange(push(h.log, { kind: 'pass', frame: p.frame, transition: t }), h.c.state, t.to, p.frame);
    return { ...h, c, timers, log };
  }

  /**
   * Readings in which a queued input was lost or delayed after the capture point: one its sender
   * sent again (path.ts), or one the endpoint acknowledged later (overtaken by the inputs
   * captured after it; not when the capture was beside the endpoint). The one at the AN the
   * endpoint's segment gives reaches it after the others in flight, or never. Each such input
   * is a capture gap, said once.
   */
  private lateReadings(hs: readonly Hypothesis[], p: Packet, fx: Collector): Hypothesis[] {
    const out: Hypothesis[] = [];
    const overtaken = (q: Packet) => (this.arrived.get(q.frame) ?? 0) > p.frame;
    for (const h of hs) {
      // The segment's AN says where the hole is: the input that starts there had not arrived.
      const isLate = (q: Packet) =>
        hasFlag(p.segment, 'ACK') && q.segment.seq === p.segment.ack && (this.resent.has(q.frame) || overtaken(q));
      if (h.late) continue;
      const inputs: number[] = [];
      for (let i = h.next; i < this.inputs.length; i++) if (isLate(this.inputs[i]!)) inputs.push(i);
      if (inputs.length === 0) continue;
      const late = inputs.map((i) => this.inputs[i]!);
      const moved = { ...h, late: { inputs, at: this.inputs.length } };
      for (let upTo = this.inputs.length; upTo >= h.next; upTo--) {
        const explained = this.explain(this.takeAll(moved, upTo, fx), p, fx);
        if (explained.length === 0) continue;
        const gaps = late.filter((q) => !this.delayed.has(q.frame));
        for (const q of gaps) this.delayed.add(q.frame);
        for (const x of explained) {
          let log = x.log;
          for (const q of gaps) {
            const again = this.resent.get(q.frame);
            log = push(
              log,
              again !== undefined
                ? { kind: 'gap', frame: q.frame, why: 'lost', again }
                : { kind: 'gap', frame: q.frame, why: 'overtaken', answer: this.arrived.get(q.frame)! },
            );
          }
          out.push({ ...x, log });
        }
        break;
      }
    }
    return out;
  }

  /** The hypotheses that follow from `h` if the endpoint sent `p` now. */
  private explain(h: Hypothesis, p: Packet, fx: Collector): Hypothesis[] {
    const got = p.segment;
    const late = h.overdue.findIndex((o) => same(o, got));
    if (late >= 0) return [{ ...h, overdue: h.overdue.filter((_, i) => i !== late) }];
    if (this.duplicating && h.owed.length === 0 && same(ackNow(h.c), got))
      return [{ ...h, log: push(h.log, { kind: 'gap', frame: p.frame, why: 'duplicated' }), fresh: false }];
    const refused = this.rstAfterClose(h, got, p.frame);
    if (refused) return [refused];
    // An answer owed: the first one, or a later one whose AN covers the pure ACKs owed before it.
    for (let j = 0; j < h.owed.length; j++) {
      const want = h.owed[j]!.seg;
      const rst = this.rstWithAck(want, got);
      if (rst || same(want, got)) {
        const covered = h.owed.slice(0, j + 1);
        let note: Finding | undefined;
        if (j > 0) {
          note = this.accepted(p.frame, 'cumulative', unique(covered.slice(0, j).map((o) => o.input)));
          if (!note) break;
        } else if (p.time - covered[0]!.time >= DELAYED_US) {
          const ms = Math.round((p.time - covered[0]!.time) / 1000);
          note = this.accepted(p.frame, 'delayed', [covered[0]!.input], ms);
          if (!note) break;
        }
        let log = note ? push(h.log, note) : h.log;
        if (rst) log = push(log, this.accepted(p.frame, 'rst-with-ack', [h.owed[j]!.input])!);
        for (const o of covered) log = push(log, { kind: 'pass', frame: p.frame, transition: o.transition });
        return [{ ...h, owed: h.owed.slice(j + 1), log, fresh: false }];
      }
      if (!covers(want, got)) break;
    }
    // The ACK RFC 9293 §3.10.7.4 sends for a segment the spec leaves open (after an answer owed:
    // when both are the same ACK, it is the owed one).
    if (h.free > 0 && same(ackNow(h.c), got)) {
      const log = push(h.log, this.accepted(p.frame, 'left-open')!);
      return [{ ...h, free: h.free - 1, log, fresh: false }];
    }
    // A hidden event: an application call or a timer, whose transition sends exactly this first.
    if (!h.owed.every((o) => covers(o.seg, got))) return [];
    const out: Hypothesis[] = [];
    const piggybacked =
      h.owed.length > 0 ? this.accepted(p.frame, 'piggybacked', unique(h.owed.map((o) => o.input))) : undefined;
    if (h.owed.length > 0 && !piggybacked) return [];
    for (const { t, c, timers, sent, joined } of this.hiddenRuns(h, got, fx)) {
      const rst = sent.length > 0 && this.rstWithAck(sent[0]!, got);
      // A retransmission of the last data with the FIN already sent on it (data_with_fin).
      const fin = sent.length > 0 && !rst && this.finOnData(sent[0]!, got, h.c);
      const synData = sent.length > 0 && !rst && !fin && !same(sent[0]!, got) && same(withSynData(sent[0]!, got), got);
      // A retransmission of less than the spec resends: a prefix, as first sent (the rto allowance).
      const prefix =
        sent.length > 0 && !rst && !fin && !synData && this.latitude.has('rto') && isResentPrefix(t, sent[0]!, got);
      if (sent.length === 0 || (!rst && !fin && !synData && !prefix && !same(sent[0]!, got))) continue;
      let log = piggybacked ? push(h.log, piggybacked) : h.log;
      if (synData) {
        // The data takes sequence space after the SYN; it is sent again from SND.UNA if not acknowledged.
        c.set('SND.NXT', seq.add(c.get('SND.NXT'), got.payload.length));
        log = push(log, this.accepted(p.frame, 'syn-data')!);
      }
      if (rst) log = push(log, this.accepted(p.frame, 'rst-with-ack')!);
      if (fin || joined) log = push(log, this.accepted(p.frame, 'data-with-fin')!);
      if (prefix) log = push(log, this.accepted(p.frame, 'resent-prefix')!);
      if (joined) log = push(log, { kind: 'pass', frame: p.frame, transition: joined });
      for (const o of h.owed) log = push(log, { kind: 'pass', frame: p.frame, transition: o.transition });
      const owed = sent.slice(1).map((seg) => ({ seg, transition: t, input: p.frame, time: p.time }));
      if (owed.length === 0) log = push(log, { kind: 'pass', frame: p.frame, transition: t });
      log = stateChange(log, h.c.state, t.to, p.frame);
      out.push({ ...h, c, timers, owed, log, fresh: false });
    }
    return out;
  }

  /**
   * The hidden inputs (calls, timers) the state has a sending transition for whose guard holds,
   * with the observed data for a send, each run on a copy of the hypothesis.
   */
  private hiddenRuns(h: Hypothesis, got: Sent, fx: Collector): HiddenRun[] {
    const out: HiddenRun[] = [];
    const key = controlKey(got.flags);
    // A RST with ACK may stand for a RST alone (rst_with_ack).
    const rst = key === 'RST+ACK' && this.latitude.has('rst_with_ack');
    const sends = (k: ReadonlySet<string>) => k.has(key) || (rst && k.has('RST'));
    const inputs: MachineInput[] = [];
    for (const call of HIDDEN_CALLS) {
      if (sends(firstSends(this.machine, h.c.state, callKey(call))))
        inputs.push({ kind: 'call', call, ...(call === 'send' ? { data: got.payload } : {}) });
    }
    for (const timer of h.timers)
      if (sends(firstSends(this.machine, h.c.state, timerKey(timer)))) inputs.push({ kind: 'timer', timer });
    for (const input of inputs) {
      const run = this.runHidden(h.c, h.timers, input, fx);
      if (run) out.push(run);
    }
    const joined = this.latitude.has('data_with_fin') ? this.finJoined(h, got, fx) : undefined;
    if (joined) out.push(joined);
    return out;
  }

  /** A hidden input run on a copy of `c`: undefined when no transition takes it or the one that does sends nothing. */
  private runHidden(
    c0: Connection,
    timers0: readonly string[],
    input: MachineInput,
    fx: Collector,
  ): HiddenRun | undefined {
    const t = transitionFor(this.machine, c0, input, fx);
    if (!t?.actions.some((a) => a.kind === 'send' || a.kind === 'resend')) return undefined;
    const c = c0.copy();
    const timers = [...timers0];
    fx.begin(timers);
    perform(this.machine, c, t, input, fx);
    return { t, c, timers, sent: fx.end() };
  }

  /** A hidden send of `got`'s data and a hidden close after it, the FIN on the data (src/check/data-with-fin.ts). */
  private finJoined(h: Hypothesis, got: Sent, fx: Collector): HiddenRun | undefined {
    const run = (c: Connection, timers: readonly string[], input: MachineInput) => {
      const r = this.runHidden(c, timers, input, fx);
      return r && { run: r, sent: r.sent, nxt: r.c.get('SND.NXT') };
    };
    const joined = finJoinedToData(
      got,
      (data) => run(h.c, h.timers, { kind: 'call', call: 'send', data }),
      (after) => run(after.c, after.timers, { kind: 'call', call: 'close' }),
    );
    return joined && { ...joined.close, sent: joined.sent, joined: joined.send.t };
  }

  /**
   * An answer owed in CLOSED to a segment that came after the endpoint's own RST: the
   * connection it reset (quiet_after_reset, src/check/quiet-after-reset.ts).
   */
  private quietAfterReset(o: Owed): boolean {
    return (
      this.latitude.has('quiet_after_reset') &&
      answersAfterReset(o, this.machine.initial, this.resetAt, GRACE_MS * 1000)
    );
  }

  /** A RST with ACK where the spec sends a RST alone, the same in every other field (the rst_with_ack allowance). */
  private rstWithAck(want: Sent, got: Sent): boolean {
    return (
      this.latitude.has('rst_with_ack') &&
      addsAckToRst(want.flags, got.flags) &&
      want.seq === got.seq &&
      want.payload.length === got.payload.length
    );
  }

  /**
   * A half-duplex close (the rst_after_close allowance): data that arrived after the endpoint's
   * CLOSE, which the spec delivers and acknowledges, answered with a RST from SND.NXT or from
   * the data's AN instead. The connection is gone.
   */
  private rstAfterClose(h: Hypothesis, got: Sent, frame: number): Hypothesis | undefined {
    // Only when that ACK is the one answer owed: a later input (a FIN) is answered in CLOSED.
    const o = h.owed.length === 1 ? h.owed[0] : undefined;
    if (!o || !this.latitude.has('rst_after_close') || controlKey(got.flags) !== 'RST') return undefined;
    const t = o.transition;
    if (!AFTER_CLOSE.has(t.from) || !t.actions.some((a) => a.kind === 'deliver')) return undefined;
    const input = this.byFrame.get(o.input)?.segment;
    if (got.seq !== o.seg.seq && got.seq !== input?.ack) return undefined;
    const c = h.c.copy();
    c.state = 'CLOSED';
    const log = stateChange(
      push(h.log, this.accepted(frame, 'rst-after-close', [o.input])!),
      h.c.state,
      'CLOSED',
      frame,
    );
    return { ...h, c, owed: [], timers: [], log, fresh: false };
  }

  /**
   * Data the spec sends alone (a retransmission of the last data after the FIN went) that came
   * with the FIN riding on it, right after the data (the data_with_fin allowance).
   */
  private finOnData(want: Sent, got: Sent, c: Connection): boolean {
    const data = dataOf(got);
    return (
      this.latitude.has('data_with_fin') &&
      !hasFlag(want, 'FIN') &&
      data !== undefined &&
      same(want, data) &&
      finEndsAt(got, c.get('SND.NXT'))
    );
  }

  /**
   * The readings of `h` for an output: with none of the inputs in flight taken yet, one, two,
   * ..., all; each one input further than the one before (taking them one by one costs as
   * much as taking them all once).
   */
  private readings(h: Hypothesis, fx: Collector): Hypothesis[] {
    const out = [h];
    for (let k = h.next; k <= this.inputs.length; k++) {
      // Inputs delayed to this point reach the endpoint before the next one: a reading of their own.
      if (out.at(-1)!.late?.at === k) out.push(this.takeAll(out.at(-1)!, k, fx, true));
      if (k > h.next) out.push(this.takeAll(out.at(-1)!, k, fx));
    }
    for (const r of out) this.work += 1 + r.owed.length;
    return out;
  }

  /**
   * Take the inputs in flight up to (not including) the `upTo`th, and the delayed ones
   * (Hypothesis.late) where they arrive: before the input they precede, or at `upTo` when
   * `thenLate`.
   */
  private takeAll(h: Hypothesis, upTo: number, fx: Collector, thenLate = false): Hypothesis {
    const late = h.late;
    const lateNow = late !== undefined && (late.at < upTo || (thenLate && late.at === upTo));
    if (upTo <= h.next && !lateNow) return h;
    const order = late ? lateOrder(late, h.next, upTo, lateNow) : undefined;
    const count = order ? order.length : upTo - h.next;
    const c = h.c.copy();
    const timers = [...h.timers];
    const owed = [...h.owed];
    let log = h.log;
    let fresh = h.fresh;
    let free = h.free;
    let held = h.held;
    this.work += upTo - h.next + h.owed.length;
    for (let j = 0; j < count; j++) {
      const p = this.inputs[order ? order[j]! : h.next + j]!;
      const input: MachineInput = { kind: 'segment', seg: p.segment };
      fx.begin(timers);
      // Past the window the endpoint advertised: not acceptable whole, its answer left open (window.ts).
      const t = this.outside.has(p) ? undefined : transitionFor(this.machine, c, input, fx);
      if (!t) {
        // Old data, or data past RCV.NXT: the spec leaves the answer open; RFC 9293 §3.10.7.4 acknowledges it.
        if (this.outside.has(p) || leftOpen(this.machine, c, input, fx)) {
          free++;
          held = true;
        }
        fx.end();
        continue;
      }
      const from = c.state;
      perform(this.machine, c, t, input, fx);
      const sent = fx.end();
      fresh = false;
      for (const seg of sent) owed.push({ seg, transition: t, input: p.frame, time: p.time });
      if (sent.length === 0) log = push(log, { kind: 'pass', frame: p.frame, transition: t });
      log = stateChange(log, from, t.to, p.frame);
    }
    return {
      ...h,
      c,
      timers,
      owed,
      log,
      fresh,
      free,
      held,
      next: Math.max(upTo, h.next),
      late: lateNow ? undefined : late,
    };
  }

  /**
   * Inputs captured more than GRACE_MS ago have been taken by now, and their answers are
   * due. At the end of the capture (`final`), answers not yet due cannot be judged.
   */
  private expire(h: Hypothesis, now: number, fx: Collector, final = false): Hypothesis {
    // Anything captured before this is due.
    const dueBefore = now - GRACE_MS * 1000;
    let k = h.next;
    while (k < this.inputs.length && this.inputs[k]!.time <= dueBefore) k++;
    const taken = this.takeAll(h, k, fx);
    if (taken.owed.length === 0 || (taken.owed[0]!.time > dueBefore && !final)) return taken;
    let log = taken.log;
    let violations = taken.violations;
    const owed: Owed[] = [];
    const overdue = [...taken.overdue];
    for (const o of taken.owed) {
      const again = this.resent.get(o.input);
      const answer = isPureAck(o.seg) ? this.answered.get(o.input) : undefined;
      if (o.time <= dueBefore && this.silent) {
        // Nothing shows the input reached the endpoint, nor that a copy was lost on the way.
        log = push(log, { kind: 'gap', frame: o.input, why: 'silent' });
      } else if (o.time <= dueBefore && again !== undefined) {
        // Its input was lost after the capture point (the peer sent it again): a gap, not a fault.
        overdue.push(o.seg);
        log = push(log, { kind: 'gap', frame: o.input, why: 'lost', again });
      } else if (o.time <= dueBefore && answer !== undefined) {
        // The answer comes after all: expected then, as for one reported missing.
        overdue.push(o.seg);
        log = push(log, { kind: 'gap', frame: o.input, why: 'late', answer });
      } else if (o.time <= dueBefore && this.quietAfterReset(o)) {
        log = push(log, this.accepted(o.input, 'quiet-after-reset', [o.input])!);
      } else if (o.time <= dueBefore) {
        overdue.push(o.seg);
        log = push(log, {
          kind: 'violation',
          frame: o.input,
          transition: o.transition,
          state: o.transition.from,
          what: 'missing',
          expected: o.seg,
          input: o.input,
        });
        violations++;
      } else if (final) {
        log = push(log, { kind: 'unjudged', frame: o.input, why: 'capture-ended' });
      } else {
        owed.push(o);
      }
    }
    return { ...taken, owed, log, violations, overdue: overdue.slice(-MAX_OVERDUE) };
  }

  /**
   * No hypothesis explains the segment: find the nearest expectation (an owed answer, or what
   * a hidden event would send) with the same control flags and fewest fields apart, report it,
   * and go on as if the endpoint had done that.
   */
  private violation(hs: readonly Hypothesis[], p: Packet, fx: Collector): Hypothesis[] {
    const got = p.segment;
    const fresh = hs.filter((h) => h.fresh);
    if (fresh.length > 0) {
      // Before its first transition a mid-connection hypothesis only guesses: this may answer something before the capture.
      return fresh.map((h) => ({
        ...h,
        log: push(h.log, { kind: 'unjudged', frame: p.frame, why: 'mid-connection' }),
      }));
    }
    let best: { h: Hypothesis; t: Transition; expected: Sent; distance: number; after: Hypothesis } | undefined;
    for (const h0 of hs) {
      const h = this.takeAll(h0, this.inputs.length, fx);
      const options: { t: Transition; expected: Sent; after: () => Hypothesis }[] = h.owed.map((o, j) => ({
        t: o.transition,
        expected: o.seg,
        after: () => ({ ...h, owed: h.owed.slice(j + 1) }),
      }));
      for (const { t, c, timers, sent } of this.hiddenRuns(h, got, fx)) {
        if (sent.length > 0)
          options.push({
            t,
            expected: withSynData(sent[0]!, got),
            after: () => ({
              ...h,
              c,
              timers,
              owed: sent.slice(1).map((seg) => ({ seg, transition: t, input: p.frame, time: p.time })),
            }),
          });
      }
      for (const o of options) {
        // What it would have sent is exactly this: not the difference (an owed segment not sent is); never report it.
        if (same(o.expected, got)) continue;
        const distance = distanceOf(o.expected, got);
        if (!best || distance < best.distance) best = { h, t: o.t, expected: o.expected, distance, after: o.after() };
      }
    }
    const h = best?.after ?? hs[0]!;
    // The state the expected transition leaves: an owed answer's transition was taken already.
    const state = best?.t.from ?? hs[0]!.c.state;
    const unexplained: Finding = {
      kind: 'violation',
      frame: p.frame,
      transition: best?.t,
      state,
      what: 'unexplained',
      ...(best ? { expected: best.expected } : {}),
      got,
    };
    // A RST as a host with no connection sends it, from a state a timer ends silently (TIME_WAIT):
    // the endpoint left that state before its timer expired, and the timer's rule is the one
    // broken (W4.2msl, MUST-13), if CLOSED explains the RST (closedBefore).
    const early = hasFlag(got, 'RST') ? this.endedEarly(hs, fx) : undefined;
    let finding: Finding = early ? { kind: 'violation', frame: p.frame, ...early, what: 'early', got } : unexplained;
    // A RST says the endpoint had no connection: maybe already when the inputs queued ahead of it
    // arrived, which it then answered as CLOSED does (one fault, not one per answer after it).
    const closed = hasFlag(got, 'RST') ? this.closedBefore(hs, p, fx, push(hs[0]!.log, finding)) : [];
    if (closed.length === 0) finding = unexplained;
    const before = (best?.h ?? hs[0]!).c.state;
    const log = push(h.log, finding);
    const violations = h.violations + 1;
    // Three readings go on, and later segments tell which holds: the endpoint did what the spec
    // says and only this segment was wrong; or it is where its own segment says it is (the
    // model's numbers were wrong: data the capture missed, a segment lost after the capture
    // point); or the segment was sent besides, and what the endpoint owed it still owes (an
    // extra duplicate ACK before the ACK owed, ndpi/teams.pcap). Any way, one fault is one
    // finding, not one in every later segment.
    const resynced = resync(h, got);
    const besides = best ? [best.h] : [];
    return this.dedupe([
      ...[h, resynced, ...besides].map((x) => ({
        ...x,
        log: stateChange(log, before, x.c.state, p.frame),
        violations,
        fresh: false,
      })),
      ...closed.map((x) => ({ ...x, violations, fresh: false })),
    ]);
  }

  /**
   * The transition of a timer running in a reading that ends its state silently in CLOSED (the
   * 2 MSL of TIME_WAIT), with that state: what an endpoint that no longer has the connection
   * skipped. Undefined when no reading runs such a timer.
   */
  private endedEarly(hs: readonly Hypothesis[], fx: Collector): { transition: Transition; state: string } | undefined {
    for (const h of hs)
      for (const timer of h.timers) {
        const t = transitionFor(this.machine, h.c, { kind: 'timer', timer }, fx);
        const silent = t && !t.actions.some((a) => a.kind === 'send' || a.kind === 'resend');
        if (t && silent && t.to === this.machine.initial) return { transition: t, state: h.c.state };
      }
    return undefined;
  }

  /** Readings in which the endpoint was CLOSED before it took the queued inputs, that explain its RST `p`. */
  private closedBefore(hs: readonly Hypothesis[], p: Packet, fx: Collector, log: Log): Hypothesis[] {
    for (const h0 of hs) {
      if (h0.next >= this.inputs.length) continue;
      const c = h0.c.copy();
      c.state = 'CLOSED';
      const x: Hypothesis = { ...h0, c, owed: [], timers: [], log: stateChange(log, h0.c.state, 'CLOSED', p.frame) };
      for (let upTo = this.inputs.length; upTo > x.next; upTo--) {
        const explained = this.explain(this.takeAll(x, upTo, fx), p, fx);
        if (explained.length > 0) return explained;
      }
    }
    return [];
  }

  /** The hypotheses, each kept once, the first MAX_HYPOTHESES of them; the rest are counted as dropped. */
  private dedupe(hs: Hypothesis[]): Hypothesis[] {
    if (hs.length <= 1) return hs;
    const seen = new Map<string, Hypothesis>();
    for (const h of hs) {
      const key = sameKey(h);
      if (!seen.has(key)) seen.set(key, h);
    }
    this.bounded.dropped += Math.max(0, seen.size - MAX_HYPOTHESES);
    return [...seen.values()].slice(0, MAX_HYPOTHESES);
  }
}

/**
 * The order in which inputs `from` to `upTo` (not including) reach the endpoint when `late`
 * ones were delayed to arrive just before input `late.at`; with `lateNow` they arrive by
 * `upTo` (at it, when nothing later is taken).
 */
function lateOrder(late: NonNullable<Hypothesis['late']>, from: number, upTo: number, lateNow: boolean): number[] {
  const order: number[] = [];
  for (let i = from; i < upTo; i++) {
    if (i === late.at) order.push(...late.inputs);
    if (!late.inputs.includes(i)) order.push(i);
  }
  if (lateNow && late.at >= upTo) order.push(...late.inputs);
  return order;
}

/** Where the spec machine's actions go while the checker runs it: outputs are collected, timers tracked. */
class Collector implements Effects {
  private sent: Sent[] = [];
  private timers: string[] = [];

  constructor(
    readonly params: Readonly<Record<string, number>>,
    private readonly isnValue: number,
  ) {}

  begin(timers: string[]): void {
    this.sent = [];
    this.timers = timers;
  }

  end(): Sent[] {
    return this.sent;
  }

  /** The ISN the endpoint was seen to choose: the spec leaves the value free (RFC 6528). */
  isn(): number {
    return this.isnValue;
  }

  send(s: Sent): void {
    this.sent.push(s);
  }

  deliver(): void {}

  notify(): void {}

  startTimer(name: string): void {
    if (!this.timers.includes(name)) this.timers.push(name);
  }

  stopTimer(name: string): void {
    const i = this.timers.indexOf(name);
    if (i >= 0) this.timers.splice(i, 1);
  }
}

/**
 * The hypothesis moved to where the endpoint's own segment says it is: SND.NXT past what it
 * sent, RCV.NXT at the AN it sent, no ACK owed any more (its AN says what it has received);
 * a RST leaves it without a connection.
 */
function resync(h: Hypothesis, got: Sent): Hypothesis {
  const c = h.c.copy();
  if (hasFlag(got, 'RST')) {
    c.state = 'CLOSED';
    return { ...h, c, owed: [], timers: [] };
  }
  const end = seq.add(got.seq, segLen(got));
  if (seq.gt(end, c.get('SND.NXT'))) c.set('SND.NXT', end);
  if (hasFlag(got, 'ACK')) c.set('RCV.NXT', got.ack);
  return { ...h, c, owed: h.owed.filter((o) => controlKey(o.seg.flags) !== 'ACK' || o.seg.payload.length > 0) };
}

/** How far each side of a connection was seen to send: what lies beyond, the capture did not show. */
class Seen {
  private ownEnd: number | undefined;
  peerEnd: number | undefined;
  /** Stretches of the endpoint's own sequence space it skipped: [start, end). */
  private holes: [number, number][] = [];

  own(s: Sent): void {
    if (this.ownEnd !== undefined && seq.gt(s.seq, this.ownEnd) && this.holes.length < MAX_HOLES)
      this.holes.push([this.ownEnd, s.seq]);
    this.ownEnd = furthest(this.ownEnd, s);
  }

  /** Whether `s` lies in a hole the endpoint's sequence left: what the capture saw late; it shrinks the hole. */
  fills(s: Sent): boolean {
    const end = seq.add(s.seq, segLen(s));
    const i = this.holes.findIndex(([a, b]) => seq.le(a, s.seq) && seq.lt(s.seq, b) && seq.le(end, b));
    if (i < 0 || segLen(s) === 0) return false;
    const [a, b] = this.holes[i]!;
    this.holes.splice(
      i,
      1,
      ...(
        [
          [a, s.seq],
          [end, b],
        ] as [number, number][]
      ).filter(([x, y]) => seq.lt(x, y)),
    );
    return true;
  }

  peer(s: Sent): void {
    this.peerEnd = furthest(this.peerEnd, s);
  }

  /** Whether the endpoint's `s` starts past all it was seen to send, or acknowledges past all the peer was. */
  unseen(s: Sent): 'own' | 'peer' | undefined {
    if (hasFlag(s, 'SYN') || hasFlag(s, 'RST')) return undefined;
    if (this.ownEnd !== undefined && seq.gt(s.seq, this.ownEnd)) return 'own';
    if (this.peerEnd !== undefined && hasFlag(s, 'ACK') && seq.gt(s.ack, this.peerEnd)) return 'peer';
    return undefined;
  }
}

function furthest(end: number | undefined, s: Sent): number {
  const e = seq.add(s.seq, segLen(s));
  return end === undefined || seq.gt(e, end) ? e : end;
}

/**
 * What the spec's SYN `want` is with the data `got` carries on its SYN: RFC 9293 §3.5 calls
 * synchronizing with data-carrying segments "perfectly legitimate" (TCP Fast Open does it), so
 * the data is not a difference. Any other segment is `want` as it is.
 */
function withSynData(want: Sent, got: Sent): Sent {
  const syn = hasFlag(want, 'SYN') && hasFlag(got, 'SYN') && !hasFlag(want, 'ACK');
  return syn && want.payload.length === 0 && got.payload.length > 0 ? { ...want, payload: got.payload } : want;
}

/** Is `mine`, a pure ACK, a keep-alive probe: does the peer's `answer` acknowledge one past its SN? */
function isProbe(mine: Sent, answer: Sent | undefined): boolean {
  return (
    controlKey(mine.flags) === 'ACK' &&
    mine.payload.length === 0 &&
    answer !== undefined &&
    hasFlag(answer, 'ACK') &&
    answer.ack === seq.add(mine.seq, 1)
  );
}

/** The ACK an endpoint sends to say where it is: <SEQ=SND.NXT><ACK=RCV.NXT>. */
function ackNow(c: Connection): Sent {
  return { seq: c.get('SND.NXT'), ack: c.get('RCV.NXT'), flags: ['ACK'], payload: NO_DATA };
}

const NO_DATA = new Uint8Array(0);

function withVariables(c: Connection, vars: ReadonlyMap<string, number>): Connection {
  for (const [name, value] of vars) c.set(name, value);
  return c;
}

const push = (log: Log | undefined, finding: Finding): Log => ({ finding, prev: log });

/** The accepted departures in a log that are warnings (their allowance's level). */
function warningsIn(log: Log | undefined): number {
  let n = 0;
  for (let l = log; l; l = l.prev) if (l.finding.kind === 'accepted' && l.finding.allowance?.level === 'warning') n++;
  return n;
}

function stateChange(log: Log | undefined, from: string, to: string, frame: number): Log | undefined {
  return from === to ? log : push(log, { kind: 'state', frame, state: to });
}

const unique = (xs: readonly number[]) => [...new Set(xs)];

/** The fields the spec fixes: control flags (PSH is not one), SN, AN when ACK is set, the MSS option, the data. */
export function same(want: Sent, got: Sent): boolean {
  return (
    controlKey(want.flags) === controlKey(got.flags) &&
    want.seq === got.seq &&
    (!hasFlag(want, 'ACK') || want.ack === got.ack) &&
    want.mss === got.mss &&
    want.payload.length === got.payload.length &&
    (want.payload === got.payload || equalBytes(want.payload, got.payload))
  );
}

const isPureAck = (s: Sent): boolean => controlKey(s.flags) === 'ACK' && s.payload.length === 0;

/** Does `got` acknowledge what the owed pure ACK `want` would have, from the same place in sequence space? */
function covers(want: Sent, got: Sent): boolean {
  return (
    controlKey(want.flags) === 'ACK' &&
    want.payload.length === 0 &&
    hasFlag(got, 'ACK') &&
    got.seq === want.seq &&
    seq.le(want.ack, got.ack)
  );
}

/** How far apart two segments are: a different flag counts most, then each field that differs. */
function distanceOf(want: Sent, got: Sent): number {
  let d = controlKey(want.flags) === controlKey(got.flags) ? 0 : 10;
  if (want.seq !== got.seq) d++;
  if (hasFlag(want, 'ACK') && want.ack !== got.ack) d++;
  if (want.mss !== got.mss) d++;
  if (want.payload.length !== got.payload.length) d++;
  return d;
}

/** What makes two hypotheses the same: dedupe keeps the first of each. */
function sameKey(h: Hypothesis): string {
  return [
    h.c.state,
    ...h.c.vals,
    ...[...h.timers].sort(),
    h.owed.length,
    h.next,
    h.free,
    h.held,
    h.violations,
    h.late ? `${h.late.inputs.join(':')}@${h.late.at}` : '',
  ].join();
}
