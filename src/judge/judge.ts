/**
 * The judge: decides whether what an implementation did at each step is something RFC 9293
 * allows. The case's expectation is the spec's one behaviour; the spec's latitude
 * (core/latitude.ts, spec/latitude.yaml) widens it to the set of behaviours the RFC allows.
 * The judge keeps what the observations so far leave open (the ACKs still owed, how late the
 * clock runs against the plan) and goes on from what the implementation actually did: an
 * ACK it delays is owed, not missing, and one later segment may pay several debts.
 *
 * Latitude moves segments in time and lets one stand for several; it never changes a field.
 * Every SN, AN, option and octet is still the spec's, so a wrong number fails as before.
 */
import { dataOf, finEndsAt } from './fin-on-data.js';
import type { Expectation, SegmentPattern } from '../../core/case.js';
import { EXACT, type Allowance, type AllowanceKind, type Latitude } from '../../core/latitude.js';
import type { Reaction } from '../../core/reaction.js';
import { CONTROL_FLAGS, controlKey, hasFlag, segLen, text, type Segment } from '../../core/segment.js';
import * as seq from '../../core/seq.js';
import type { Endpoints } from '../adapter.js';
import { checkApp, checkSegment, describePattern, describeSegment } from '../harness/check.js';
import type { Bindings } from '../harness/terms.js';
import { Extras } from './extras.js';
import { t, type Text } from '../i18n/text.js';
import { Retransmissions, timesOf } from './retransmissions.js';
import { ackedHeld, type Held, heldEnd, holdMore, isStreamPattern, sendsHeld } from './held.js';
import { addsAckToRst } from './rst-with-ack.js';

/** The peer's MSS when its SYN carries no option (§3.7.1, MUST-15). */
const DEFAULT_PEER_MSS = 536;
/** States where a SYN (or SYN+ACK) opens the connection, so its MSS option is the peer's. */
const SYN_TAKEN = new Set(['CLOSED', 'LISTEN', 'SYN_SENT']);

/** A segment the spec sent that has not been seen yet, and may still come. */
export interface Owed {
  readonly pattern: SegmentPattern;
  /** The step whose transition sends it: a debt never paid is that step's failure. */
  readonly index: number;
  /** The judge's clock when it became owed. */
  readonly since: number;
  /** It acknowledges more than any ACK before it: only such an ACK may wait or be one of several. */
  readonly news: boolean;
}

/** A place where the judge used latitude: shown in reports; a warning when the allowance says so. */
export interface LatitudeNote {
  readonly index: number;
  readonly allowance: Allowance;
  readonly message: Text;
}

/** What a step found wrong; `index` when it is another step's doing (an ACK owed since then). */
export interface JudgeProblem {
  readonly message: Text;
  readonly expected?: string;
  readonly got?: string;
  readonly index?: number;
}

/** How the judge times what the implementation sends. */
export interface JudgeClock {
  /** The implementation's declared lower bound of its RTO (RTO_MIN), or the spec's RTO, ms. */
  readonly rtoMinMs: number;
  /** How far a measured interval may be off, ms (a real clock's tolerance; 0 on a virtual one). */
  readonly toleranceMs: number;
  /** On a real clock, the time now (ms); on a virtual one the judge counts the time it advanced. */
  readonly now?: () => number;
  /**
   * A known variation the run accepts that retransmits a SYN `count` times at an unchanged
   * interval before back-off starts (spec/linux.yaml linux.syn-schedule): such a retransmission
   * is reported as that variation, not as a departure from RFC 6298 (5.5).
   */
  readonly synLinear?: { readonly count: number; readonly variation: string };
  /** The implementation declares RACK-TLP (parameter TLP): its tail loss probes are judged by RFC 8985. */
  readonly tlp?: boolean;
}

/** Without a declared RTO_MIN no retransmission may come before the plan's. */
const ON_PLAN: JudgeClock = { rtoMinMs: Number.POSITIVE_INFINITY, toleranceMs: 0 };

/** States where the connection is gone: an ACK still owed will never be sent, and need not be. */
const WITHOUT_CONNECTION = new Set(['CLOSED', 'LISTEN']);

/** One segment the spec expects, in the order it expects them: debts first, then the step's own. */
interface Item extends Owed {
  /** Its place (from 1) among the step's own expected segments; 0 for a debt of an earlier step. */
  readonly pos: number;
}

