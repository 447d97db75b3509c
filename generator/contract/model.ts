/**
 * The contract an implementation under test is held to, derived from the spec model: its
 * parameters, what each application call answers in each state, what the application is told,
 * what each timer does and when the connection gives up, the latitude it has and the
 * variations recorded for families. What only the runtime knows (the parameters the judge
 * reads besides the spec's, what each adapter capability enables) is handed in, since the
 * generator imports nothing of src/. Every entry carries its transitions, rules, labels, RFC
 * section and spec line, so grepping any of them finds it. docs/contract.md is its Markdown.
 */
import { namesIn } from '../../core/expr/ast.js';
import { callKey, type InputKey, inputKey } from '../../core/input-key.js';
import { INPUTS } from '../coverage.js';
import { CALL_NAMES, NOTIFY_NAMES } from '../../core/spec/names.js';
import { profileView } from '../../core/spec/profiles.js';
import {
  CALL_FIELDS,
  type NotifyName,
  type Parameter,
  type Profile,
  SEGMENT_FIELDS,
  type Spec,
  type Transition,
} from '../../core/spec/types.js';
import { sourceOf } from '../plan/titles.js';
import { type Schedule, scheduleOf } from './schedule.js';
import { type ActionData, actionData, actionsText, FIELD_MEANINGS, type Lang } from './words.js';

/** What the runtime adds: the parameters only the judge reads, the capabilities, the wire protocol. */
export interface RuntimeFacts {
  readonly toolParameters: readonly { readonly name: string; readonly description: string }[];
  readonly capabilities: readonly Capability[];
  /** Where the protocol of `--exec` and `--connect` is written (docs/adapter-protocol.md). */
  readonly protocol: string;
}

export interface Capability {
  /** As the Adapter interface names it (stateQuery). */
  readonly name: string;
  /** As the adapter protocol's init_ok names it (state_query). */
  readonly wire: string;
  readonly enables: string;
  /** Why a test that needs it is pending without it, as a run says it. */
  readonly without: string;
}

/** Where a piece of the contract comes from: enough to find it in the spec, tests and reference. */
export interface Citation {
  readonly rules: readonly string[];
  readonly labels: readonly string[];
  readonly unlabelled?: string | undefined;
  readonly rfc: string;
  /** spec/FILE.yaml:LINE */
  readonly source: string;
  /** The smallest profile that holds it. */
  readonly profile: Profile;
}

/**
 * One transition as written: a `{state}` template answers in several states alike, so it is
 * one entry with all of them (and the ids they expand to).
 */
export interface Entry extends Citation {
  /** As written: "active-open", "{state}-listen". */
  readonly id: string;
  /** The transitions it expands to, one per state. */
  readonly ids: readonly string[];
  readonly states: readonly string[];
  /** The guard as written, if any. */
  readonly when?: string | undefined;
  /** What it does, in words. */
  readonly does: string;
  /** The same as data. */
  readonly actions: readonly ActionData[];
  /** The next state; undefined when each state stays as it is. */
  readonly to?: string | undefined;
  readonly title: string;
  readonly note?: string | undefined;
}

export interface ParameterEntry {
  readonly name: string;
  readonly default: number;
  readonly unit: Parameter['unit'];
  readonly description: string;
  /** Cases are planned for its value (the implementation's, else the default). */
  readonly assumed: boolean;
  readonly source: string;
  /** The transitions of the profile that read it, and their rules. */
  readonly transitions: readonly string[];
  readonly rules: readonly string[];
  /** Values recorded for implementation families (linux: MSL 30000), with the variation. */
  readonly families: readonly { readonly variation: string; readonly variant: string; readonly value: number }[];
}

export interface InputAnswers {
  /** A call's name (connect), or a segment's control flags (SYN+ACK). */
  readonly input: string;
  readonly answers: readonly Entry[];
  /** States where the spec leaves the call open on purpose, and why. */
  readonly open: readonly {
    readonly states: readonly string[];
    /** The part of the input left open, when not all of it. */
    readonly when?: string | undefined;
    readonly why: string;
    readonly rfc?: string | undefined;
    readonly source: string;
  }[];
  /** States where this profile has no answer: its tests never give the input there. */
  readonly unanswered: readonly string[];
}

