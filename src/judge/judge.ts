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
import type { Expectation, SegmentPattern } from '../../core/case.js';
import { EXACT, type Allowance, type AllowanceKind, type Latitude } from '../../core/latitude.js';
import type { Reaction } from '../../core/reaction.js';
import { CONTROL_FLAGS, controlKey, hasFlag, type Segment } from '../../core/segment.js';
import * as seq from '../../core/seq.js';
import type { Endpoints } from '../adapter.js';
import { checkApp, checkSegment, describePattern, describeSegment } from '../harness/check.js';
import type { Bindings } from '../harness/terms.js';
import { Extras } from './extras.js';
import { t, type Text } from '../i18n/text.js';
import { Retransmissions, timesOf } from './retransmissions.js';
import { addsAckToRst } from './rst-with-ack.js';

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
    this.rexmt = new Retransmissions({ minMs: timing.rtoMinMs, toleranceMs: timing.toleranceMs });
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
    const saved = {
      owed: [...this.owed],
      notes: [...this.notes],
      clock: this.clock,
      late: this.late,
      highestAck: this.highestAck,
      state: this.state,
      rexmt: this.rexmt.copy(),
      // Its fields are numbers: a shallow copy is a copy.
      extras: Object.assign(Object.create(Extras.prototype) as Extras, this.extras),
    };
    const problem = tryIt();
    if (problem !== undefined) {
      ({ owed: this.owed, notes: this.notes, clock: this.clock, late: this.late, highestAck: this.highestAck } = saved);
      ({ state: this.state, rexmt: this.rexmt, extras: this.extras } = saved);
    }
    return problem;
  }

  /** At step `index`, what the `n` timed steps after it expect came already: the RTO ran ahead of the plan's. */
  broughtForward(index: number, n: number): void {
    this.notes.push(this.note('rto', index, t('judge.rto.forward', { n })));
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
  }

  /** The implementation forgot its connection (a reset step): nothing is owed any more. */
  forget(): void {
    this.owed = [];
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
    if (this.owed.length === 0 && this.exactly(expect, reaction)) {
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
    let q = 0;
    for (const [i, s] of reaction.segments.entries()) {
      const early = this.retransmittedEarly(items.slice(q), s, times[i]!, index);
      if (early && 'allowance' in early) {
        notes.push(early);
        this.rexmt.sent(s, times[i]!);
        continue;
      }
      if (early) return early;
      this.rexmt.sent(s, times[i]!);
      const start = q;
      const [deferredBefore, notesBefore] = [deferred.length, notes.length];
      let placed = false;
      while (q < items.length && !placed) {
        const item = items[q]!;
        if (!checkSegment(item.pattern, s, this.b, this.ends)) {
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
        if (!this.delayable(item)) break;
        deferred.push(item);
        q++;
      }
      if (!placed) {
        // Nothing expected explains it: a segment the RFC lets the endpoint send besides, or a fault.
        const extra = this.extras.extra(s, this.state, this.clock);
        if (!extra) return this.unexplained(items, start, s, freshCount);
        deferred.length = deferredBefore;
        notes.length = notesBefore;
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
      const by = isPureAck(o.pattern) && this.bound(o.pattern) ? seen.find((s) => this.paysFor(o, s)) : undefined;
      if (by) notes.push(...this.paid([o], by, index));
      else if (this.sentEarly(o))
        notes.push(this.note('rto', index, t('judge.rto.ahead', { seg: describePattern(o.pattern, this.b) })));
      else owed.push(o);
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
    // Where the connection is gone, what it owed goes with it.
    this.owed = WITHOUT_CONNECTION.has(expect.state)
      ? []
      : owed.map(({ pattern, index: i, since, news }) => ({ pattern, index: i, since, news }));
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
  ): LatitudeNote | JudgeProblem | undefined {
    if (!this.allows('rto') || rest.some((item) => this.bound(item.pattern) && this.matches(item.pattern, s)))
      return undefined;
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
    return e.belowFloor
      ? this.note('rto_floor', index, t('judge.rto.floor', { seg: describeSegment(s), ms }))
      : this.note('rto', index, t('judge.rto.early', { seg: describeSegment(s), ms }));
  }

  /** An expected retransmission the implementation already sent, on a timer ahead of the plan's. */
  private sentEarly(item: Item): boolean {
    return (
      this.allows('rto') !== undefined &&
      this.bound(item.pattern) &&
      this.rexmt.cameEarly((s) => this.matches(item.pattern, s))
    );
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
  private unexplained(items: readonly Item[], start: number, s: Segment, freshCount: number): JudgeProblem {
    const rest = items.slice(start);
    // Not one that `s` matches exactly: that one came too early, past the one due.
    const same =
      rest.find((item) => controlKey(item.pattern.flags) === controlKey(ctl(s)) && !this.matches(item.pattern, s)) ??
      rest[0];
    if (!same) return { message: t('diff.extra', { n: freshCount, seg: describeSegment(s) }) };
    const diff = checkSegment(same.pattern, s, this.b, this.ends)!;
    return {
      message: t('diff.segment', { i: same.pos || 1, diff }),
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