export class Judge {
  private owed: Owed[] = [];
  private notes: LatitudeNote[] = [];
  /** The known variations (their IDs) the judge took timing for. */
  private varied: string[] = [];
  /** Time passed so far, as the adapter was asked to advance (ms). */
  private clock = 0;
  /** How far the clock runs ahead of the plan, from waiting out timers on a coarse tick. */
  private late = 0;
  /** The highest AN the endpoint sent or owes so far. */
  private highestAck: number | undefined;
  /** What it sent that takes sequence space and is unacknowledged: its retransmissions are timed. */
  private rexmt: Retransmissions;
  /** What the connection has shown so far, to tell a window update or a keep-alive probe from a wrong segment. */
  private extras: Extras;
  /** The state the spec says the endpoint is in after the last step. */
  private state = 'CLOSED';
  /** Data (and a FIN after it) the spec sent that the endpoint holds back (Nagle, §3.7.4). */
  private held: Held | undefined;
  /** The peer's MSS, from its SYN: the largest segment the endpoint may send, and what Nagle calls full-sized. */
  private peerMss = DEFAULT_PEER_MSS;

  constructor(
    private readonly b: Bindings,
    private readonly ends: Endpoints,
    private readonly latitude: Latitude = EXACT,
    /** The implementation's declared timer granularity (ms); 0: timers fire on time. */
    readonly granularityMs = 0,
    /** The implementation's declared keep-alive idle time (ms); 0: keep-alives off. */
    keepAliveMs = 0,
    private readonly timing: JudgeClock = ON_PLAN,
  ) {
    this.extras = new Extras((kind) => this.allows(kind), keepAliveMs);
    this.rexmt = new Retransmissions({
      minMs: timing.rtoMinMs,
      toleranceMs: timing.toleranceMs,
      ...(timing.synLinear ? { synLinear: timing.synLinear.count } : {}),
      probe: timing.tlp === true && this.allows('tail_loss_probe') !== undefined,
    });
  }

  /** Its retransmission timer ran ahead of the plan's on this connection (RFC 6298's RTO, below the spec's). */
  get ahead(): boolean {
    return this.rexmt.ahead;
  }

  /**
   * Judge by `tryIt`, and go back to where the judge was if it finds a problem: for a
   * judgement that is one of several tried (the outputs of several steps at once).
   */
  tentatively<T>(tryIt: () => T | undefined): T | undefined {
    const restore = this.snapshot();
    const problem = tryIt();
    if (problem !== undefined) restore();
    return problem;
  }

  /** Would `tryIt` find no problem? The judge stays where it was either way. */
  wouldPass<T>(tryIt: () => T | undefined): boolean {
    const restore = this.snapshot();
    const problem = tryIt();
    restore();
    return problem === undefined;
  }

  /** A function that puts the judge back where it is now (once). */
  private snapshot(): () => void {
    const saved = {
      owed: [...this.owed],
      notes: [...this.notes],
      varied: [...this.varied],
      clock: this.clock,
      late: this.late,
      highestAck: this.highestAck,
      state: this.state,
      held: this.held,
      rexmt: this.rexmt.copy(),
      // Its fields are numbers: a shallow copy is a copy.
      extras: Object.assign(Object.create(Extras.prototype) as Extras, this.extras),
    };
    return () => {
      ({ owed: this.owed, notes: this.notes, clock: this.clock, late: this.late, highestAck: this.highestAck } = saved);
      this.varied = saved.varied;
      ({ state: this.state, held: this.held, rexmt: this.rexmt, extras: this.extras } = saved);
    };
  }

  /** At step `index`, what the `n` timed steps after it expect came already: the RTO ran ahead of the plan's. */
  broughtForward(index: number, n: number): void {
    this.notes.push(this.note('rto', index, t('judge.rto.forward', { n })));
  }

  /**
   * The endpoint ignored the RST of step `index` in TIME_WAIT (RFC 1337) and stayed there: the
   * judge follows it from there on, with a warning at that step.
   */
  stayedInTimeWait(index: number): void {
    this.notes.push(this.note('time_wait_rst', index, t('judge.time_wait.rst')));
  }

  /** The judge's time now, ms: the real clock's, or the time advanced so far. */
  private now(): number {
    return this.timing.now?.() ?? this.clock;
  }

  get owing(): readonly Owed[] {
    return this.owed;
  }

  get used(): readonly LatitudeNote[] {
    return this.notes;
  }

  /** The known variations whose timing explained what was seen (a SYN not backed off). */
  get variations(): readonly string[] {
    return this.varied;
  }

  /** Did step `index` pass only with a warning? */
  warnedAt(index: number): boolean {
    return this.notes.some((n) => n.index === index && n.allowance.level === 'warning');
  }

  /** Step `index` is explained otherwise (a known variation of the implementation's family): its warnings go. */
  withdrawWarnings(index: number): void {
    this.notes = this.notes.filter((n) => n.index !== index || n.allowance.level !== 'warning');
  }

