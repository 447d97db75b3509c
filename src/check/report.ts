/**
 * What `tcpconform check` prints: per connection its two ends, the rules each passed, and its
 * findings in four classes counted apart (check.ts: violations, warnings, capture gaps,
 * accepted variations). A violation or warning gives its frame, rule, labels and level, why no
 * allowed behaviour explains it, and the fields that differ (as the run reports word them);
 * then the exchange as a ladder (src/report/ladder.ts). Or the same as JSON, for machines.
 */
import type { Spec, Transition } from '../../core/spec/types.js';
import type { Endpoints } from '../adapter.js';
import { render, t, type Text } from '../i18n/text.js';

export { differences };
import { asciiLadder, segmentLabel, type LadderRow } from '../report/ladder.js';
import { hasFlag } from '../../core/segment.js';
import { strongest } from '../harness/blame.js';
import {
  BEYOND_WINDOW_LABELS,
  classOf,
  labelsOf,
  type CheckResult,
  type ConnectionResult,
  type VerdictClass,
} from './check.js';
import { GRACE_MS, MAX_HYPOTHESES, MAX_IN_FLIGHT, type Bounded, type EndpointResult, type Finding } from './checker.js';
import { differences } from './differences.js';
import { describeOffload, describeOneSided } from './capture-point.js';

/** Rules a capture cannot show, and why: they are never reported as passed. */
export const NOT_ON_THE_WIRE: Readonly<Record<string, string>> = {
  'W2.notify': 'the end of stream is told to the application, not sent',
  'H1.isn': 'how an ISN is chosen shows only across many connections',
  'W4.2msl': 'TIME_WAIT ends silently; only leaving it early shows, when the endpoint answers as CLOSED',
};

type Bindings = Readonly<Record<string, number>>;
type Role = 'client' | 'server';

const say = (x: Text) => render(x, 'en');

/** The numbers a connection's SNs and ANs are shown against: each end's ISN (or first SN when the capture missed the SYN). */
function bindingsOf(c: ConnectionResult): Bindings {
  const out: Record<string, number> = {};
  for (const [role, address] of [
    ['c', c.connection.client],
    ['s', c.connection.server],
  ] as const) {
    const mine = c.connection.packets.filter((p) => p.src === address);
    const syn = mine.find((p) => hasFlag(p.segment, 'SYN'));
    if (syn) out[`ISN${role}`] = syn.segment.seq;
    else if (mine[0]) out[`${role}0`] = mine[0].segment.seq;
  }
  return out;
}

/** The rules among `ids` a capture can show, in the spec's order. */
function rulesIn(spec: Spec, ids: Iterable<string>): string[] {
  const set = new Set(ids);
  return spec.rules.map((r) => r.id).filter((id) => set.has(id) && !(id in NOT_ON_THE_WIRE));
}

const wireRules = (tr: Transition | undefined): string[] => tr?.rules.filter((id) => !(id in NOT_ON_THE_WIRE)) ?? [];

/** The rules a violation breaks: its transition's that a capture shows, all of them for a state left early (W4.2msl). */
const brokenRules = (f: Extract<Finding, { kind: 'violation' }>): string[] =>
  f.what === 'early' ? [...(f.transition?.rules ?? [])] : wireRules(f.transition);

interface EndpointSummary {
  readonly role: Role;
  readonly address: string;
  readonly start: string;
  readonly passed: string[];
  readonly violated: string[];
}

function summarize(r: CheckResult, role: Role, e: EndpointResult): EndpointSummary {
  const judged = (tr: Transition | undefined) => r.checker.judges(tr);
  const violations = e.findings.filter((f) => classOf(r.checker, f) === 'violation') as Extract<
    Finding,
    { kind: 'violation' }
  >[];
  const violated = rulesIn(
    r.checker.spec,
    violations.flatMap((v) => v.transition?.rules ?? []),
  );
  const passes = e.findings.flatMap((f) => (f.kind === 'pass' && judged(f.transition) ? f.transition.rules : []));
  const passed = rulesIn(r.checker.spec, passes).filter((id) => !violated.includes(id));
  return { role, address: e.address, start: e.startState, passed, violated };
}

/** The labels of the nearest rule the finding departs from, and the level they give it. */
function levelOf(
  r: CheckResult,
  f: Extract<Finding, { kind: 'violation' }>,
): { labels: readonly string[]; level: string } {
  const labels = labelsOf(r.checker, f);
  const level = strongest(labels);
  return {
    labels,
    level:
      level === undefined
        ? 'no label: a violation, as for every unlabelled rule'
        : level === 'MUST'
          ? 'MUST: a violation'
          : `${level}: a warning`,
  };
}

