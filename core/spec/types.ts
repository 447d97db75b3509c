/**
 * The typed, immutable model of a spec: what the planner and the emitter consume. Every
 * element keeps a `loc` so later checks can still point at file:line:col.
 */
import type { Expr } from '../expr/ast.js';
import type { LoadedFile, PathSegment } from './source.js';
import type { CALL_NAMES, CONTROL_FLAG_NAMES, NOTIFY_NAMES, SEND_FLAG_NAMES } from './names.js';
import type { PROFILES } from '../case.js';
import type { Variant } from '../case.js';
import type { Allowance } from '../latitude.js';
import type { Requirement } from '../requirements.js';

export interface Loc {
  readonly file: LoadedFile;
  readonly path: readonly PathSegment[];
}

export type CallName = (typeof CALL_NAMES)[number];
export type ControlFlag = (typeof CONTROL_FLAG_NAMES)[number];
export type SendFlag = (typeof SEND_FLAG_NAMES)[number];
export type NotifyName = (typeof NOTIFY_NAMES)[number];
export type Profile = (typeof PROFILES)[number];

export interface ParsedExpr {
  readonly src: string;
  /** The tree the planner and emitter read: every guard fragment it names replaced by the fragment's own tree. */
  readonly tree: Expr;
  /** The tree as written, naming guard fragments; only when it names one (type errors point into `src`). */
  readonly written?: Expr | undefined;
  readonly loc: Loc;
}

export type Input =
  | { readonly kind: 'call'; readonly call: CallName; readonly guard?: ParsedExpr | undefined }
  | { readonly kind: 'segment'; readonly ctl: readonly ControlFlag[]; readonly guard?: ParsedExpr | undefined }
  | { readonly kind: 'timer'; readonly timer: string; readonly guard?: ParsedExpr | undefined };

export interface SendAction {
  readonly kind: 'send';
  readonly ctl: readonly SendFlag[];
  readonly seq: ParsedExpr;
  readonly ack?: ParsedExpr | undefined;
  readonly mss?: ParsedExpr | undefined;
  /** Carries the data of the application's send call. */
  readonly data: boolean;
  readonly max?: ParsedExpr | undefined;
  readonly loc: Loc;
}

/**
 * Tell the application something. Where the RFC leaves latitude, `optional` (it may tell
 * nothing) and `or` (it may tell one of these instead) say so.
 */
export interface NotifyAction {
  readonly kind: 'notify';
  readonly what: NotifyName;
  readonly optional?: true;
  readonly or?: readonly NotifyName[];
  readonly loc: Loc;
}

export type Action =
  | {
      readonly kind: 'set';
      readonly assignments: readonly { readonly name: string; readonly value: ParsedExpr; readonly loc: Loc }[];
      readonly loc: Loc;
    }
  | SendAction
  | { readonly kind: 'deliver'; readonly loc: Loc }
  /** Send again the earliest unacknowledged segment: data, else the FIN (uses SND.UNA, SND.NXT, SND.MSS, RCV.NXT). */
  | { readonly kind: 'resend'; readonly loc: Loc }
  | NotifyAction
  | { readonly kind: 'start_timer'; readonly timer: string; readonly after: ParsedExpr; readonly loc: Loc }
  | { readonly kind: 'stop_timer'; readonly timer: string; readonly loc: Loc };

export interface Transition {
  /** Unique; a template id (`{state}-rst`) is expanded with the from-state (`established-rst`). */
  readonly id: string;
  /** The id as written, when it is a template: `loc` is then shared by every expansion. */
  readonly template?: string | undefined;
  /** Spec file (base name without extension) the transition comes from: its tests go to the same-named suite file. */
  readonly group: string;
  readonly specFile: string;
  readonly from: string;
  readonly input: Input;
  readonly actions: readonly Action[];
  readonly to: string;
  readonly rules: readonly string[];
  /** The RFC 9293 requirement labels it checks (MUST-40); [] only with `unlabelled`. */
  readonly labels: readonly string[];
  /** Why no label applies, when `labels` is empty. */
  readonly unlabelled?: string | undefined;
  readonly rfc: string;
  readonly title: string;
  readonly note?: string | undefined;
  /** The smallest profile that includes this transition. */
  readonly profile: Profile;
  readonly loc: Loc;
}

