/**
 * The contract as Markdown: docs/contract.md is `tcpconform contract --profile rfc9293` as it
 * writes it, and a test keeps the two equal. Prose from the spec is escaped (a `*` in 2*MSL, a
 * `<` in <SEQ=ISS>, a `|` in a table), never rewritten; the contract's own sentences come in
 * the contract's language (text.ts).
 */
import type { Citation, Contract, Entry, GiveUp, InputAnswers, TimerEntry } from './model.js';
import { type ContractText, TEXT } from './text.js';
import { NOTIFY_MEANING } from './words.js';

/** Prose as literal text: no emphasis from a `*`, no HTML from a `<`, no table cell ended by a `|`. */
const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/([*<|])/g, '\\$1');
const code = (s: string) => `\`${s}\``;
/** Code in a table cell: GFM ends a cell at a `|` even inside backticks (`a || b`). */
const codeCell = (s: string) => code(s.replace(/\|/g, '\\|'));

const table = (head: readonly string[], rows: readonly (readonly string[])[]) => [
  `| ${head.join(' | ')} |`,
  `| ${head.map(() => '---').join(' | ')} |`,
  ...rows.map((r) => `| ${r.join(' | ')} |`),
  '',
];

/** The renderer of one language. */
function renderer(w: ContractText) {
  const list = (xs: readonly string[]) => xs.join(w.list);
  const codes = (xs: readonly string[]) => xs.map(code).join(w.list);
  const ms = (n: number) => (n % 1000 === 0 ? w.seconds(n / 1000) : w.millis(n));
  const labels = (ls: readonly string[]) => (ls.length > 0 ? ls.join(' ') : w.noLabel);
  const cite = (c: Citation) =>
    `${w.rulesWord} ${c.rules.join(' ')} · ${labels(c.labels)} · §${c.rfc} · ${c.source} · ${c.profile}`;
  const ids = (e: Entry) => `${code(e.id)}${e.ids.length > 1 || e.ids[0] !== e.id ? ` (${codes(e.ids)})` : ''}`;
  const head = (e: Entry) => `- **${list(e.states)}**${e.when ? w.when(code(e.when)) : ''}${e.to ? ` → ${e.to}` : ''}`;

  const entry = (e: Entry): string[] => [
    `${head(e)}${w.colon}${esc(e.title)}${w.afterTitle}`,
    `  ${w.it(esc(e.does))}`,
    `  ${ids(e)} · ${cite(e)}`,
    ...(e.note ? [`  ${w.note} ${esc(e.note)}`] : []),
  ];

  const answers = (c: InputAnswers, heading: string): string[] => [
    `### ${heading}`,
    '',
    ...c.answers.flatMap(entry),
    ...c.open.map(
      (o) =>
        `- **${list(o.states)}**${o.when ? w.when(code(o.when)) : ''}${w.colon}${w.open} ${esc(o.why)} (${o.rfc ? `§${o.rfc} · ` : ''}${o.source})`,
    ),
    ...(c.unanswered.length > 0 ? [`- **${list(c.unanswered)}**${w.colon}${w.unanswered}`] : []),
    '',
  ];

  const timer = (t: TimerEntry): string[] => [
    `### ${t.name}`,
    '',
    `${esc(t.description)} (${t.source})`,
    '',
    ...t.starts.map((s) => `- ${w.timers.started(code(s.after), codes(s.transitions))}`),
    ...(t.stops.length > 0 ? [`- ${w.timers.stopped(codes(t.stops))}`] : []),
    `- ${t.expiries.length > 0 ? w.timers.expiry : w.timers.noExpiry}`,
    ...t.expiries.flatMap((e) => entry(e).map((l) => `  ${l}`)),
    '',
  ];

  const giveUp = (g: GiveUp): string[] => {
    const e = g.entry;
    const limits = g.limits.map((l) => w.giveUp.limitOne(l.name, l.default)).join(w.list);
    return [
      `${head(e)}${w.colon}${esc(e.title)}${w.giveUp.limit(limits)}${w.stop}`,
      `  ${ids(e)} · ${cite(e)}`,
      ...e.states.filter((st) => !g.schedules.some((s) => s.state === st)).map((st) => `  ${w.giveUp.carried(st)}`),
      ...g.schedules.map((s) => {
        const times =
          s.retransmissions.length > 0 ? w.giveUp.retransmits(s.retransmissions.map(ms).join(w.list)) : w.giveUp.never;
        return `  ${w.giveUp.schedule(s.state, code(s.from), times, ms(s.givesUp))}`;
      }),
    ];
  };

  return { list, codes, labels, answers, timer, giveUp };
}

