/**
 * The spec file format, as a zod schema. It is the single definition of the format: the
 * validator checks files against it, and `generated/schema/spec.schema.json` (the schema
 * editors use through `# yaml-language-server: $schema=…`) is exported from it.
 */
import { z } from 'zod';
import { RESEND_MEANING } from '../../core/actions.js';
import { PROFILES, VARIANTS } from '../../core/case.js';
import { ALLOWANCE_KINDS, ALLOWANCE_LEVELS } from '../../core/latitude.js';
import { CALL_NAMES, CONTROL_FLAG_NAMES, NOTIFY_NAMES, SEND_FLAG_NAMES } from '../../core/spec/names.js';
import { FIELDS, KEYWORDS, LABEL, LEVELS } from '../../core/requirements.js';

const describe = <T extends z.ZodType>(schema: T, text: string): T => schema.describe(text);

export const STATE_NAME = /^[A-Z][A-Z0-9_]*$/;
export const VAR_NAME = /^[A-Z][A-Z0-9_]*(\.[A-Z][A-Z0-9_]*)?$/;
export const RULE_ID = /^[A-Z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*$/;
export const TRANSITION_ID = /^[a-z][a-z0-9-]*$/;
/** A transition id as written: `{state}` stands for the from-state, lower-case-with-dashes. */
export const TRANSITION_ID_TEMPLATE = /^(?:[a-z]|\{state\})(?:[a-z0-9-]|\{state\})*$/;
export const FRAGMENT_NAME = /^[a-z][a-z0-9_]*$/;
export const TIMER_NAME = /^[a-z][a-z0-9_]*$/;
export const VARIATION_ID = /^[a-z][a-z0-9]*\.[a-z][a-z0-9-]*$/;

const StateName = describe(
  z.string().regex(STATE_NAME, 'a state name is UPPER_CASE, e.g. SYN_SENT'),
  'A state of the machine',
);
/** `from:` a state, a state set, or a list of them. */
const FromStates = describe(
  z.union([StateName, z.array(StateName).min(1, 'name at least one state')], {
    error: 'expected a state, a state set (machine.state_sets) or a list of them',
  }),
  'A state, a state set from machine.state_sets (SYNCHRONIZED), or a list of them',
);
const VarName = z.string().regex(VAR_NAME, 'a variable name is UPPER_CASE, optionally dotted, e.g. SND.NXT');
const RuleId = describe(
  z.string().regex(RULE_ID, 'a rule ID looks like H1 or W4.2msl'),
  'A rule ID from spec/rules.yaml',
);
const Label = describe(
  z.string().regex(LABEL, 'a requirement label is written as in RFC 9293 Appendix B: MUST-40, SHLD-7, MAY-5, REC-1'),
  'An RFC 9293 requirement label from spec/requirements.yaml',
);
const Labels = describe(
  z.array(Label),
  'The RFC 9293 requirement labels this checks; [] only with unlabelled: saying why',
);
const Unlabelled = describe(
  z.string().min(1, 'must not be empty'),
  'Why no RFC 9293 label applies (with labels: []): e.g. event processing Appendix B gives no label',
);
const TimerName = z.string().regex(TIMER_NAME, 'a timer name is lower_case, e.g. time_wait');
const Text = z.string().min(1, 'must not be empty');

/** An expression in the spec's expression language, or a plain number. */
const Expr = describe(
  z.union([z.string().min(1, 'an expression must not be empty'), z.number().int().nonnegative()], {
    error: 'expected an expression (a string such as "SND.NXT + 1") or a whole number',
  }),
  'An expression: numbers, variables (SND.NXT, SEG.SEQ, …), + - *, comparisons (modulo 2^32), && || !, ??, isn()',
);

const Profile = describe(
  z.enum(PROFILES),
  "memo: the memo's rules; rfc9293: the memo plus the full RFC 9293 state machine",
);

const Input = z.union(
  [
    z.strictObject({
      call: describe(z.enum(CALL_NAMES), 'An application call'),
      if: Expr.optional(),
    }),
    z.strictObject({
      segment: describe(
        z.array(z.enum(CONTROL_FLAG_NAMES)),
        'An arriving segment with exactly these control flags (PSH is ignored)',
      ),
      if: describe(Expr, 'Guard over SEG.* and connection variables').optional(),
    }),
    z.strictObject({
      timer: describe(TimerName, 'A timer of the machine expiring'),
      if: describe(Expr, 'Guard over connection variables (e.g. a retry count)').optional(),
    }),
  ],
  {
    error: 'an input is one of { call: NAME, if: GUARD }, { segment: [FLAGS], if: GUARD }, { timer: NAME, if: GUARD }',
  },
);

const SendAction = z.strictObject({
  ctl: describe(
    z.array(z.enum(SEND_FLAG_NAMES)).min(1, 'a segment needs at least one flag'),
    'Flags of the emitted segment',
  ),
  seq: Expr,
  ack: Expr.optional(),
  mss: describe(Expr, 'Value of the MSS option; omit for no option').optional(),
  data: describe(z.literal('call'), "Carry the application's data from this send call").optional(),
  max: describe(Expr, 'Split the data into segments of at most this many octets').optional(),
});

const Action = z.union(
  [
    z.strictObject({ set: describe(z.record(VarName, Expr), 'Assign variables, in order') }),
    z.strictObject({ send: SendAction }),
    z.strictObject({ deliver: describe(z.literal('segment'), "Deliver the segment's data to the application") }),
    z.strictObject({
      resend: describe(z.literal('unacked'), RESEND_MEANING),
    }),
    z.strictObject({
      notify: describe(
        z.union([
          z.enum(NOTIFY_NAMES),
          z.strictObject({
            what: describe(z.enum(NOTIFY_NAMES), 'What the application is told'),
            optional: describe(
              z.literal(true),
              'The implementation may also tell nothing (RFC 9293 says "should", or leaves it to the interface)',
            ).optional(),
            or: describe(
              z.array(z.enum(NOTIFY_NAMES)).min(1),
              'What the implementation may tell instead (the RFC and common practice name different errors)',
            ).optional(),
          }),
        ]),
        'Tell the application something (end of stream, an error); an object states the latitude the RFC leaves',
      ),
    }),
    z.strictObject({ start_timer: z.strictObject({ name: TimerName, after: Expr }) }),
    z.strictObject({ stop_timer: TimerName }),
  ],
  { error: 'an action is one of set, send, resend, deliver, notify, start_timer, stop_timer' },
);

const Transition = z.strictObject({
  id: describe(
    z
      .string()
      .regex(
        TRANSITION_ID_TEMPLATE,
        'a transition id is lower-case-with-dashes, and may hold {state} for the from-state: {state}-rst',
      ),
    'Unique id of the transition; with several from-states, a template such as {state}-rst-in-window',
  ),
  from: FromStates,
  on: Input,
  do: z.array(Action).optional(),
  to: describe(StateName, 'Next state; omitted means the state does not change').optional(),
  rules: z.array(RuleId).min(1, 'a transition names at least one rule ID'),
  labels: Labels,
  unlabelled: Unlabelled.optional(),
  rfc: describe(z.string().regex(/^\d+(\.\d+)*$/, 'an RFC 9293 section number such as 3.10.7.3'), 'RFC 9293 section'),
  title: describe(Text, 'What the IUT does, in a few words (used in test titles)'),
  note: describe(
    Text,
    'Where the spec chooses between readings (the memo or the RFC, the RFC or common practice), which one it follows and why',
  ).optional(),
  profile: describe(Profile, "The profile this transition belongs to; default: the file's").optional(),
});

const VariationId = describe(
  z
    .string()
    .regex(VARIATION_ID, 'a variation id is the variant, a dot and lower-case-with-dashes, e.g. linux.abort-rst-ack'),
  'Unique id of the variation',
);

/** A variation's fields after its id and family: the spec names a family it knows, a declarations file its own. */
const variationFields = {
  of: describe(
    z
      .array(z.string().regex(TRANSITION_ID, 'a transition id is lower-case-with-dashes'))
      .min(1, 'name at least one transition'),
    'The transitions whose outputs vary (with do:)',
  ).optional(),
  do: describe(
    z.array(
      z.union(
        [
          z.strictObject({ send: SendAction }),
          z.strictObject({ resend: z.literal('unacked') }),
          z.strictObject({ deliver: z.literal('segment') }),
          z.strictObject({ notify: z.enum(NOTIFY_NAMES) }),
          z.strictObject({ start_timer: z.strictObject({ name: TimerName, after: Expr }) }),
          z.strictObject({ stop_timer: TimerName }),
        ],
        { error: 'a variation does only send, resend, deliver, notify, start_timer and stop_timer' },
      ),
    ),
    "What the implementation sends and tells its application instead: it replaces the transitions' send, resend, deliver and notify actions ([] for nothing), and their actions on the timers it starts or stops (a start_timer of a running timer restarts it); variables stay the spec's",
  ).optional(),
  to: describe(StateName, "The state the implementation enters instead of the spec's (with of: and do:)").optional(),
  parameters: describe(
    z.record(VarName, z.number().int().nonnegative()),
    "The family's values of the machine's parameters (instead of of: and do:)",
  ).optional(),
  why: describe(Text, 'What the implementation does and why, with where it was observed'),
};

/** of: and do:, or parameters:, never both: one variation is one kind of difference. */
const oneKind = <T extends z.ZodType<{ of?: unknown; do?: unknown; to?: unknown; parameters?: unknown }>>(schema: T) =>
  schema.refine(
    (v) =>
      (v.of === undefined) === (v.do === undefined) &&
      (v.of === undefined) !== (v.parameters === undefined) &&
      (v.to === undefined || v.of !== undefined),
    {
      error:
        "a variation gives either of: and do: (outputs that differ) or parameters: (the family's parameter values)",
    },
  );

const Variation = oneKind(
  z.strictObject({
    id: VariationId,
    variant: describe(z.enum(VARIANTS), 'The implementation family that varies'),
    ...variationFields,
  }),
);

const Allowance = z
  .strictObject({
    id: describe(
      z.string().regex(TRANSITION_ID, 'an allowance id is lower-case-with-dashes, e.g. delayed-ack'),
      'Unique id of the allowance',
    ),
    allows: describe(z.enum(ALLOWANCE_KINDS), 'The kind of latitude the judge applies'),
    within: describe(
      z.number().int().positive(),
      'For delayed_ack: an ACK must come in less than this many ms (MUST-40: at most 500)',
    ).optional(),
    level: describe(
      z.enum(ALLOWANCE_LEVELS),
      'allowed (default): no departure at all; warning: passes, but is shown and counted',
    ).optional(),
    rfc: describe(z.string().regex(/^\d+(\.\d+)*$/, 'an RFC 9293 section number such as 3.8.6.3'), 'RFC 9293 section'),
    labels: describe(
      z.array(Label),
      'The RFC 9293 Appendix B labels the allowance rests on ([] only when Appendix B has none; say so in why:)',
    ),
    why: describe(Text, 'What the RFC allows and how the judge applies it'),
  })
  .refine((a) => (a.allows === 'delayed_ack') === (a.within !== undefined), {
    error: 'within: (ms) is given for delayed_ack, and only for it',
  });

const Rule = z.strictObject({
  id: RuleId,
  text: describe(Text, 'The rule in one English sentence'),
  zh: describe(Text, 'The rule in one Chinese sentence (shown with --lang zh)').optional(),
  source: z.enum(['memo', 'rfc9293']),
  labels: Labels,
  unlabelled: Unlabelled.optional(),
  note: Text.optional(),
});

const Requirement = z.strictObject({
  id: Label,
  level: describe(z.enum(LEVELS), "The label's prefix: MUST fails, SHLD and REC warn, MAY never fails"),
  rows: describe(
    z
      .array(
        z.strictObject({
          group: describe(Text, "Appendix B's group heading (Window, Closing Connections)"),
          feature: describe(Text, "Appendix B's feature text"),
          keyword: describe(z.enum(KEYWORDS), 'The column ticked'),
        }),
      )
      .min(1, 'a label has at least one row of Appendix B'),
    'The rows of Appendix B with this label',
  ),
  rfc: describe(
    z
      .array(z.string().regex(/^\d+(\.\d+)*$/, 'an RFC 9293 section number such as 3.8.6.3'))
      .min(1, 'name the section that states it'),
    'RFC 9293 sections that state it',
  ),
  fields: describe(
    z.array(z.enum(FIELDS)).min(1, 'name a field, or leave fields out when it governs the whole step'),
    'The only fields of a step it governs (MUST-14: the MSS option); absent: the whole step',
  ).optional(),
  out_of_scope: describe(Text, 'Why no test of one TCP connection can check it').optional(),
});

const Machine = z.strictObject({
  initial: StateName,
  states: z.record(StateName, z.strictObject({ description: Text })),
  variables: z.record(
    VarName,
    z.strictObject({
      description: Text,
      rules: describe(z.array(RuleId), 'Rules that govern this value; tests that vary it name them').optional(),
    }),
  ),
  parameters: z.record(
    VarName,
    z.strictObject({
      description: Text,
      default: z.number().int().nonnegative(),
      unit: z.enum(['octets', 'ms', 'count']),
      assumed: describe(
        z.boolean(),
        'Tests are planned with the default value (it decides how many steps a test has, or which sequence numbers are in the window); an implementation that reports another value gets those tests pending',
      ).optional(),
    }),
  ),
  timers: z.record(TimerName, z.strictObject({ description: Text })),
  state_sets: describe(
    z.record(
      StateName,
      z.strictObject({
        description: Text,
        states: z.array(StateName).min(1, 'a state set names at least one state'),
      }),
    ),
    'Named sets of states (SYNCHRONIZED): a transition or unspecified entry may name one in from:',
  ).optional(),
});

const Guard = z.strictObject({
  description: describe(Text, 'What the condition means, with its RFC 9293 section'),
  if: describe(Expr, 'The condition; other fragments may be named in it, not itself'),
});

const Unspecified = z.strictObject({
  from: describe(FromStates, 'The states where the input is left unspecified'),
  on: Input,
  why: describe(Text, 'Why the spec says nothing here (e.g. the RFC leaves it to the implementation)'),
  rfc: z
    .string()
    .regex(/^\d+(\.\d+)*$/, 'an RFC 9293 section number such as 3.10.7.3')
    .optional(),
});

export const SpecFileSchema = z.strictObject({
  profile: describe(Profile, 'Default profile of the transitions in this file (memo if not given)').optional(),
  machine: Machine.optional(),
  rules: z.array(Rule).optional(),
  requirements: describe(
    z.array(Requirement),
    "RFC 9293's requirement labels (Appendix B); transitions and rules name them in labels:",
  ).optional(),
  guards: describe(
    z.record(z.string().regex(FRAGMENT_NAME, 'a guard fragment name is lower_case, e.g. in_window'), Guard),
    'Named guard fragments: an expression may name one (in_window) where it would write the condition',
  ).optional(),
  transitions: z.array(Transition).optional(),
  unspecified: describe(
    z.array(Unspecified),
    '(state, input) pairs the spec deliberately leaves open; no test is generated for them',
  ).optional(),
  variations: describe(
    z.array(Variation),
    'Where an implementation family (Linux) knowingly differs in what it sends or reports',
  ).optional(),
  latitude: describe(
    z.array(Allowance),
    'What RFC 9293 lets an implementation do besides what the transitions write down (delayed and cumulative ACKs, Nagle, timer granularity, …), each citing its section and labels',
  ).optional(),
});

/** An implementation family's name in a declarations file: its own, lower-case. */
export const FAMILY_NAME = /^[a-z][a-z0-9]*$/;

/** A call the implementation's interface cannot make (the socket API has no handle before accept()). */
const CannotCall = z.strictObject({
  call: describe(z.enum(CALL_NAMES), 'The application call'),
  in: describe(FromStates, 'The states (or state sets) it cannot be made in'),
  role: describe(
    z.enum(['client', 'server', 'none']),
    'Only on connections of this role (client: opened actively, server: passively, none: no connection yet); default: any',
  ).optional(),
  why: describe(Text, 'Why the interface cannot make it: a case that needs the call is pending with this reason'),
});

/**
 * A declarations file (`run --variations FILE`, an adapter's `declared`): where an
 * implementation knowingly differs, in the form of spec/linux.yaml, and the calls its
 * interface cannot make. It lives in the implementation's repository; its family is its own.
 */
export const DeclaredFileSchema = z.strictObject({
  variations: describe(
    z.array(
      oneKind(
        z.strictObject({
          id: VariationId,
          variant: describe(
            z.string().regex(FAMILY_NAME, 'a variant is a lower-case name, e.g. myengine'),
            'The implementation family that varies: your own name',
          ),
          ...variationFields,
        }),
      ),
    ),
    'Where the implementation knowingly differs in what it sends or reports, or its parameter values (GRANULARITY: its timer granularity)',
  ).optional(),
  cannot_call: describe(z.array(CannotCall), 'Calls its interface cannot make in some states').optional(),
  real_clock: describe(
    z.strictObject({
      tolerance_ms: describe(z.number().int().nonnegative(), 'A timed event may come this many ms early or late'),
      tolerance_pct: describe(
        z.number().nonnegative().max(100),
        '… or this percentage of the time waited, whichever is more',
      ),
      limit_ms: describe(
        z.number().int().positive(),
        'A test that would wait longer than this in all is pending (default 10000)',
      ).optional(),
    }),
    'Its timers run on real time (no virtual_clock): timed tests run with these windows, as against the kernel (50 ms, 5 %, as packetdrill judges), instead of pending',
  ).optional(),
});

export type DeclaredFileData = z.infer<typeof DeclaredFileSchema>;

export type SpecFileData = z.infer<typeof SpecFileSchema>;
export type TransitionData = z.infer<typeof Transition>;
export type ActionData = z.infer<typeof Action>;
export type InputData = z.infer<typeof Input>;
export type MachineData = z.infer<typeof Machine>;
export type FromData = z.infer<typeof FromStates>;
export type RuleData = z.infer<typeof Rule>;
export type RequirementData = z.infer<typeof Requirement>;
export type ExprData = z.infer<typeof Expr>;

/** The JSON Schema editors use; written to generated/schema/spec.schema.json. */
export function specJsonSchema(): object {
  return {
    ...z.toJSONSchema(SpecFileSchema, { target: 'draft-2020-12' }),
    title: 'tcpconform transition spec',
  };
}

/** The JSON Schema of a declarations file, for editors; written to generated/schema/declared.schema.json. */
export function declaredJsonSchema(): object {
  return {
    ...z.toJSONSchema(DeclaredFileSchema, { target: 'draft-2020-12' }),
    title: 'tcpconform declarations (run --variations)',
  };
}