export interface Rule {
  readonly id: string;
  readonly text: string;
  readonly zh?: string | undefined;
  readonly source: 'memo' | 'rfc9293';
  readonly labels: readonly string[];
  readonly unlabelled?: string | undefined;
  readonly note?: string | undefined;
  readonly loc: Loc;
}

/** A label of RFC 9293's Appendix B, as spec/requirements.yaml gives it. */
export interface SpecRequirement extends Requirement {
  readonly loc: Loc;
}

export interface Named {
  readonly name: string;
  readonly description: string;
  readonly loc: Loc;
}

export interface Variable extends Named {
  readonly rules: readonly string[];
}

export interface Parameter extends Named {
  readonly default: number;
  readonly unit: 'octets' | 'ms' | 'count';
  /** Planned at its default value: tests that depend on it assume the implementation uses it. */
  readonly assumed: boolean;
}

/** (state, input) pairs the spec deliberately leaves open. */
export interface Unspecified {
  readonly states: readonly string[];
  readonly input: Input;
  readonly why: string;
  readonly rfc?: string | undefined;
  readonly profile: Profile;
  readonly loc: Loc;
}

/** An allowance of the spec's `latitude:`, with where it is written. */
export interface SpecAllowance extends Allowance {
  readonly loc: Loc;
}

/**
 * Where an implementation family knowingly differs (spec `variations:`): the outputs it
 * produces instead of some transitions', or its values of the machine's parameters.
 */
export interface Variation {
  readonly id: string;
  readonly variant: Variant;
  readonly transitions: readonly string[];
  /** Outputs (send, resend, deliver, notify) and timer actions: they replace the transitions' own (core/spec/variations.ts). */
  readonly actions: readonly Action[];
  /** The state entered instead of the transitions' own, if it differs. */
  readonly to?: string | undefined;
  readonly parameters: Readonly<Record<string, number>>;
  readonly why: string;
  readonly loc: Loc;
}

/** A named set of states (`SYNCHRONIZED`): `from:` may name it instead of listing them. */
export interface StateSet extends Named {
  readonly states: readonly string[];
}

/** A named guard fragment (`in_window`): guards and other expressions may name it. */
export interface GuardFragment extends Named {
  /** Its `tree` has the fragments it names in turn replaced by theirs. */
  readonly expr: ParsedExpr;
}

export interface Spec {
  readonly initial: string;
  readonly initialLoc: Loc;
  readonly states: readonly Named[];
  readonly stateSets: readonly StateSet[];
  readonly guards: readonly GuardFragment[];
  readonly variables: readonly Variable[];
  readonly parameters: readonly Parameter[];
  readonly timers: readonly Named[];
  readonly rules: readonly Rule[];
  /** Appendix B's labels; `requirementsLoc` is where the list is (none when no file has one). */
  readonly requirements: readonly SpecRequirement[];
  readonly requirementsLoc?: Loc | undefined;
  readonly transitions: readonly Transition[];
  readonly unspecified: readonly Unspecified[];
  readonly variations: readonly Variation[];
  /** What RFC 9293 lets an implementation do besides what the transitions write (spec `latitude:`). */
  readonly latitude: readonly SpecAllowance[];
  /** Spec files by their stable names (spec/handshake.yaml), for generated headers. */
  readonly files: readonly string[];
}

/** Names an expression may use, by where it appears. */
export const SEGMENT_FIELDS: Readonly<Record<string, 'num' | 'opt'>> = {
  'SEG.SEQ': 'num',
  'SEG.ACK': 'num',
  'SEG.LEN': 'num',
  'SEG.DATA': 'num',
  'SEG.WND': 'num',
  'SEG.MSS': 'opt',
};
export const CALL_FIELDS: Readonly<Record<string, 'num'>> = { 'CALL.LEN': 'num' };