  allows(kind: AllowanceKind): Allowance | undefined {
    return this.latitude.get(kind);
  }

  /**
   * How long to advance for a planned wait of `ms`: less by what an earlier wait for a late
   * timer ran ahead, so later timers are judged against the plan's schedule.
   */
  advanceFor(ms: number): number {
    const ahead = Math.min(ms, this.late);
    this.late -= ahead;
    return ms - ahead;
  }

  /**
   * A call or a segment: timers it starts are planned from now, so what the clock ran ahead
   * for earlier timers is no longer owed to the plan. What the peer's segment acknowledges is
   * no longer retransmitted.
   */
  input(segment?: Segment): void {
    this.late = 0;
    if (segment && this.inOrder(segment)) this.rexmt.acked(segment);
  }

  /**
   * Does the endpoint take the ACK of the peer's `s`? Only a segment it accepts (§3.10.7.4):
   * one at RCV.NXT (the AN it sent last), or a SYN+ACK answering its SYN before it has any.
   * An unacceptable one is dropped with its ACK, and what it acknowledges is still retransmitted.
   */
  private inOrder(s: Segment): boolean {
    if (!hasFlag(s, 'ACK') || hasFlag(s, 'RST')) return false;
    return hasFlag(s, 'SYN') ? this.highestAck === undefined : s.seq === this.highestAck;
  }

  /** The endpoint received `s` (after `input()`): a keep-alive probe may come only after a quiet time. */
  received(s: Segment): void {
    this.extras.received(s, this.clock);
    // Only a SYN that opens the connection sets the peer's MSS (§3.7.1); one in another state is refused.
    if (hasFlag(s, 'SYN') && SYN_TAKEN.has(this.state)) this.peerMss = s.mss ?? DEFAULT_PEER_MSS;
    // The peer acknowledges what the spec sent: held data it acknowledges is owed no more.
    if (this.held && hasFlag(s, 'ACK') && !hasFlag(s, 'RST')) this.held = ackedHeld(this.held, s.ack);
  }

  /** The implementation forgot its connection (a reset step): nothing is owed any more. */
  forget(): void {
    this.owed = [];
    this.held = undefined;
    this.highestAck = undefined;
    this.rexmt.forget();
    this.extras.forget();
  }

  /** Time passed (ms). */
  passed(ms: number): void {
    this.clock += ms;
  }

  /** The judge waited `ms` beyond the plan at step `index`, for a timer that may fire late by the declared granularity. */
  waitedForTimer(index: number, ms: number): void {
    this.clock += ms;
    this.late += ms;
    this.notes.push(this.note('timer_granularity', index, t('judge.timer.late', { ms })));
  }

