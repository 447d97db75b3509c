/**
 * The abstract steps of a fuzz walk, and the fast-check arbitraries that generate them.
 * Numbers in a step are relative ("the IUT's next SN, minus one"), never absolute, so a step
 * still means the same thing after fast-check has shrunk away the steps before it, and the
 * same step can be made concrete against any implementation's ISNs.
 */
import fc from 'fast-check';
import type { CallName } from '../../core/case.js';
import { CONTROL_FLAGS, normalizeFlags, type Flag } from '../../core/segment.js';
import { SEQ_MAX } from '../../core/seq.js';

/** The tester's SN: its ISN, or the next SN the IUT expects (its last AN), plus delta. */
export interface SeqRef {
  readonly rel: 'peerNext' | 'peerIsn';
  readonly delta: number;
}

/** The AN: the IUT's next SN as last observed, or its ISN plus any number (an arbitrary AN). */
export interface AckRef {
  readonly rel: 'iutNext' | 'iutIsn';
  readonly delta: number;
}

/**
 * The pick-th (modulo their number) of the inputs the profile has a transition for in the IUT's
 * current state, smaller profiles first: low picks follow the normal exchange. Most steps are
 * picks, so that few are inputs the profile says nothing about (those are dropped unsent).
 */
export interface Pick {
  readonly pick: number;
}

/** A segment's numbers, relative to what the tester has seen. */
export interface SegmentFields {
  readonly seq: SeqRef;
  /** Used only when flags has ACK; a segment without ACK carries AN 0. */
  readonly ack: AckRef;
  /** Octets of payload; a picked segment whose transition asks for data has at least one, or none when it asks for none. */
  readonly len: number;
  readonly mss: number | undefined;
}

export interface SegmentStep extends SegmentFields {
  readonly kind: 'segment';
  /** Given flags, or picked among the segments the profile has (and none if it has none). */
  readonly flags: readonly Flag[] | Pick;
}

/** Any input the profile has in the current state: a segment with these fields, or a call (a send sends `len` octets). */
export interface OfferedStep extends SegmentFields, Pick {
  readonly kind: 'offered';
}

/** How long an advance is: a few milliseconds, or just around the length of a timer. */
export type AdvanceBase = 'ms' | 'RTO' | '2*RTO' | '2*MSL';

/**
 * A wait drawn at a timer's boundary: until 1 ms before it fires (it must not have fired), until
 * it fires, or past it by the timer granularity the IUT declares (1 ms when it declares none):
 * by then it must have fired. T is the time left on the timer the model has running, so the
 * edge is exact whatever came before (a retransmission timer after backing off, 2*MSL).
 */
export type TimerEdge = 'before' | 'at' | 'after';

export type FuzzStep =
  | { readonly kind: 'call'; readonly call: Exclude<CallName, 'send'> }
  | OfferedStep
  | { readonly kind: 'send'; readonly len: number }
  | SegmentStep
  /** Send again the segment sent `back` segments ago (counted modulo how many were sent). */
  | { readonly kind: 'duplicate'; readonly back: number }
  /** `second` is placed right after `first` in sequence space, and arrives before it. */
  | { readonly kind: 'reorder'; readonly first: SegmentStep; readonly second: SegmentStep }
  | { readonly kind: 'advance'; readonly base: AdvanceBase; readonly delta: number }
  /** Wait to an edge of the `which`-th (modulo their number) of the timers running, soonest first. */
  | { readonly kind: 'timer'; readonly edge: TimerEdge; readonly which: number };

export interface Walk {
  /** The tester's ISN. */
  readonly peerIsn: number;
  /** The ISN the IUT is asked to start from (only when it can be set). */
  readonly iutIsn: number | undefined;
  readonly steps: readonly FuzzStep[];
}

export interface WalkShape {
  /** The most steps in one walk. */
  readonly maxSteps: number;
  /** Advances only when time is virtual: real waits of RTO or 2*MSL would stall the run. */
  readonly advances: boolean;
  /** The IUT can be told its ISN. */
  readonly isnOverride: boolean;
  /**
   * How much likelier an exact SN or AN is than each kind of wrong one. The memo has rules for
   * the normal exchange only, so a memo walk needs exact numbers most of the time to get far.
   */
  readonly exact: number;
}

/** Cross-shrinking lets a shrunk value fall back to the first, plainest alternative. */
const weighted = <T>(...alts: [number, fc.Arbitrary<T>][]): fc.Arbitrary<T> =>
  fc.oneof({ withCrossShrink: true }, ...alts.map(([weight, arbitrary]) => ({ weight, arbitrary })));

/** Mostly exact, sometimes off by one or a little, now and then far outside any receive window. */
const deltaArbitrary = (exact: number) =>
  weighted<number>(
    [exact, fc.constant(0)],
    [3, fc.constantFrom(-1, 1)],
    [2, fc.integer({ min: -10, max: 10 })],
    [1, fc.constantFrom(100_000, -100_000, 0x7fff_ffff)],
  );