function describeViolation(
  r: CheckResult,
  role: Role,
  e: EndpointResult,
  f: Extract<Finding, { kind: 'violation' }>,
  b: Bindings,
): string[] {
  const rules = f.transition ? brokenRules(f).join(' ') : 'no rule';
  const head = `frame ${f.frame} [${rules}] ${role} ${e.address} in ${f.state}`;
  const what = f.transition
    ? `${f.transition.id}: ${f.transition.title}`
    : 'no transition of the spec sends such a segment here';
  const lines = [`${head}: ${what}`];
  const { labels, level } = levelOf(r, f);
  lines.push(`    labels ${labels.join(' ') || 'none'} (${level})`);
  const latitude = [...r.checker.latitude.values()].map((a) => a.id).join(', ') || 'none: --exact';
  lines.push(
    f.what === 'missing'
      ? `    why: the spec owes this answer, and no latitude lets it wait longer (${latitude})`
      : f.what === 'early'
        ? `    why: a RST as a host with no connection sends it: the ${role} had left ${f.state}, which only this timer ends, before it expired`
        : `    why: no behaviour RFC 9293 allows explains this segment: no transition from any reading of the inputs captured so far, nor the latitude (${latitude})`,
  );
  if (f.what === 'missing') {
    lines.push(`    no answer to frame ${f.input} within ${GRACE_MS} ms, while the capture of the connection goes on`);
    lines.push(`    ${say(t('report.expected'))}: ${segmentLabel(f.expected!, b)}`);
    lines.push(`    ${say(t('report.got'))}: nothing`);
    return lines;
  }
  if (f.expected) for (const d of differences(f.expected, f.got!, b)) lines.push(`    ${say(d)}`);
  if (f.expected) lines.push(`    ${say(t('report.expected'))}: ${segmentLabel(f.expected, b)}`);
  lines.push(`    ${say(t('report.got'))}: ${segmentLabel(f.got!, b)}`);
  return lines;
}

function ladderOf(c: ConnectionResult, r: CheckResult, b: Bindings): string {
  const byFrame = new Map<number, { role: Role; f: Finding }[]>();
  for (const [role, e] of [
    ['client', c.client],
    ['server', c.server],
  ] as const) {
    for (const f of e.findings) byFrame.set(f.frame, [...(byFrame.get(f.frame) ?? []), { role, f }]);
  }
  const rows: LadderRow[] = [
    { kind: 'state', label: `client ${c.client.startState}` },
    { kind: 'state', label: `server ${c.server.startState}` },
  ];
  for (const p of c.connection.packets) {
    const label = `${p.frame}: ${segmentLabel(p.segment, b)}`;
    rows.push({ kind: p.src === c.connection.client ? 'to-iut' : 'to-tester', label });
    for (const { role, f } of byFrame.get(p.frame) ?? []) {
      if (f.kind === 'state') rows.push({ kind: 'state', label: `${role} ${f.state}` });
      if (f.kind === 'violation' && classOf(r.checker, f) === 'violation') {
        const first =
          f.what === 'missing'
            ? 'no answer'
            : f.what === 'early'
              ? `left ${f.state} early`
              : f.expected
                ? say(differences(f.expected, f.got!, b)[0] ?? t('report.got'))
                : 'unexplained';
        rows.push({
          kind: 'failure',
          label: `frame ${f.frame} ${role} [${f.transition ? brokenRules(f).join(' ') : 'no rule'}]: ${first}`,
        });
      }
    }
  }
  return asciiLadder(rows, 'en', endpointsOf(c), { left: 'client', right: 'server' });
}

function endpointsOf(c: ConnectionResult): Endpoints {
  const split = (a: string) => {
    const i = a.lastIndexOf(':');
    return { addr: a.slice(0, i), port: Number(a.slice(i + 1)) };
  };
  return { peer: split(c.connection.client), iut: split(c.connection.server) };
}

