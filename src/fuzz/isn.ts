/**
 * The ISNs of a walk's connections, checked as RFC 9293 §3.4.1 asks (MUST-8: a clock-driven
 * ISN generator). The model cannot predict an ISN (it follows the one the IUT chose, so the
 * numbers after it compare exactly), so the ISNs are checked apart: a connection must not start
 * at an ISN an earlier connection of the walk started at, and when the implementation declares
 * the tick of its ISN clock (ISN_TICK_NS), each ISN it chose must be the previous one it chose
 * plus the time that passed between the two, in ticks: on the same addresses and ports the
 * keyed hash of RFC 6528 is the same, so only the clock moves it.
 *
 * A clock-driven ISN stays put while its clock does: on a virtual clock, two connections opened
 * with no time between them may share an ISN. So reuse is a fault only once the clock has moved
 * by a tick (the declared one; else 1 ms, the wait run's fresh-ISN cases leave between two
 * connections, generator/plan/over-time.ts).
 *
 * Connections are compared within one walk only, so that a replayed walk fails the same way;
 * an ISN the tester forced (Walk.iutIsn) is compared for reuse but is no clock reading.
 */
import * as seq from '../../core/seq.js';
import { t, type Text } from '../i18n/text.js';

/** When the IUT drew the ISN, on its clock, in milliseconds: between `from` and `to`. */
export interface Moment {
  readonly from: number;
  readonly to: number;
}

interface Opened {
  readonly name: string;
  readonly isn: number;
  readonly at: Moment;
  readonly forced: boolean;
}

/** Without a declared tick, the clock must have moved within 1 ms. */
const UNDECLARED_TICK_MS = 1;

export class IsnWatch {
  private readonly opened: Opened[] = [];

  /** `tickNs`: the ISN clock's declared tick; undefined when the implementation declares none. */
  constructor(private readonly tickNs: number | undefined) {}

  /** The IUT opened a connection, named `name` (ISS, ISS#2, …), at `isn`: what is wrong with it, if anything. */
  open(name: string, isn: number, at: Moment, forced: boolean): Text | undefined {
    const tickMs = this.tickNs !== undefined ? this.tickNs / 1e6 : UNDECLARED_TICK_MS;
    const same = this.opened.find((o) => o.isn === isn && at.from - o.at.to >= tickMs);
    const clocked = this.opened.filter((o) => !o.forced).at(-1);
    this.opened.push({ name, isn, at, forced });
    if (same) return t('diff.isn.same', { a: name, b: same.name, v: isn });
    if (forced || !clocked || this.tickNs === undefined) return undefined;
    // The clock moved by at least the least time that can have passed, and at most the most
    // (modulo 2^32: an ISN wraps); a span of 2^32 ticks or more allows any ISN.
    const least = Math.floor(((at.from - clocked.at.to) * 1e6) / this.tickNs);
    const most = Math.ceil(((at.to - clocked.at.from) * 1e6) / this.tickNs);
    if (most - least >= seq.SEQ_MODULUS || seq.sub(isn, seq.add(clocked.isn, least)) <= most - least) return undefined;
    return t('diff.isn.clock', {
      a: name,
      b: clocked.name,
      v: isn,
      prev: clocked.isn,
      tick: this.tickNs,
      ms: span(at.from - clocked.at.to, at.to - clocked.at.from),
      least: seq.add(clocked.isn, least),
      most: seq.add(clocked.isn, most),
    });
  }
}

const span = (least: number, most: number) =>
  least === most ? String(least) : `${Math.round(least)}-${Math.round(most)}`;