  /**
   * Judge the outputs of step `index` against its expectation, with the debts of earlier
   * steps. Succeeds (undefined) when some allowed behaviour explains every segment seen, and
   * then goes on from it; otherwise names the first difference, as the exact comparison did.
   */
  outputs(
    index: number,
    expect: Pick<Expectation, 'segments' | 'app' | 'state'>,
    reaction: Reaction,
  ): JudgeProblem | undefined {
    const times = timesOf(reaction, this.now());
    if (this.owed.length === 0 && !this.held && this.exactly(expect, reaction)) {
      const app = checkApp(expect.app, reaction.app);
      if (app) return { message: app };
      this.rexmt.sentAll(reaction.segments, times);
      for (const s of reaction.segments) this.extras.sent(s);
      this.afterStep(expect.state, reaction, this.highestAck);
      return undefined;
    }
    let highest = this.highestAck;
    const items: Item[] = [
      ...this.owed.map((o) => ({ ...o, pos: 0 })),
      ...expect.segments.map((pattern, i) => {
        const ack = pattern.ack && this.bound(pattern) ? this.b.value(pattern.ack) : undefined;
        const news = ack !== undefined && (highest === undefined || seq.gt(ack, highest));
        if (news) highest = ack;
        return { pattern, index, since: this.clock, pos: i + 1, news };
      }),
    ];
    const notes: LatitudeNote[] = [];
    const deferred: Item[] = [];
    const freshCount = expect.segments.length;
    /** Segments the spec expected, seen: an ACK among them pays the pure ACKs it covers. */
    const seen: Segment[] = [];
    let held = this.held;
    let q = 0;
    for (const [i, s] of reaction.segments.entries()) {
      const early = this.retransmittedEarly(items.slice(q), s, times[i]!, index, held);
      if (early && 'allowance' in early) {
        notes.push(early);
        this.rexmt.sent(s, times[i]!);
        continue;
      }
      if (early) return early;
      this.rexmt.sent(s, times[i]!);
      const start = q;
      const [deferredBefore, notesBefore, heldBefore] = [deferred.length, notes.length, held];
      let placed = false;
      // Held data the endpoint sends now: it goes before anything else the step expects.
      const release = held && this.joined(held, items, q, s, index, [highest, this.highestAck]);
      if (release) {
        ({ held, q } = release);
        notes.push(...release.notes);
        placed = true;
        seen.push(s);
      }
      while (q < items.length && !placed) {
        const item = items[q]!;
        // Data past what is held may not go before it.
        if (!this.jumpsHeld(held, item) && !checkSegment(this.besideHeld(held, item.pattern), s, this.b, this.ends)) {
          q++;
          placed = true;
          seen.push(s);
          break;
        }
        const joined = this.joined(held, items, q, s, index, [highest, this.highestAck]);
        if (joined) {
          ({ held, q } = joined);
          notes.push(...joined.notes);
          placed = true;
          seen.push(s);
          break;
        }
        const repacked = this.repacketized(item, s, index, held);
        if (repacked) {
          notes.push(...repacked);
          q++;
          placed = true;
          seen.push(s);
          break;
        }
        const rst = this.rstWithAck(item, s, index);
        if (rst) {
          notes.push(rst);
          q++;
          placed = true;
          break;
        }
        // A later expected segment may pay this ACK and every pure ACK owed before it.
        const later = this.payingLater(items, q, s);
        if (later !== undefined) {
          notes.push(...this.paid(items.slice(q, later), s, index));
          q = later;
          continue;
        }
        const more = this.holdable(held, item);
        if (more) {
          held = more;
          notes.push(this.note('nagle', index, t('judge.nagle.held', { seg: describePattern(item.pattern, this.b) })));
          q++;
          continue;
        }
        if (!this.delayable(item)) break;
        deferred.push(item);
        q++;
      }
      if (!placed) {
        // Nothing expected explains it: a segment the RFC lets the endpoint send besides, or a fault.
        const extra = this.extras.extra(s, this.state, this.clock);
        if (!extra) return this.unexplained(items, start, s, freshCount, held);
        deferred.length = deferredBefore;
        notes.length = notesBefore;
        held = heldBefore;
        q = start;
        const key = extra === 'keep_alive' ? 'judge.extra.keep_alive' : 'judge.extra.window_update';
        notes.push(this.note(extra, index, t(key, { seg: describeSegment(s) })));
      }
      this.extras.sent(s);
    }
    // One ACK for several: an ACK seen in this step stands for a pure ACK not yet seen that
    // it acknowledges as much as (only the very same numbers for one that repeats an AN).
    const owed: Item[] = [];
    for (const o of [...deferred, ...items.slice(q)]) {
      const more = this.holdable(held, o);
      if (more) {
        held = more;
        notes.push(this.note('nagle', index, t('judge.nagle.held', { seg: describePattern(o.pattern, this.b) })));
        continue;
      }
      const by = isPureAck(o.pattern) && this.bound(o.pattern) ? seen.find((s) => this.paysFor(o, s)) : undefined;
      if (by) notes.push(...this.paid([o], by, index));
      else {
        const early = this.sentEarly(o, index);
        if (early) notes.push(...early);
        else owed.push(o);
      }
    }
    const missing = owed.find((item) => !this.delayable(item));
    if (missing) {
      return {
        message: t('diff.missing', {
          pattern: describePattern(missing.pattern, this.b),
          i: missing.pos || 1,
          n: Math.max(freshCount, 1),
          none: reaction.segments.length === 0 ? 'yes' : 'no',
        }),
        ...(missing.pos ? {} : { index: missing.index }),
      };
    }
    const app = checkApp(expect.app, reaction.app);
    if (app) return { message: app };
    for (const o of owed)
      if (o.pos > 0)
        notes.push(
          this.note('delayed_ack', index, t('judge.ack.delayed', { seg: describePattern(o.pattern, this.b) })),
        );
    const late = this.overdue(owed);
    if (late) return late;
    // Where the connection is gone, what it held goes with it.
    if (WITHOUT_CONNECTION.has(expect.state)) held = undefined;
    const unsent = held && this.heldTooLong(held, index);
    if (unsent) return unsent;
    // Where the connection is gone, what it owed goes with it.
    this.owed = WITHOUT_CONNECTION.has(expect.state)
      ? []
      : owed.map(({ pattern, index: i, since, news }) => ({ pattern, index: i, since, news }));
    this.held = held;
    this.notes.push(...notes);
    this.afterStep(expect.state, reaction, highest);
    return undefined;
  }