export function formatCheck(file: string, r: CheckResult): string {
  const out: string[] = [];
  const n = r.connections.length;
  out.push(
    `${file}: ${r.frames} frames, ${r.segments} TCP segments, ${n} connection${n === 1 ? '' : 's'}; profile ${r.profile}`,
  );
  for (const [reason, count] of r.skipped) out.push(`  skipped ${count} frame${count === 1 ? '' : 's'}: ${reason}`);
  for (const [kind, count] of r.tunnelled) out.push(`  ${count} frame${count === 1 ? '' : 's'} in ${kind}, not read`);
  for (const warning of r.warnings) out.push(`  warning: ${warning}`);
  for (const c of r.connections) {
    const b = bindingsOf(c);
    const frames = c.connection.packets.map((p) => p.frame);
    out.push(
      '',
      `connection ${c.connection.index}: client ${c.connection.client}, server ${c.connection.server}${c.connection.vlan !== undefined ? ` on VLAN ${c.connection.vlan}` : ''} (frames ${frames[0]}-${frames.at(-1)}, ${frames.length} segments)`,
    );
    for (const [role, e] of [
      ['client', c.client],
      ['server', c.server],
    ] as const) {
      const s = summarize(r, role, e);
      out.push(
        `  ${role} ${s.address}, from ${s.start}: passed ${s.passed.join(' ') || 'none'}${s.violated.length ? `; violated ${s.violated.join(' ')}` : ''}`,
      );
    }
    const offload = describeOffload(c.connection, c.point);
    const oneSided = describeOneSided(c.connection, c.point);
    const notes: string[] = [
      ...(c.connection.opened
        ? []
        : [
            'the capture begins mid-connection: "client" is the end that sent first, the variables are learned from the first segment each way',
          ]),
      ...(oneSided ? [oneSided] : []),
      ...(offload ? [offload] : []),
      ...(
        [
          ['client', c.client],
          ['server', c.server],
        ] as const
      ).flatMap(([role, e]) => (e.bounded ? [describeBounded(role, e.bounded)] : [])),
    ];
    const classes: Record<VerdictClass, string[]> = { violation: [], warning: [], gap: [], accepted: [] };
    for (const [role, e] of [
      ['client', c.client],
      ['server', c.server],
    ] as const) {
      for (const f of e.findings) {
        const cls = classOf(r.checker, f);
        if (f.kind === 'accepted') classes[cls!].push(describeAccepted(role, f));
        else if (f.kind === 'gap') classes.gap.push(describeGap(role, f));
        else if (f.kind === 'beyond-window') classes[cls!].push(describeBeyond(role, f, cls!));
        else if (f.kind === 'unjudged') {
          notes.push(
            f.why === 'mid-connection'
              ? `not judged: frame ${f.frame} (${role}) may answer something before the capture began`
              : `not judged: the answer to frame ${f.frame} (${role}) was due after the capture of the connection ended`,
          );
        } else if (f.kind === 'violation') {
          const lines = describeViolation(r, role, e, f, b);
          if (cls) classes[cls].push(...lines);
          else notes.push(`outside the ${r.profile} profile, followed but not judged: ${lines[0]}`);
        }
      }
    }
    out.push(...notes.map((l) => `  ${l}`));
    for (const cls of VERDICT_ORDER)
      if (classes[cls].length > 0) out.push(`  ${HEADING[cls]}:`, ...classes[cls].map((l) => `    ${l}`));
    out.push(
      '',
      ...ladderOf(c, r, b)
        .split('\n')
        .map((l) => `  ${l}`),
    );
  }
  out.push(
    '',
    `not visible in a capture, so never reported as passed: ${Object.entries(NOT_ON_THE_WIRE)
      .map(([id, why]) => `${id} (${why})`)
      .join('; ')}`,
  );
  out.push(
    `options other than MSS are not in the spec: window scale is read for the window, SACK and timestamps are not read; checksums were not checked`,
  );
  const { warning, gap, accepted } = r.counts;
  out.push(
    `${n} connection${n === 1 ? '' : 's'}, ${r.violations} violation${r.violations === 1 ? '' : 's'} of the ${r.profile} profile's rules; ${warning} warning${warning === 1 ? '' : 's'}, ${gap} capture gap${gap === 1 ? '' : 's'}, ${accepted} accepted variation${accepted === 1 ? '' : 's'}`,
  );
  return out.join('\n');
}

/** The engine's bounds reached for an endpoint: its findings may differ from an unbounded search's. */
function describeBounded(role: Role, b: Bounded): string {
  const parts = [
    ...(b.outputs > 0
      ? [
          `${b.outputs} of its segments ${b.outputs === 1 ? 'was' : 'were'} sent with more than ${MAX_IN_FLIGHT} inputs in flight; ${b.takenEarly} reading${b.takenEarly === 1 ? '' : 's'} in which it had not yet taken them ${b.takenEarly === 1 ? 'was' : 'were'} not considered`,
        ]
      : []),
    ...(b.dropped > 0
      ? [
          `${b.dropped} reading${b.dropped === 1 ? ' was' : 's were'} dropped at the cap of ${MAX_HYPOTHESES} hypotheses`,
        ]
      : []),
  ];
  return `bound of the search reached (${role}): ${parts.join('; ')}`;
}