/** Mostly among the first offers (the normal exchange's), now and then any of them. */
const pick = weighted<number>([4, fc.nat({ max: 3 })], [1, fc.nat({ max: 15 })]);

/**
 * Mostly flags the profile has a transition for, so walks get past the handshake; otherwise
 * the combinations a peer normally sends, and now and then any combination at all.
 */
const COMMON_FLAGS: readonly (readonly Flag[])[] = [
  ['ACK'],
  ['SYN'],
  ['SYN', 'ACK'],
  ['FIN', 'ACK'],
  ['RST'],
  ['RST', 'ACK'],
];
const flags = weighted<readonly Flag[] | Pick>(
  [8, fc.record({ pick })],
  [4, fc.constantFrom(...COMMON_FLAGS)],
  [1, fc.subarray([...CONTROL_FLAGS]).map(normalizeFlags)],
);

function fieldsArbitrary(delta: fc.Arbitrary<number>) {
  return {
    seq: weighted<SeqRef>(
      [6, fc.record({ rel: fc.constant('peerNext' as const), delta })],
      [1, fc.record({ rel: fc.constant('peerIsn' as const), delta })],
    ),
    ack: weighted<AckRef>(
      [9, fc.record({ rel: fc.constant('iutNext' as const), delta })],
      [1, fc.record({ rel: fc.constant('iutIsn' as const), delta: fc.integer({ min: 0, max: SEQ_MAX }) })],
    ),
    len: weighted<number>(
      [4, fc.constant(0)],
      [2, fc.integer({ min: 1, max: 20 })],
      [1, fc.integer({ min: 21, max: 300 })],
    ),
    // 64 makes the IUT cut its data into several segments; no option means 536 (RFC 9293 §3.7.1).
    mss: fc.constantFrom(undefined, 1460, 536, 64),
  };
}

const CALLS = ['listen', 'connect', 'close', 'abort'] as const;

function stepArbitrary(shape: WalkShape): fc.Arbitrary<FuzzStep> {
  const fields = fieldsArbitrary(deltaArbitrary(shape.exact));
  const segmentStep: fc.Arbitrary<SegmentStep> = fc.record({ kind: fc.constant('segment' as const), flags, ...fields });
  const alts: [number, fc.Arbitrary<FuzzStep>][] = [
    [10, fc.record({ kind: fc.constant('offered' as const), pick, ...fields })],
    [6, segmentStep],
    [2, fc.record({ kind: fc.constant('call' as const), call: fc.constantFrom(...CALLS) })],
    [
      1,
      fc.record({
        kind: fc.constant('send' as const),
        len: weighted<number>([3, fc.integer({ min: 1, max: 10 })], [1, fc.integer({ min: 11, max: 300 })]),
      }),
    ],
    [1, fc.record({ kind: fc.constant('duplicate' as const), back: fc.nat({ max: 4 }) })],
    [1, fc.record({ kind: fc.constant('reorder' as const), first: segmentStep, second: segmentStep })],
  ];
  if (shape.advances) {
    alts.push([
      3,
      fc.record({
        kind: fc.constant('timer' as const),
        edge: fc.constantFrom<TimerEdge>('before', 'at', 'after'),
        which: weighted<number>([3, fc.constant(0)], [1, fc.nat({ max: 3 })]),
      }),
    ]);
    alts.push([
      2,
      fc.record({
        kind: fc.constant('advance' as const),
        base: fc.constantFrom<AdvanceBase>('ms', 'RTO', '2*RTO', '2*MSL'),
        delta: fc.integer({ min: -1, max: 50 }),
      }),
    ]);
  }
  return weighted(...alts);
}

/** An ISN: an ordinary one, or one about to wrap around 2^32. */
const isn = weighted<number>(
  [3, fc.constant(1_000_000_000)],
  [1, fc.integer({ min: SEQ_MAX - 4, max: SEQ_MAX })],
  [1, fc.integer({ min: 0, max: SEQ_MAX })],
);

export function walkArbitrary(shape: WalkShape): fc.Arbitrary<Walk> {
  return fc.record({
    peerIsn: isn,
    iutIsn: shape.isnOverride ? fc.option(isn, { nil: undefined }) : fc.constant(undefined),
    // Every walk opens a connection first: in CLOSED little else is in the memo.
    steps: fc
      .tuple(
        fc.record({ kind: fc.constant('call' as const), call: fc.constantFrom('listen' as const, 'connect' as const) }),
        fc.array(stepArbitrary(shape), { maxLength: shape.maxSteps - 1, size: 'max' }),
      )
      .map(([open, rest]): FuzzStep[] => [open, ...rest]),
  });
}