export interface TimerEntry {
  readonly name: string;
  readonly description: string;
  readonly source: string;
  /** By interval as written (RTO_CUR, 2 * MSL): the transitions that start it. */
  readonly starts: readonly { readonly after: string; readonly transitions: readonly string[] }[];
  readonly stops: readonly string[];
  readonly expiries: readonly Entry[];
}

export interface GiveUp {
  readonly entry: Entry;
  /** The count parameters its condition compares with (SYN_RETRIES), with their defaults. */
  readonly limits: readonly { readonly name: string; readonly default: number }[];
  readonly schedules: readonly (Schedule & { readonly state: string })[];
}

/** An allowance of spec/latitude.yaml, as the judge applies it. */
export interface AllowanceEntry {
  readonly id: string;
  readonly allows: string;
  readonly level: string;
  readonly withinMs?: number | undefined;
  readonly rfc: string;
  readonly labels: readonly string[];
  readonly why: string;
  readonly source: string;
}

/** A variation recorded for an implementation family (spec/linux.yaml). */
export interface VariationEntry {
  readonly id: string;
  readonly variant: string;
  readonly transitions: readonly string[];
  /** What it does instead, when it replaces outputs; undefined when it gives parameter values only. */
  readonly does?: string | undefined;
  readonly actions: readonly ActionData[];
  readonly to?: string | undefined;
  readonly parameters: Readonly<Record<string, number>>;
  readonly why: string;
  readonly source: string;
}

export interface Contract {
  readonly profile: Profile;
  readonly lang: Lang;
  readonly files: readonly string[];
  readonly states: readonly {
    readonly name: string;
    readonly description: string;
    readonly sets: readonly string[];
    readonly source: string;
  }[];
  readonly variables: readonly {
    readonly name: string;
    readonly description: string;
    readonly rules: readonly string[];
    readonly source: string;
  }[];
  /** The conditions guards name instead of writing them out (acceptable_ack). */
  readonly conditions: readonly {
    readonly name: string;
    readonly description: string;
    readonly if: string;
    readonly source: string;
  }[];
  /** The names of an input (SEG.SEQ, CALL.LEN) and isn(), as expressions read them. */
  readonly fields: readonly { readonly name: string; readonly meaning: string }[];
  readonly parameters: readonly ParameterEntry[];
  readonly toolParameters: RuntimeFacts['toolParameters'];
  readonly calls: readonly InputAnswers[];
  /** What each arriving segment gets, by its control flags. */
  readonly segments: readonly InputAnswers[];
  /** What the application is told (and data delivered), by event: the transitions that do it. */
  readonly events: readonly { readonly event: NotifyName | 'data'; readonly transitions: readonly string[] }[];
  readonly timers: readonly TimerEntry[];
  readonly giveUps: readonly GiveUp[];
  readonly latitude: readonly AllowanceEntry[];
  readonly variations: readonly VariationEntry[];
  readonly capabilities: readonly Capability[];
  readonly protocol: string;
  /** The rules every entry cites, with the transitions of the profile that encode each. */
  readonly rules: readonly {
    readonly id: string;
    readonly source: 'memo' | 'rfc9293';
    readonly text: string;
    readonly labels: readonly string[];
    readonly note?: string | undefined;
    readonly spec: string;
    readonly transitions: readonly string[];
  }[];
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

/**
 * Transitions as written: the expansions of one template share its spec line. In the order
 * of the states they answer in (the spec's), then as written.
 */
function entries(ts: readonly Transition[], states: readonly string[], lang: Lang): Entry[] {
  const groups = new Map<string, Transition[]>();
  for (const t of ts) groups.set(sourceOf(t), [...(groups.get(sourceOf(t)) ?? []), t]);
  const all = [...groups.entries()].map(([source, group]): Entry => {
    const t = group[0]!;
    const stays = group.every((g) => g.to === g.from);
    return {
      id: t.template ?? t.id,
      ids: group.map((g) => g.id),
      states: group.map((g) => g.from),
      when: t.input.guard?.src,
      does: actionsText(t.actions.map(actionData), lang),
      actions: t.actions.map(actionData),
      to: stays ? undefined : t.to,
      title: t.title,
      note: t.note,
      rules: t.rules,
      labels: t.labels,
      unlabelled: t.unlabelled,
      rfc: t.rfc,
      source,
      profile: t.profile,
    };
  });
  const rank = (e: Entry) => Math.min(...e.states.map((st) => states.indexOf(st)));
  return all
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i)
    .map(({ e }) => e);
}