function describeGap(role: Role, f: Extract<Finding, { kind: 'gap' }>): string {
  if (f.why === 'late')
    return `frame ${f.frame} (to the ${role}) was acknowledged only in frame ${f.answer}, later than ${GRACE_MS} ms by the capture's clock; the capture was beside the peer, so the path's delay both ways is in that time; not judged`;
  if (f.why === 'silent')
    return `frame ${f.frame} (to the ${role}) got no answer, and the capture has no segment of the ${role} at all: nothing shows it reached the ${role} (the path, a firewall or the host); not judged`;
  if (f.why === 'reordered')
    return `frame ${f.frame} (${role}) fills a hole in the sequence it sent before: reordered before the capture point, or by the capture; not judged`;
  if (f.why === 'duplicated')
    return `frame ${f.frame} (${role}) is an ACK from where it is that nothing captured asks for, on a connection whose frames the network duplicates: the answer to a copy made after the capture point; not judged`;
  if (f.why === 'overtaken')
    return `frame ${f.frame} (to the ${role}) reached it after segments captured after it: the ${role} acknowledged those out of order first, and this one only in frame ${f.answer}; reordered after the capture point; not judged`;
  if (f.why === 'lost')
    return `frame ${f.frame} (to the ${role}) got no answer and was sent again in frame ${f.again}: lost after the capture point, before it reached the ${role}; not judged`;
  if (f.why === 'repeat')
    return `frame ${f.frame} (${role}) has the SN, AN, flags and length of frame ${f.of} and nothing explains it: a frame the capture or the network duplicated, or a spurious retransmission; not judged`;
  return f.what === 'own'
    ? `frame ${f.frame} (${role}) starts past everything it was seen to send: the capture lacks some of its segments; judged on from this one`
    : `frame ${f.frame} (${role}) acknowledges past everything the peer was seen to send: the capture lacks some of the peer's segments; judged on from this one`;
}

/** Data sent beyond the peer's window, in words, with its section, label and level. */
function describeBeyond(role: Role, f: Extract<Finding, { kind: 'beyond-window' }>, cls: VerdictClass): string {
  const peer = role === 'client' ? 'server' : 'client';
  return `frame ${f.frame} (${role}) sends new data beyond the window the ${peer} advertised (its right edge SN ${f.edge}), in frame${f.frames.length === 1 ? '' : 's'} ${f.frames.join(', ')} [§3.8.6 ${BEYOND_WINDOW_LABELS.join(' ')}${cls === 'warning' ? ', a warning: RFC 9293 has no MUST for it' : ''}]`;
}

/** An accepted departure for the JSON report. */
function accepted(f: Extract<Finding, { kind: 'accepted' }>): object {
  return {
    frame: f.frame,
    covers: f.covers,
    how: f.how,
    allowance: f.allowance?.id ?? null,
    ...(f.ms !== undefined ? { ms: f.ms } : {}),
  };
}

/** The order and headings of the verdict classes in the text report. */
const VERDICT_ORDER: readonly VerdictClass[] = ['violation', 'warning', 'gap', 'accepted'];
const HEADING: Readonly<Record<VerdictClass, string>> = {
  violation: 'violations',
  warning: 'warnings',
  gap: 'capture gaps (not judged)',
  accepted: 'accepted variations',
};

/** An accepted departure in words, with the allowance (and its section) it rests on. */
function describeAccepted(role: Role, f: Extract<Finding, { kind: 'accepted' }>): string {
  const covers = f.covers.map((x) => `frame ${x}`).join(', ');
  const what: Record<typeof f.how, string> = {
    cumulative: `acknowledges ${covers} too (a delayed, cumulative ACK)`,
    delayed: `acknowledges ${covers} ${f.ms} ms later (a delayed ACK; up to ${GRACE_MS} ms is allowed)`,
    piggybacked: `acknowledges ${covers} on a segment it sent anyway (a piggybacked ACK)`,
    'left-open': 'acknowledges a segment the spec leaves open (old or out-of-order data), as RFC 9293 §3.10.7.4 has it',
    'window-update': 'is a window update: a pure ACK that only widens the window',
    'keep-alive': 'is a keep-alive probe: SN = SND.NXT - 1, at most one octet, after a quiet time',
    offload:
      "is larger than the peer's MSS: a super-segment of TSO/GSO or GRO/LRO, judged as the run of MSS-sized segments the wire carried",
    'data-with-fin':
      'carries its FIN on its last data (sent first or again), where the spec sends the FIN alone after it',
    'extra-ack':
      'is a pure ACK the spec does not send there, from where it is (SN = SND.NXT, an AN it had already reached): a duplicate ACK sent besides',
    'quiet-after-reset': `leaves ${covers} unanswered, a segment of the connection it had reset, where RFC 9293 §3.10.7.1 has CLOSED send a RST`,
    'tail-loss-probe':
      'sends the tail of what it sent again, sooner than a retransmission: a tail loss probe (RACK-TLP, RFC 8985)',
    'resent-prefix': 'retransmits the earliest unacknowledged data as it first sent it, less than a full segment',
    'rst-with-ack': `is a RST that also carries ACK where the spec sends a RST alone${covers ? ` (answering ${covers})` : ''}`,
    'rst-after-close': `answers ${covers}, data after its CLOSE, with a RST (a half-duplex close: the data is lost)`,
    'syn-data': 'carries data on its SYN, as RFC 9293 §3.5 allows (TCP Fast Open)',
  };
  const a = f.allowance;
  return `frame ${f.frame} (${role}) ${what[f.how]}${a ? ` [${a.id}, §${a.rfc}${a.labels.length ? ` ${a.labels.join(' ')}` : ''}${a.level === 'warning' ? ', a warning' : ''}]` : ''}`;
}

