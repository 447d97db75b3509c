/**
 * A test case as plain data: what the planner produces, the generated suite embeds, and the
 * harness runs. Numbers the tester cannot know in advance are terms over unknowns: the IUT's
 * ISN (learned from the first segment that carries it) and the IUT's parameters (its MSS,
 * its MSL), so the same case works against any implementation.
 */
import type { Flag } from './segment.js';

/**
 * k * base + off (mod 2^32). A lower-case base is a sequence number learned during the test
 * ("iss", "iss#2", or "peer" for the tester's own ISN); an upper-case base is a parameter of
 * the implementation (MSS, MSL). No base: a plain number.
 */
export interface Term {
  readonly base?: string;
  readonly k?: number;
  readonly off: number;
}

export type CallName = 'listen' | 'connect' | 'send' | 'close' | 'abort';
export type AppEventKind = 'data' | 'eof' | 'reset' | 'refused' | 'closing' | 'no_connection' | 'exists';

/** A segment the tester sends. */
export interface SegmentSpec {
  readonly flags: readonly Flag[];
  readonly seq: Term;
  /** Present exactly when the ACK flag is set. */
  readonly ack?: Term;
  readonly mss?: number;
  readonly data: string;
}

/** A segment the IUT must send; every field given is checked. */
export interface SegmentPattern {
  /** Control flags (SYN, ACK, FIN, RST) must match exactly; PSH is not checked. */
  readonly flags: readonly Flag[];
  readonly seq: Term;
  readonly ack?: Term;
  /** A term: the option must be present with that value; "absent": it must not be there. */
  readonly mss: Term | 'absent';
  readonly data: string;
}

export interface AppEventPattern {
  readonly kind: AppEventKind;
  readonly data?: string;
  /** The implementation may tell nothing instead (RFC 9293's "should", or the interface's choice). */
  readonly optional?: true;
  /** Other kinds the implementation may tell instead (the RFC and common practice name different errors). */
  readonly or?: readonly AppEventKind[];
}

export interface Expectation {
  /** Exactly these segments, in this order. */
  readonly segments: readonly SegmentPattern[];
  /** Exactly these application events, in this order (consecutive data events are joined). */
  readonly app: readonly AppEventPattern[];
  /** The state the spec says the IUT is in afterwards (checked when the adapter can report it). */
  readonly state: string;
}

/**
 * A known variation of an implementation family (Linux) at a step: other outputs than the
 * spec's, recorded in the spec (`variations:`) with why. A run that accepts the variant counts
 * a step that matches it as a known variation, not a failure.
 */
export interface StepVariation {
  readonly id: string;
  readonly variant: Variant;
  readonly segments: readonly SegmentPattern[];
  readonly app: readonly AppEventPattern[];
  /** The state entered (the spec's, unless the variation says otherwise). */
  readonly state: string;
}

interface StepBase {
  /** The spec transition this step exercises, and its rules: named when the step fails. */
  readonly transition: string;
  readonly rules: readonly string[];
  /** The RFC 9293 requirement labels the step checks (the transition's; [] when Appendix B has none for it). */
  readonly labels: readonly string[];
  readonly expect: Expectation;
  readonly variations?: readonly StepVariation[];
}

export type Step =
  | (StepBase & { readonly kind: 'call'; readonly call: CallName; readonly data?: string })
  | (StepBase & { readonly kind: 'inject'; readonly segment: SegmentSpec })
  | (StepBase & { readonly kind: 'advance'; readonly ms: Term })
  /** Forget the connection and start a new one on the same implementation. */
  | {
      readonly kind: 'reset';
      readonly transition: string;
      readonly rules: readonly string[];
      readonly labels: readonly string[];
    }
  /** The learned values must all differ (successive ISNs). */
  | {
      readonly kind: 'distinct';
      readonly bases: readonly string[];
      readonly transition: string;
      readonly rules: readonly string[];
      readonly labels: readonly string[];
    };