  /** The common case, nothing owed and every segment as expected in order: no latitude needed. */
  private exactly(expect: Pick<Expectation, 'segments'>, reaction: Reaction): boolean {
    const want = expect.segments;
    const got = reaction.segments;
    if (want.length !== got.length) return false;
    for (let i = 0; i < want.length; i++) if (checkSegment(want[i]!, got[i]!, this.b, this.ends)) return false;
    return true;
  }

  /** The highest AN so far, from what is owed (`highest`) and what was sent; a new connection starts afresh. */
  private afterStep(state: string, reaction: Reaction, highest: number | undefined): void {
    this.state = state;
    if (WITHOUT_CONNECTION.has(state)) {
      this.highestAck = undefined;
      this.rexmt.forget();
      this.extras.forget();
      return;
    }
    let h = highest;
    const raise = (v: number) => {
      if (h === undefined || seq.gt(v, h)) h = v;
    };
    for (const s of reaction.segments) if (hasFlag(s, 'ACK')) raise(s.ack);
    this.highestAck = h;
  }

  /** An ACK owed as long as the delayed-ACK allowance's bound (it must come before): the step that owed it fails. */
  overdue(owed: readonly Owed[] = this.owed): JudgeProblem | undefined {
    const within = this.allows('delayed_ack')?.withinMs ?? 0;
    const o = owed.find((x) => this.clock - x.since >= within);
    if (!o) return undefined;
    return {
      index: o.index,
      message: t('judge.ack.overdue', { seg: describePattern(o.pattern, this.b), ms: within }),
    };
  }

  /** The time until the oldest owed ACK is overdue (ms), or undefined when nothing is owed. */
  dueIn(): number | undefined {
    if (this.owed.length === 0) return undefined;
    const within = this.allows('delayed_ack')?.withinMs ?? 0;
    return Math.max(0, Math.min(...this.owed.map((o) => o.since + within - this.clock)));
  }

  /**
   * After the plan's last step, time passes to let owed ACKs out: what they pay is judged;
   * any other segment then comes from time the plan does not cover and is not judged.
   */
  settle(reaction: Reaction, index: number): void {
    const times = timesOf(reaction, this.now());
    this.rexmt.sentAll(reaction.segments, times);
    for (const s of reaction.segments) {
      // One of them, or a segment sent for its own sake (a retransmission, a FIN) with the AN of one of them.
      const carrier =
        !isPureSegmentAck(s) && hasFlag(s, 'ACK') && this.owed.some((o) => this.b.value(o.pattern.ack!) === s.ack);
      if (!carrier && !this.owed.some((o) => this.matches(o.pattern, s))) continue;
      // It pays every owed ACK it acknowledges as much as.
      const paid = this.owed.filter((o) => this.covers(o.pattern, s));
      if (paid.length > 1) this.notes.push(...this.paid(paid.slice(1), s, index));
      this.owed = this.owed.filter((o) => !paid.includes(o));
    }
  }

  /**
   * May this expected segment come later? A pure ACK that acknowledges something new may,
   * within the delayed-ACK allowance (§3.8.6.3 delays the ACK of arriving data). One that
   * repeats an AN (the answer to an unacceptable segment, a duplicate ACK) says something
   * only by coming, and comes at once.
   */
  private delayable(item: Item): boolean {
    return this.allows('delayed_ack') !== undefined && item.news && isPureAck(item.pattern) && this.bound(item.pattern);
  }

  /**
   * Whether `s` is a later expected segment (after `q`) that pays the pure ACKs from `q` up to
   * it: each owed from the same SN, none acknowledging more than `s` does. Returns its position.
   */
  private payingLater(items: readonly Item[], q: number, s: Segment): number | undefined {
    if (!hasFlag(s, 'ACK')) return undefined;
    for (let j = q; j < items.length - 1; j++) {
      const ack = items[j]!.pattern;
      if (!this.delayable(items[j]!) || !this.covers(ack, s)) return undefined;
      const next = items[j + 1]!;
      const kind = isPureAck(next.pattern) ? 'cumulative_ack' : 'ack_on_segment';
      if (!this.allows(kind)) return undefined;
      if (this.bound(next.pattern) && this.matches(next.pattern, s)) return j + 1;
    }
    return undefined;
  }