/** The JSON report: one object, the same facts as the text. */
export function checkJson(file: string, r: CheckResult): object {
  return {
    file,
    profile: r.profile,
    frames: r.frames,
    segments: r.segments,
    skipped: Object.fromEntries(r.skipped),
    tunnelled: Object.fromEntries(r.tunnelled),
    warnings: r.warnings,
    violations: r.violations,
    counts: r.counts,
    connections: r.connections.map((c) => {
      const b = bindingsOf(c);
      const frames = c.connection.packets.map((p) => p.frame);
      return {
        index: c.connection.index,
        client: c.connection.client,
        server: c.connection.server,
        ...(c.connection.vlan !== undefined ? { vlan: c.connection.vlan } : {}),
        frames: [frames[0], frames.at(-1)],
        capturePoint: {
          near: c.point.near ?? null,
          only: c.point.only ?? null,
          superSegments: c.point.superSegments,
          offload: describeOffload(c.connection, c.point) ?? null,
          oneSided: describeOneSided(c.connection, c.point) ?? null,
        },
        endpoints: (
          [
            ['client', c.client],
            ['server', c.server],
          ] as const
        ).map(([role, e]) => {
          const s = summarize(r, role, e);
          const vs = e.findings.filter((f) => f.kind === 'violation') as Extract<Finding, { kind: 'violation' }>[];
          const violation = (f: (typeof vs)[number]) => ({
            frame: f.frame,
            rules: brokenRules(f),
            labels: labelsOf(r.checker, f),
            level: strongest(labelsOf(r.checker, f)) ?? null,
            transition: f.transition?.id ?? null,
            state: f.state,
            what: f.what,
            differences: f.expected && f.got ? differences(f.expected, f.got, b).map(say) : [],
            expected: f.expected ? segmentLabel(f.expected, b) : null,
            got: f.got ? segmentLabel(f.got, b) : null,
            ...(f.input !== undefined ? { answers: f.input } : {}),
          });
          return {
            role,
            address: s.address,
            start: s.start,
            passed: s.passed,
            violations: vs.filter((f) => classOf(r.checker, f) === 'violation').map(violation),
            warnings: [
              ...vs.filter((f) => classOf(r.checker, f) === 'warning').map(violation),
              ...e.findings.flatMap((f) =>
                f.kind === 'accepted' && classOf(r.checker, f) === 'warning' ? [accepted(f)] : [],
              ),
              ...e.findings.flatMap((f) =>
                f.kind === 'beyond-window'
                  ? [
                      {
                        frame: f.frame,
                        what: 'beyond-window',
                        frames: f.frames,
                        edge: f.edge,
                        labels: BEYOND_WINDOW_LABELS,
                      },
                    ]
                  : [],
              ),
            ],
            gaps: e.findings.flatMap((f) => (f.kind === 'gap' ? [f] : [])),
            outsideProfile: vs.filter((f) => !r.checker.judges(f.transition)).map(violation),
            accepted: e.findings.flatMap((f) =>
              f.kind === 'accepted' && classOf(r.checker, f) === 'accepted' ? [accepted(f)] : [],
            ),
            unjudged: e.findings.flatMap((f) => (f.kind === 'unjudged' ? [{ frame: f.frame, why: f.why }] : [])),
            ...(e.bounded
              ? { bounded: { ...e.bounded, maxInFlight: MAX_IN_FLIGHT, maxHypotheses: MAX_HYPOTHESES } }
              : {}),
          };
        }),
      };
    }),
    notOnTheWire: Object.keys(NOT_ON_THE_WIRE),
  };
}
