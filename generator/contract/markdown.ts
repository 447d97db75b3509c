/**
 * The contract as Markdown: docs/contract.md is `tcpconform contract --profile rfc9293` as it
 * writes it, and a test keeps the two equal. Prose from the spec is escaped (a `*` in 2*MSL, a
 * `<` in <SEQ=ISS>, a `|` in a table), never rewritten.
 */
import type { InputAnswers, Citation, Contract, Entry, GiveUp, TimerEntry } from './model.js';
import { NOTIFY_MEANING } from './words.js';

/** Prose as literal text: no emphasis from a `*`, no HTML from a `<`, no table cell ended by a `|`. */
const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/([*<|])/g, '\\$1');
const code = (s: string) => `\`${s}\``;
/** Code in a table cell: GFM ends a cell at a `|` even inside backticks (`a || b`). */
const codeCell = (s: string) => code(s.replace(/\|/g, '\\|'));
const list = (xs: readonly string[]) => xs.join(', ');
const ms = (n: number) => (n % 1000 === 0 ? `${n / 1000} s` : `${n} ms`);

function cite(c: Citation): string {
  const labels = c.labels.length > 0 ? c.labels.join(' ') : 'no label';
  return `rules ${c.rules.join(' ')} · ${labels} · §${c.rfc} · ${c.source} · ${c.profile}`;
}

function entry(e: Entry): string[] {
  const when = e.when ? ` if ${code(e.when)}` : '';
  const to = e.to ? ` → ${e.to}` : '';
  const ids = e.ids.length > 1 || e.ids[0] !== e.id ? ` (${e.ids.map(code).join(', ')})` : '';
  const out = [
    `- **${list(e.states)}**${when}${to}: ${esc(e.title)}.`,
    `  It ${esc(e.does)}.`,
    `  ${code(e.id)}${ids} · ${cite(e)}`,
  ];
  if (e.note) out.push(`  *Note:* ${esc(e.note)}`);
  return out;
}

function answers(c: InputAnswers, heading: string): string[] {
  const out = [`### ${heading}`, ''];
  for (const e of c.answers) out.push(...entry(e));
  for (const o of c.open)
    out.push(
      `- **${list(o.states)}**${o.when ? ` if ${code(o.when)}` : ''}: left open on purpose: ${esc(o.why)} (${o.rfc ? `§${o.rfc} · ` : ''}${o.source})`,
    );
  if (c.unanswered.length > 0)
    out.push(
      `- **${list(c.unanswered)}**: no answer in this profile; its tests never give this input there (a larger profile may).`,
    );
  return [...out, ''];
}

function timer(t: TimerEntry): string[] {
  const out = [`### ${t.name}`, '', `${esc(t.description)} (${t.source})`, ''];
  for (const s of t.starts) out.push(`- Started for ${code(s.after)} ms by ${s.transitions.map(code).join(', ')}.`);
  if (t.stops.length > 0) out.push(`- Stopped by ${t.stops.map(code).join(', ')}.`);
  if (t.expiries.length === 0) out.push('- On expiry: nothing this profile tests (a larger profile says what).');
  else out.push('- On expiry:');
  for (const e of t.expiries) out.push(...entry(e).map((l) => `  ${l}`));
  return [...out, ''];
}

function giveUp(g: GiveUp): string[] {
  const e = g.entry;
  const limits = g.limits.map((l) => `${l.name} (default ${l.default})`).join(', ');
  const out = [
    `- **${list(e.states)}**${e.when ? ` if ${code(e.when)}` : ''} → ${e.to}: ${esc(e.title)}; the limit: ${limits}.`,
    `  ${code(e.id)}${e.ids.length > 1 || e.ids[0] !== e.id ? ` (${e.ids.map(code).join(', ')})` : ''} · ${cite(e)}`,
  ];
  for (const state of g.entry.states.filter((st) => !g.schedules.some((s) => s.state === st)))
    out.push(`  In ${state} no way in starts the count: it goes on from the state before.`);
  for (const s of g.schedules) {
    const times =
      s.retransmissions.length > 0 ? `retransmits at ${s.retransmissions.map(ms).join(', ')}` : 'never retransmits';
    out.push(
      `  In ${s.state}, at the defaults, counted from the segment that ${code(s.from)} sends: ${times}; gives up at ${ms(s.givesUp)}.`,
    );
  }
  return out;
}

const table = (head: readonly string[], rows: readonly (readonly string[])[]) => [
  `| ${head.join(' | ')} |`,
  `| ${head.map(() => '---').join(' | ')} |`,
  ...rows.map((r) => `| ${r.join(' | ')} |`),
  '',
];