/** Every name a transition's guard and actions read. */
function namesRead(t: Transition): Set<string> {
  const exprs = [
    ...(t.input.guard ? [t.input.guard.tree] : []),
    ...t.actions.flatMap((a) => {
      switch (a.kind) {
        case 'set':
          return a.assignments.map((s) => s.value.tree);
        case 'send':
          return [a.seq, a.ack, a.mss, a.max].flatMap((e) => (e ? [e.tree] : []));
        case 'start_timer':
          return [a.after.tree];
        default:
          return [];
      }
    }),
  ];
  return new Set(exprs.flatMap((e) => namesIn(e)));
}

function parameters(spec: Spec, ts: readonly Transition[]): ParameterEntry[] {
  return spec.parameters.map((p) => {
    const readers = ts.filter((t) => namesRead(t).has(p.name));
    return {
      name: p.name,
      default: p.default,
      unit: p.unit,
      description: p.description,
      assumed: p.assumed,
      source: sourceOf(p),
      transitions: readers.map((t) => t.id),
      rules: sorted(readers.flatMap((t) => t.rules)),
      families: spec.variations.flatMap((v) =>
        p.name in v.parameters ? [{ variation: v.id, variant: v.variant, value: v.parameters[p.name]! }] : [],
      ),
    };
  });
}

/** One input in every state: the answers, the states left open on purpose, and the rest. */
function answersTo(view: Spec, states: readonly string[], key: InputKey, input: string, lang: Lang): InputAnswers {
  const here = view.transitions.filter((t) => inputKey(t.input) === key);
  const open = view.unspecified.filter((u) => inputKey(u.input) === key);
  return {
    input,
    answers: entries(here, states, lang),
    open: open.map((u) => ({
      states: u.states,
      when: u.input.guard?.src,
      why: u.why,
      rfc: u.rfc,
      source: sourceOf(u),
    })),
    unanswered: states.filter((s) => !here.some((t) => t.from === s) && !open.some((u) => u.states.includes(s))),
  };
}