  /**
   * A segment the plan does not expect here (none of `rest` is it) that retransmits the
   * earliest unacknowledged one on the implementation's own RTO, sooner than the plan's
   * (RFC 6298: computed from samples, down to its declared minimum, doubling on back-off): a
   * note, or the problem when it came sooner than that allows.
   */
  private retransmittedEarly(
    rest: readonly Item[],
    s: Segment,
    at: number,
    index: number,
    held: Held | undefined,
  ): LatitudeNote | JudgeProblem | undefined {
    const expected = (item: Item) =>
      this.bound(item.pattern) && (this.matches(item.pattern, s) || this.repacketized(item, s, index, held));
    if (!this.allows('rto') || rest.some(expected)) return undefined;
    const e = this.rexmt.early(s, at, [this.highestAck], this.allows('rto_floor') !== undefined);
    if (!e) return undefined;
    const ms = Math.round(e.intervalMs);
    if ('leastMs' in e)
      return {
        message: t(e.backoff ? 'judge.rto.backoff' : 'judge.rto.soon', {
          seg: describeSegment(s),
          ms,
          least: Math.round(e.leastMs),
        }),
        got: describeSegment(s),
      };
    if (e.linear) this.varied.push(this.timing.synLinear!.variation);
    if (e.probe) return this.note('tail_loss_probe', index, t(`judge.tlp.${e.probe}`, { seg: describeSegment(s), ms }));
    return e.belowFloor
      ? this.note('rto_floor', index, t('judge.rto.floor', { seg: describeSegment(s), ms }))
      : this.note('rto', index, t('judge.rto.early', { seg: describeSegment(s), ms }));
  }

  /**
   * May the endpoint hold back the spec's segment `item` (Nagle, §3.7.4)? New data shorter
   * than the peer's MSS, from SND.NXT, while something sent is unacknowledged; or data or the
   * FIN right after what it already holds (nothing may pass held data). Returns what it then
   * holds, or undefined.
   */
  private holdable(held: Held | undefined, item: Item): Held | undefined {
    const p = item.pattern;
    if (!this.allows('nagle') || item.pos === 0 || !isStreamPattern(p) || !this.bound(p)) return undefined;
    const sn = this.b.value(p.seq);
    if (!held && (p.flags.includes('FIN') || p.data.length >= this.peerMss)) return undefined;
    if (!held && (!this.extras.outstanding || sn !== this.extras.nxt)) return undefined;
    const more = holdMore(held, p, sn, this.b.value(p.ack!), item.index);
    // Once a full-sized segment's worth is held, Nagle sends it: the step must show it.
    return more && more.data.length < this.peerMss ? more : undefined;
  }

  /**
   * `p` as the endpoint sends it while holding `held`: a pure ACK or a RST from the spec's
   * SND.NXT comes from the endpoint's, where the held data starts (held data has not advanced it).
   */
  private besideHeld(held: Held | undefined, p: SegmentPattern): SegmentPattern {
    if (!held || p.data.length > 0 || !this.bound(p) || ['SYN', 'FIN'].some((f) => p.flags.includes(f as never)))
      return p;
    const sn = this.b.value(p.seq);
    const past = seq.sub(sn, heldEnd(held));
    return past === 0 || (past === 1 && held.fin) ? { ...p, seq: { off: held.seq } } : p;
  }

  /** Would `item` go before data the endpoint still holds? (Data or a FIN past the held octets.) */
  private jumpsHeld(held: Held | undefined, item: Item): boolean {
    return (
      held !== undefined &&
      isStreamPattern(item.pattern) &&
      this.bound(item.pattern) &&
      seq.gt(this.b.value(item.pattern.seq), held.seq)
    );
  }

  /**
   * Does `s` send held data, or the spec's segments from `items[q]` on joined in one (data
   * joined up to the peer's MSS, the FIN riding on the last data)? Its octets are the spec's
   * from their SN, its AN one of theirs or the latest (`latest`). Returns what is held after
   * it and where the expected segments go on, or undefined.
   */
  private joined(
    held: Held | undefined,
    items: readonly Item[],
    q: number,
    s: Segment,
    index: number,
    latest: readonly (number | undefined)[],
  ): { held: Held | undefined; q: number; notes: LatitudeNote[] } | undefined {
    if (segLen(s) === 0 || (held && held.seq !== s.seq)) return undefined;
    const fin = hasFlag(s, 'FIN');
    const covers = (h: Held) => h.data.length >= s.payload.length && (!fin || h.fin);
    let stream = held;
    let j = q;
    let parts = held && held.data.length > 0 ? 1 : 0;
    while ((!stream || !covers(stream)) && j < items.length) {
      const p = items[j]!.pattern;
      if (items[j]!.pos === 0 || !isStreamPattern(p) || !this.bound(p)) break;
      const next = holdMore(stream, p, this.b.value(p.seq), this.b.value(p.ack!), items[j]!.index);
      if (!next || (!stream && next.seq !== s.seq)) break;
      stream = next;
      if (p.data.length > 0) parts++;
      j++;
    }
    if (!stream) return undefined;
    const rest = sendsHeld(stream, s);
    if (rest === false || s.payload.length > this.peerMss || ![...stream.acks, ...latest].includes(s.ack))
      return undefined;
    // Nagle sends full-sized segments and holds the short rest, never a short one with more held.
    if (rest !== undefined && s.payload.length !== this.peerMss) return undefined;
    const sentHeld = held !== undefined;
    const withFin = fin && s.payload.length > 0;
    const nagle = sentHeld || parts > 1 || rest !== undefined;
    if ((!nagle && !withFin) || (nagle && !this.allows('nagle')) || (withFin && !this.allows('data_with_fin')))
      return undefined;
    const seg = describeSegment(s);
    const notes: LatitudeNote[] = [];
    if (sentHeld) notes.push(this.note('nagle', index, t('judge.nagle.sent', { seg })));
    else if (parts > 1) notes.push(this.note('nagle', index, t('judge.nagle.joined', { seg, n: parts })));
    else if (rest !== undefined) notes.push(this.note('nagle', index, t('judge.nagle.held', { seg })));
    if (withFin) notes.push(this.note('data_with_fin', index, t('judge.fin.on_data', { seg })));
    return { held: rest, q: j, notes };
  }