export function contractMarkdown(c: Contract): string {
  const out: string[] = [
    `# The contract: what an implementation is held to (profile ${c.profile})`,
    '',
    `Generated from the spec (${c.files.join(', ')}) by \`npx tcpconform contract --profile ${c.profile}\`. docs/contract.md is what the command writes for the rfc9293 profile, and a test keeps it so: edit the spec and run \`npx tcpconform contract --output docs/contract.md\`, never this text.`,
    '',
    "Every entry names what it comes from: its transitions (grep one in spec/, generated/suite/ and generated/reference/), its rule IDs (spec/rules.yaml), its RFC 9293 requirement labels (Appendix B, spec/requirements.yaml) or why it has none, its RFC 9293 section, the spec line, and the smallest profile whose tests check it (memo, or rfc9293 only). Expressions are the spec's own (SND.NXT, RTO_CUR, 2 \\* MSL): its connection variables and parameters are listed below, the parameters in the implementation's own values.",
    '',
    '1. [States and the state query](#states-and-the-state-query)',
    '2. [Connection variables](#connection-variables) and [parameters](#parameters)',
    '3. [Calls: what each answers in each state](#calls-what-each-answers-in-each-state)',
    '4. [What the application receives and is told](#what-the-application-receives-and-is-told)',
    '5. [Timers](#timers)',
    '6. [When the connection gives up](#when-the-connection-gives-up)',
    '7. [What an implementation may vary](#what-an-implementation-may-vary)',
    '8. [Capabilities](#capabilities)',
    '9. [The wire protocol](#the-wire-protocol)',
    '10. [Segments: what each state answers to each segment](#segments-what-each-state-answers-to-each-segment)',
    '11. [Rules](#rules)',
    '',
    '## States and the state query',
    '',
    `A connection starts in ${c.states[0]?.name ?? 'its initial state'}. An implementation that answers the state query (the STATUS call of RFC 9293 §3.10.6; capability stateQuery) names one of these states, with underscores.`,
    '',
    ...table(
      ['state', 'meaning', 'sets', 'spec'],
      c.states.map((s) => [s.name, esc(s.description), s.sets.join(', '), s.source]),
    ),
    '## Connection variables',
    '',
    "What the transitions read and write (RFC 9293 §3.3.1, and the spec's own for retransmission). An implementation need not keep them under these names; what it sends must agree with them.",
    '',
    ...table(
      ['variable', 'meaning', 'rules', 'spec'],
      c.variables.map((v) => [v.name, esc(v.description), v.rules.join(' '), v.source]),
    ),
    'Conditions that guards name instead of writing them out (`if: acceptable_ack`, `!in_window`):',
    '',
    ...table(
      ['condition', 'holds when', 'meaning', 'spec'],
      c.conditions.map((g) => [code(g.name), codeCell(g.if), esc(g.description), g.source]),
    ),
    "An expression also reads the input: the arriving segment's fields, or the send call's.",
    '',
    ...table(
      ['name', 'meaning'],
      c.fields.map((f) => [code(f.name), esc(f.meaning)]),
    ),
    '## Parameters',
    '',
    'The implementation reports its own values (init_ok.params over the wire protocol, `params` of a module adapter); any it leaves out take the default. *Planned for* means the cases are planned at its value, so tests depend on it; otherwise the tests hold for any value.',
    '',
    ...table(
      ['name', 'default', 'meaning', 'planned for', 'read by (rules)', 'families', 'spec'],
      c.parameters.map((p) => [
        p.name,
        `${p.default} ${p.unit}`,
        esc(p.description),
        p.assumed ? 'yes' : 'no',
        p.transitions.length > 0
          ? `${p.transitions.length} transitions (${p.rules.join(' ')})`
          : 'none in this profile',
        p.families.map((f) => `${f.variant}: ${f.value} (${f.variation})`).join('; '),
        p.source,
      ]),
    ),
    "The judge also reads these, which the spec's transitions do not (absent: the behaviour is off, or the strictest reading):",
    '',
    ...table(
      ['name', 'meaning'],
      c.toolParameters.map((p) => [p.name, esc(p.description)]),
    ),
    '## Calls: what each answers in each state',
    '',
    'The application above the implementation makes these calls (RFC 9293 §3.10.1–5: OPEN is listen and connect, then SEND, CLOSE, ABORT). Each answer is what the implementation sends, tells its application and which state it enters, in the order written. RECEIVE and STATUS are in the next sections and the one before.',
    '',
    ...c.calls.flatMap((a) => answers(a, `${a.input}()`)),
    '## What the application receives and is told',
    '',
    'RECEIVE (§3.10.3) is a stream of events: the data delivered in order, and notifications. Over the wire protocol each is an event of the reaction.',
    '',
    ...table(
      ['event', 'meaning', 'transitions'],
      c.events.map((e) => [
        code(e.event),
        e.event === 'data' ? "the segment's data, in order, once" : esc(NOTIFY_MEANING[e.event]),
        e.transitions.length > 0 ? e.transitions.map(code).join(', ') : 'none in this profile',
      ]),
    ),
    '## Timers',
    '',
    'Time passes only as the tester says (`advance`, with a virtual clock) or really (a real clock, judged within a tolerance). A timer fires when its interval has passed since it was last started; starting a running one restarts it.',
    '',
    ...c.timers.flatMap(timer),
    'Keep-alives, tail loss probes and an RTO computed from RTT samples are no timers of the spec: an implementation that has them declares them with the parameters the judge reads (above), and the latitude below lets what they send pass.',
    '',
    '## When the connection gives up',
    '',
    "A retransmitting state gives up when the expiry comes after its limit of retransmissions. The times below are the spec run at the parameters' defaults, counted from the first segment; an implementation is judged at its own values.",
    '',
    ...(c.giveUps.length > 0
      ? c.giveUps.flatMap(giveUp)
      : ['No state gives up in this profile: its tests stop before a limit is reached.']),
    '',
    '## What an implementation may vary',
    '',
    '### Latitude (spec/latitude.yaml)',
    '',
    'What RFC 9293 lets any implementation do besides what the transitions write: the judge lets it pass (*allowed*) or passes it with a warning (*warning*). `run --exact` turns the latitude off.',
    '',
    ...c.latitude.flatMap((a) => [
      `- **${a.id}** (${code(a.allows)}, ${a.level}${a.withinMs !== undefined ? `, within ${a.withinMs} ms` : ''}) · ${a.labels.length > 0 ? a.labels.join(' ') : 'no label'} · §${a.rfc} · ${a.source}`,
      `  ${esc(a.why)}`,
    ]),
    '',
    '### Variations recorded for implementation families',
    '',
    'Where a family knowingly differs; a run that accepts the family (the kernel adapter for linux) reports a step that matches one as that known variation, not a failure.',
    '',
    ...c.variations.flatMap((v) => {
      const params = Object.entries(v.parameters).map(([k, n]) => `${k} = ${n}`);
      const what = [
        ...(v.transitions.length > 0 ? [`in ${v.transitions.map(code).join(', ')} it ${esc(v.does ?? '')}`] : []),
        ...(v.to ? [`enters ${v.to}`] : []),
        ...(params.length > 0 ? [`parameters ${params.join(', ')}`] : []),
      ];
      return [`- **${v.id}** (${v.variant}) · ${v.source}: ${what.join('; ')}.`, `  ${esc(v.why)}`];
    }),
    '',
    '## Capabilities',
    '',
    'What an adapter declares it can do (the Adapter interface; `init_ok.capabilities` over the wire protocol). A test that needs a capability the adapter lacks is *pending* with the reason, never passed.',
    '',
    ...table(
      ['capability', 'wire', 'what it enables', 'without it, a test that needs it is pending because'],
      c.capabilities.map((k) => [k.name, code(k.wire), esc(k.enables), esc(k.without)]),
    ),
    '## The wire protocol',
    '',
    c.protocol,
    '',
    '## Segments: what each state answers to each segment',
    '',
    "RFC 9293 §3.10.7 (SEGMENT ARRIVES), by the segment's control flags (PSH aside); the conditions of one state's transitions for one input never overlap (the generator checks it), so at most one answers. A segment that is not acceptable (§3.4) is answered as the window transitions say.",
    '',
    ...c.segments.flatMap((a) => answers(a, a.input)),
    '## Rules',
    '',
    "The rules the entries cite: the memo's (docs/memo/RULES.md), each in one sentence of the spec's own, and the RFC 9293 rules beyond it (RFC.*).",
    '',
    ...c.rules.flatMap((r) => [
      `- **${r.id}** (${r.source}) · ${r.labels.length > 0 ? r.labels.join(' ') : 'no label'} · ${r.spec}: ${esc(r.text)}`,
      `  Encoded by ${r.transitions.length > 0 ? r.transitions.map(code).join(', ') : 'no transition of this profile'}.`,
      ...(r.note ? [`  *Note:* ${esc(r.note)}`] : []),
    ]),
    '',
  ];
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}`;
}