/** The segments some transition takes, in the coverage table's order, then any others. */
function segmentKeys(view: Spec): InputKey[] {
  const keys = [...new Set(view.transitions.flatMap((t) => (t.input.kind === 'segment' ? [inputKey(t.input)] : [])))];
  const rank = (k: string) => (INPUTS.includes(k) ? INPUTS.indexOf(k) : INPUTS.length);
  return keys.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function timers(spec: Spec, ts: readonly Transition[], lang: Lang): TimerEntry[] {
  return spec.timers.map((timer) => {
    const starts = new Map<string, string[]>();
    for (const t of ts)
      for (const a of t.actions)
        if (a.kind === 'start_timer' && a.timer === timer.name)
          starts.set(a.after.src, [...(starts.get(a.after.src) ?? []), t.id]);
    return {
      name: timer.name,
      description: timer.description,
      source: sourceOf(timer),
      starts: [...starts.entries()].map(([after, transitions]) => ({ after, transitions })),
      stops: ts
        .filter((t) => t.actions.some((a) => a.kind === 'stop_timer' && a.timer === timer.name))
        .map((t) => t.id),
      expiries: entries(
        ts.filter((t) => t.input.kind === 'timer' && t.input.timer === timer.name),
        spec.states.map((s) => s.name),
        lang,
      ),
    };
  });
}

/** Expiries that end the connection (or the handshake) once a retry count reaches its limit. */
function giveUps(spec: Spec, ts: readonly Transition[], lang: Lang): GiveUp[] {
  const counts = spec.parameters.filter((p) => p.unit === 'count');
  const expiries = ts.filter((t) => t.input.kind === 'timer' && t.to !== t.from && t.input.guard);
  return entries(
    expiries,
    spec.states.map((s) => s.name),
    lang,
  ).flatMap((entry) => {
    const group = expiries.filter((t) => entry.ids.includes(t.id));
    const guard = group[0]!.input.guard!.tree;
    const limits = counts.filter((p) => namesIn(guard).includes(p.name));
    if (limits.length === 0) return [];
    return [
      {
        entry,
        limits: limits.map((p) => ({ name: p.name, default: p.default })),
        schedules: group.flatMap((t) => {
          const s = scheduleOf({ ...spec, transitions: ts }, t);
          return s ? [{ ...s, state: t.from }] : [];
        }),
      },
    ];
  });
}

/**
 * The contract of a profile. In Chinese the contract's own words and the rules' sentences are
 * Chinese; the spec's descriptions, titles and notes are English, as the spec writes them.
 */
export function contractOf(spec: Spec, profile: Profile, runtime: RuntimeFacts, lang: Lang = 'en'): Contract {
  const view = profileView(spec, profile);
  const ts = view.transitions;
  const used = new Set(ts.flatMap((t) => [t.from, t.to]));
  const states = spec.states.filter((s) => s.name === spec.initial || used.has(s.name));
  const stateNames = states.map((s) => s.name);
  const notifies = (t: Transition, what: NotifyName) =>
    t.actions.some((a) => a.kind === 'notify' && (a.what === what || (a.or ?? []).includes(what)));
  return {
    profile,
    lang,
    files: spec.files,
    states: states.map((s) => ({
      name: s.name,
      description: s.description,
      sets: spec.stateSets.filter((set) => set.states.includes(s.name)).map((set) => set.name),
      source: sourceOf(s),
    })),
    variables: spec.variables.map((v) => ({
      name: v.name,
      description: v.description,
      rules: v.rules,
      source: sourceOf(v),
    })),
    conditions: spec.guards.map((g) => ({
      name: g.name,
      description: g.description,
      if: g.expr.src,
      source: sourceOf(g),
    })),
    fields: [...Object.keys(SEGMENT_FIELDS), ...Object.keys(CALL_FIELDS), 'isn()'].map((name) => {
      const meaning = FIELD_MEANINGS[lang][name];
      if (meaning === undefined) throw new Error(`internal: the contract has no meaning for ${name} (words.ts)`);
      return { name, meaning };
    }),
    parameters: parameters(spec, ts),
    toolParameters: runtime.toolParameters,
    calls: CALL_NAMES.map((call) => answersTo(view, stateNames, callKey(call), call, lang)),
    segments: segmentKeys(view).map((key) => answersTo(view, stateNames, key, key.slice('segment '.length), lang)),
    events: [
      {
        event: 'data' as const,
        transitions: ts.filter((t) => t.actions.some((a) => a.kind === 'deliver')).map((t) => t.id),
      },
      ...NOTIFY_NAMES.map((event) => ({ event, transitions: ts.filter((t) => notifies(t, event)).map((t) => t.id) })),
    ],
    timers: timers(spec, ts, lang),
    giveUps: giveUps(spec, ts, lang),
    latitude: spec.latitude.map((a) => ({
      id: a.id,
      allows: a.allows,
      level: a.level,
      withinMs: a.withinMs,
      rfc: a.rfc,
      labels: a.labels,
      why: a.why,
      source: sourceOf(a),
    })),
    variations: spec.variations.map((v) => ({
      id: v.id,
      variant: v.variant,
      transitions: v.transitions,
      does: v.transitions.length > 0 ? actionsText(v.actions.map(actionData), lang) : undefined,
      actions: v.actions.map(actionData),
      to: v.to,
      parameters: v.parameters,
      why: v.why,
      source: sourceOf(v),
    })),
    capabilities: runtime.capabilities,
    protocol: runtime.protocol,
    rules: spec.rules.map((r) => ({
      id: r.id,
      source: r.source,
      text: lang === 'zh' ? (r.zh ?? r.text) : r.text,
      labels: r.labels,
      note: r.note,
      spec: sourceOf(r),
      transitions: ts.filter((t) => t.rules.includes(r.id)).map((t) => t.id),
    })),
  };
}