  /**
   * Is `s` the spec's retransmission `item` packetized otherwise (§3.8.6: "may repackage
   * segments on the retransmission queue")? From the same SN, SND.UNA, with its AN: a prefix
   * of what was sent from there (the first segment as it was sent, or several joined) up to
   * the peer's MSS, the FIN only after all of it (RFC 6298 §5.4). Data the endpoint still
   * holds was never sent and is no part of it.
   */
  private repacketized(item: Item, s: Segment, index: number, held: Held | undefined): LatitudeNote[] | undefined {
    const p = item.pattern;
    if (!this.allows('rto') || !isStreamPattern(p) || !this.bound(p) || p.flags.includes('FIN')) return undefined;
    if (s.seq !== this.b.value(p.seq) || s.ack !== this.b.value(p.ack!) || s.mss !== undefined) return undefined;
    // A prefix of the spec's (the segments as first sent) or more (joined): both from SND.UNA.
    const got = text(s.payload);
    if (s.payload.length > this.peerMss || !(got.startsWith(p.data) || p.data.startsWith(got))) return undefined;
    if (s.payload.length === 0 || !this.rexmt.repacketizes(s)) return undefined;
    if (held && seq.gt(seq.add(s.seq, segLen(s)), held.seq)) return undefined;
    const withFin = hasFlag(s, 'FIN');
    if (s.payload.length === p.data.length && !withFin) return undefined;
    if (withFin && !this.allows('data_with_fin')) return undefined;
    const seg = describeSegment(s);
    const notes = [this.note('rto', index, t('judge.rto.repacketized', { seg }))];
    if (withFin) notes.push(this.note('data_with_fin', index, t('judge.fin.on_data', { seg })));
    return notes;
  }

  /**
   * Held data that may not stay held at the end of a step: with nothing sent unacknowledged
   * (Nagle holds only while data is outstanding), or a full-sized segment's worth. The step
   * whose transition sent it fails.
   */
  private heldTooLong(held: Held, index: number): JudgeProblem | undefined {
    const full = held.data.length >= this.peerMss;
    if (this.extras.outstanding && !full) return undefined;
    const seg = describePattern(held.pattern, this.b);
    return {
      message: full
        ? t('judge.nagle.full', { seg, n: held.data.length, mss: this.peerMss })
        : t('judge.nagle.unsent', { seg }),
      expected: seg,
      ...(held.index !== index ? { index: held.index } : {}),
    };
  }

  /**
   * An expected retransmission the implementation already sent, on a timer ahead of the
   * plan's: the notes that say so, or undefined. It may have carried the FIN already sent on
   * its last data (data-with-fin), as Linux retransmits data and FIN together.
   */
  private sentEarly(item: Item, index: number): LatitudeNote[] | undefined {
    if (this.allows('rto') === undefined || !this.bound(item.pattern)) return undefined;
    let withFin: Segment | undefined;
    const came = this.rexmt.cameEarly((s) => {
      if (this.matches(item.pattern, s)) return true;
      if (!this.finOnData(item.pattern, s)) return false;
      withFin = s;
      return true;
    });
    if (!came) return undefined;
    const seg = describePattern(item.pattern, this.b);
    const rto = this.note('rto', index, t('judge.rto.ahead', { seg }));
    return withFin
      ? [rto, this.note('data_with_fin', index, t('judge.fin.on_data', { seg: describeSegment(withFin) }))]
      : [rto];
  }

  /** Is `s` the data `p` with the FIN the endpoint already sent riding on it, right after the data? */
  private finOnData(p: SegmentPattern, s: Segment): boolean {
    const bare = dataOf(s);
    if (!this.allows('data_with_fin') || p.flags.includes('FIN') || !bare) return false;
    return this.matches(p, bare) && finEndsAt(s, this.extras.nxt);
  }