export interface Identify {
  /** The profile whose inputs the sequences use: a run of a larger profile may use more. */
  readonly profile: Profile;
  /** The sequences run after this many steps of the case. */
  readonly at: number;
  /** The state the case is in there. */
  readonly state: string;
  readonly sequences: readonly (readonly Step[])[];
  /** Other states told apart only because they leave an input unspecified that this state answers. */
  readonly weak: readonly string[];
  /** Other states no sequence tells apart (the state query is then needed to tell them). */
  readonly none: readonly string[];
}

/** How well an identification tells a state from another (Identify's weak and none), weakest first. */
export const SEPARATION = { none: 0, weak: 1, strong: 2 } as const;
export type Separation = keyof typeof SEPARATION;

export type Capability = 'stateQuery' | 'virtualClock' | 'isnOverride';

/** Implementation families whose known variations the spec records (spec/linux.yaml). */
export const VARIANTS = ['linux'] as const;
/**
 * An implementation family: one the spec records (VARIANTS, a profile of its own), or one an
 * implementation names for itself where it declares its own variations (`run --variations`).
 */
export type Variant = string;

/** Profiles, smallest first: each includes the ones before it. */
export const PROFILES = ['memo', 'rfc9293'] as const;
export type Profile = (typeof PROFILES)[number];

/** The profile and every smaller one: what a run of the profile includes. */
export function profilesUpTo(profile: Profile): readonly Profile[] {
  return PROFILES.slice(0, PROFILES.indexOf(profile) + 1);
}

/** The profile and every larger one: the runs that include it. */
export function profilesFrom(profile: Profile): readonly Profile[] {
  return PROFILES.slice(PROFILES.indexOf(profile));
}

export interface TestCase {
  /** Stable id, unique in the suite. */
  readonly id: string;
  /** The profile the case belongs to; a run of a profile runs its cases and those of smaller profiles. */
  readonly profile: Profile;
  /** What the case checks, ending with its ID in brackets: "… (IUT as client) [fin-wait-1-ack/client]". */
  readonly title: string;
  readonly rules: readonly string[];
  /** The RFC 9293 requirement labels the step under test checks (its transition's). */
  readonly labels: readonly string[];
  readonly rfc: string;
  /** The transition under test, and the spec line it comes from. */
  readonly transition: string;
  readonly source: string;
  /** client: the IUT opened actively; server: passively; none: the IUT has no connection yet. */
  readonly role: 'client' | 'server' | 'none';
  /** The tester's own ISN. */
  readonly peerIsn: number;
  /** When set, the IUT is asked to use this ISN (needs the isnOverride capability). */
  readonly iutIsn?: number;
  /** Index of the first step of the transition under test; the steps before it set up the state. */
  readonly focus: number;
  readonly steps: readonly Step[];
  /**
   * Input sequences that tell the state reached (after the focus, and wherever a timer must
   * not have fired yet) from every other state by outputs alone, per profile. An adapter
   * without a state query runs each after the steps that lead there (a fresh run of the case
   * per sequence), so a wrong next state fails the case all the same.
   */
  readonly identify?: readonly Identify[];
  /** Capabilities without which the case is pending, never passed. */
  readonly needs: readonly Capability[];
  /** Parameter values the case was planned with; an implementation with other values gets it pending. */
  readonly assumes?: Readonly<Record<string, number>>;
  /** The state every connection of the case starts in (the spec's initial state), as after a reset. */
  readonly initial: string;
  /**
   * The spec's default values of the parameters the case names (in its terms and `assumes`),
   * for an implementation that does not report its own.
   */
  readonly parameters: Readonly<Record<string, number>>;
  /** The values the spec records for an implementation family (Linux's MSL), for an adapter of that family. */
  readonly variantParameters?: Readonly<Partial<Record<Variant, Readonly<Record<string, number>>>>>;
}