export function contractMarkdown(c: Contract): string {
  const w = TEXT[c.lang];
  const r = renderer(w);
  const out: string[] = [
    `# ${w.title(c.profile)}`,
    '',
    w.generated(c.files.join(', '), c.profile),
    '',
    w.traced,
    '',
    ...w.toc,
    '',
    `## ${w.states.heading}`,
    '',
    w.states.intro(c.states[0]?.name ?? '?'),
    '',
    ...table(
      w.head.state,
      c.states.map((s) => [s.name, esc(s.description), s.sets.join(', '), s.source]),
    ),
    `## ${w.variables.heading}`,
    '',
    w.variables.intro,
    '',
    ...table(
      w.head.variable,
      c.variables.map((v) => [v.name, esc(v.description), v.rules.join(' '), v.source]),
    ),
    w.conditions,
    '',
    ...table(
      w.head.condition,
      c.conditions.map((g) => [code(g.name), codeCell(g.if), esc(g.description), g.source]),
    ),
    w.fields,
    '',
    ...table(
      w.head.field,
      c.fields.map((f) => [code(f.name), esc(f.meaning)]),
    ),
    `## ${w.parameters.heading}`,
    '',
    w.parameters.intro,
    '',
    ...table(
      w.head.parameter,
      c.parameters.map((p) => [
        p.name,
        `${p.default} ${p.unit}`,
        esc(p.description),
        p.assumed ? w.yes : w.no,
        p.transitions.length > 0 ? w.transitions(p.transitions.length, p.rules.join(' ')) : w.none,
        p.families.map((f) => `${f.variant}: ${f.value} (${f.variation})`).join('; '),
        p.source,
      ]),
    ),
    w.parameters.judge,
    '',
    ...table(
      w.head.judge,
      c.toolParameters.map((p) => [p.name, esc(p.description)]),
    ),
    `## ${w.calls.heading}`,
    '',
    w.calls.intro,
    '',
    ...c.calls.flatMap((a) => r.answers(a, `${a.input}()`)),
    `## ${w.receive.heading}`,
    '',
    w.receive.intro,
    '',
    ...table(
      w.head.event,
      c.events.map((e) => [
        code(e.event),
        e.event === 'data' ? w.receive.data : esc(NOTIFY_MEANING[c.lang][e.event]),
        e.transitions.length > 0 ? r.codes(e.transitions) : w.none,
      ]),
    ),
    `## ${w.timers.heading}`,
    '',
    w.timers.intro,
    '',
    ...c.timers.flatMap(r.timer),
    w.timers.besides,
    '',
    `## ${w.giveUp.heading}`,
    '',
    w.giveUp.intro,
    '',
    ...(c.giveUps.length > 0 ? c.giveUps.flatMap(r.giveUp) : [w.giveUp.none]),
    '',
    `## ${w.vary.heading}`,
    '',
    `### ${w.vary.latitude}`,
    '',
    w.vary.latitudeIntro,
    '',
    ...c.latitude.flatMap((a) => [
      `- **${a.id}** (${code(a.allows)}, ${a.level}${a.withinMs !== undefined ? w.vary.within(a.withinMs) : ''}) · ${r.labels(a.labels)} · §${a.rfc} · ${a.source}`,
      `  ${esc(a.why)}`,
    ]),
    '',
    `### ${w.vary.variations}`,
    '',
    w.vary.variationsIntro,
    '',
    ...c.variations.flatMap((v) => {
      const params = Object.entries(v.parameters).map(([k, n]) => `${k} = ${n}`);
      const what = [
        ...(v.transitions.length > 0 ? [w.vary.inTransitions(r.codes(v.transitions), esc(v.does ?? ''))] : []),
        ...(v.to ? [w.vary.enters(v.to)] : []),
        ...(params.length > 0 ? [w.vary.params(params.join(w.list))] : []),
      ];
      return [`- **${v.id}** (${v.variant}) · ${v.source}${w.colon}${what.join('; ')}${w.stop}`, `  ${esc(v.why)}`];
    }),
    '',
    `## ${w.capabilities.heading}`,
    '',
    w.capabilities.intro,
    '',
    ...table(
      w.head.capability,
      c.capabilities.map((k) => [k.name, code(k.wire), esc(k.enables), esc(k.without)]),
    ),
    `## ${w.protocol}`,
    '',
    c.protocol,
    '',
    `## ${w.segments.heading}`,
    '',
    w.segments.intro,
    '',
    ...c.segments.flatMap((a) => r.answers(a, a.input)),
    `## ${w.rules.heading}`,
    '',
    w.rules.intro,
    '',
    ...c.rules.flatMap((rule) => [
      `- **${rule.id}** (${rule.source}) · ${r.labels(rule.labels)} · ${rule.spec}${w.colon}${esc(rule.text)}`,
      `  ${w.rules.encoded(rule.transitions.length > 0 ? r.codes(rule.transitions) : w.noTransition)}`,
      ...(rule.note ? [`  ${w.note} ${esc(rule.note)}`] : []),
    ]),
    '',
  ];
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}