  /** The notes for ACKs paid by `s`: several ACKs as one, or an ACK riding on data or a FIN. */
  private paid(acks: readonly Owed[], s: Segment, index: number): LatitudeNote[] {
    const kind = isPureSegmentAck(s) ? 'cumulative_ack' : 'ack_on_segment';
    return [
      this.note(
        kind,
        index,
        t(kind === 'cumulative_ack' ? 'judge.ack.cumulative' : 'judge.ack.piggybacked', {
          n: acks.length,
          seg: describeSegment(s),
        }),
      ),
    ];
  }

  /** A RST with ACK where the spec sends a RST alone, the same in every other field. */
  private rstWithAck(item: Item, s: Segment, index: number): LatitudeNote | undefined {
    const p = item.pattern;
    if (!this.allows('rst_with_ack') || !addsAckToRst(p.flags, s.flags)) return undefined;
    // Any AN: a RST is checked by its SN alone (§3.5.3).
    const withAck: SegmentPattern = { ...p, flags: ['RST', 'ACK'], ack: { off: s.ack } };
    if (!this.bound(p) || !this.matches(withAck, s)) return undefined;
    return this.note('rst_with_ack', index, t('judge.rst.ack', { seg: describeSegment(s) }));
  }

  /** Does `s` stand for the pure ACK `o`: the same ACK, or (for one that may wait) a later one covering it? */
  private paysFor(o: Item, s: Segment): boolean {
    if (!hasFlag(s, 'ACK') || !this.covers(o.pattern, s)) return false;
    if (this.matches(o.pattern, s)) return true;
    return o.news && this.allows(isPureSegmentAck(s) ? 'cumulative_ack' : 'ack_on_segment') !== undefined;
  }

  /** `s` acknowledges what the pure ACK `p` would have, from the same SN. */
  private covers(p: SegmentPattern, s: Segment): boolean {
    // A pure ACK stands for another only from the same SN; a segment sent for its own sake
    // (data, a FIN, a retransmission from SND.UNA) acknowledges by its AN wherever it starts.
    const from = isPureSegmentAck(s) ? s.seq === this.b.value(p.seq) : true;
    return from && seq.le(this.b.value(p.ack!), s.ack);
  }

  /** Does `s` match `p` exactly? (Only for patterns whose numbers are all known: nothing is learned from a guess.) */
  private matches(p: SegmentPattern, s: Segment): boolean {
    return !checkSegment(p, s, this.b, this.ends);
  }

  private bound(p: SegmentPattern): boolean {
    return [p.seq, p.ack].every((term) => !term?.base || this.b.isBound(term.base));
  }

  private note(kind: AllowanceKind, index: number, message: Text): LatitudeNote {
    return { index, allowance: this.allows(kind)!, message };
  }

  /**
   * No allowed behaviour explains `s`: the difference from the expected segment it was most
   * likely meant to be (the first with its control flags), or the one due, or "extra".
   */
  private unexplained(
    items: readonly Item[],
    start: number,
    s: Segment,
    freshCount: number,
    held: Held | undefined,
  ): JudgeProblem {
    const rest = items.slice(start);
    // Not one that `s` matches exactly: that one came too early, past the one due.
    const same =
      rest.find((item) => controlKey(item.pattern.flags) === controlKey(ctl(s)) && !this.matches(item.pattern, s)) ??
      rest[0];
    if (!same) return { message: t('diff.extra', { n: freshCount, seg: describeSegment(s) }) };
    const diff = checkSegment(same.pattern, s, this.b, this.ends);
    // The spec's segment exactly, but past data the endpoint still holds.
    if (!diff && held)
      return {
        message: t('judge.nagle.passed', { seg: describeSegment(s), held: describePattern(held.pattern, this.b) }),
        got: describeSegment(s, same.pattern, this.b),
        ...(same.pos ? {} : { index: same.index }),
      };
    return {
      message: t('diff.segment', { i: same.pos || 1, diff: diff! }),
      expected: describePattern(same.pattern, this.b),
      got: describeSegment(s, same.pattern, this.b),
      ...(same.pos ? {} : { index: same.index }),
    };
  }
}

const ctl = (s: Segment) => s.flags.filter((f) => CONTROL_FLAGS.includes(f));

function isPureAck(p: SegmentPattern): boolean {
  return controlKey(p.flags) === 'ACK' && p.data.length === 0 && p.ack !== undefined;
}

function isPureSegmentAck(s: Segment): boolean {
  return controlKey(ctl(s)) === 'ACK' && s.payload.length === 0;
}
