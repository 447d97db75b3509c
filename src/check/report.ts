/**
 * What `tcpconform check` prints: per connection its two ends, the rules each passed, every
 * violation with its frame number, rule and the fields that differ (as the run reports word
 * them), what was accepted as a Linux habit rather than a fault, and the exchange as a ladder
 * (src/report/ladder.ts). Or the same as JSON, for machines.
 */
import type { Spec, Transition } from '../../core/spec/types.js';
import type { Endpoints } from '../adapter.js';
import { render, t, type Text } from '../i18n/text.js';
import { asciiLadder, relativeTo, segmentLabel, type LadderRow } from '../report/ladder.js';
import { controlKey, hasFlag } from '../../core/segment.js';
import type { CheckResult, ConnectionResult } from './check.js';
import { GRACE_MS, type EndpointResult, type Finding, type Sent } from './checker.js';

/** Rules a capture cannot show, and why: they are never reported as passed. */
export const NOT_ON_THE_WIRE: Readonly<Record<string, string>> = {
  'W2.notify': 'the end of stream is told to the application, not sent',
  'H1.isn': 'how an ISN is chosen shows only across many connections',
  'W4.2msl': 'TIME_WAIT ends silently',
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

/** The fields that differ, each as the run reports word it. */
export function differences(want: Sent, got: Sent, b: Bindings): Text[] {
  const out: Text[] = [];
  if (controlKey(want.flags) !== controlKey(got.flags))
    out.push(t('diff.flags', { want: controlKey(want.flags), got: controlKey(got.flags) }));
  if (want.seq !== got.seq) out.push(t('diff.sn', { want: relativeTo(want.seq, b), got: relativeTo(got.seq, b) }));
  if (hasFlag(want, 'ACK') && hasFlag(got, 'ACK') && want.ack !== got.ack)
    out.push(t('diff.an', { want: relativeTo(want.ack, b), got: relativeTo(got.ack, b) }));
  if (want.mss !== got.mss) {
    if (want.mss === undefined) out.push(t('diff.mss.unexpected', { got: got.mss! }));
    else if (got.mss === undefined) out.push(t('diff.mss.missing'));
    else out.push(t('diff.mss.value', { want: want.mss, got: got.mss }));
  }
  if (want.payload.length !== got.payload.length)
    out.push(t('diff.payload.length', { want: want.payload.length, got: got.payload.length }));
  return out;
}

/** The rules among `ids` a capture can show, in the spec's order. */
function rulesIn(spec: Spec, ids: Iterable<string>): string[] {
  const set = new Set(ids);
  return spec.rules.map((r) => r.id).filter((id) => set.has(id) && !(id in NOT_ON_THE_WIRE));
}

const wireRules = (tr: Transition | undefined): string[] => tr?.rules.filter((id) => !(id in NOT_ON_THE_WIRE)) ?? [];

interface EndpointSummary {
  readonly role: Role;
  readonly address: string;
  readonly start: string;
  readonly passed: string[];
  readonly violated: string[];
}

function summarize(r: CheckResult, role: Role, e: EndpointResult): EndpointSummary {
  const judged = (tr: Transition | undefined) => r.checker.judges(tr);
  const violations = e.findings.filter((f) => f.kind === 'violation' && judged(f.transition)) as Extract<
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

function describeViolation(
  role: Role,
  e: EndpointResult,
  f: Extract<Finding, { kind: 'violation' }>,
  b: Bindings,
): string[] {
  const rules = f.transition ? wireRules(f.transition).join(' ') : 'no rule';
  const head = `frame ${f.frame} [${rules}] ${role} ${e.address} in ${f.state}`;
  const what = f.transition
    ? `${f.transition.id}: ${f.transition.title}`
    : 'no transition of the spec sends such a segment here';
  const lines = [`${head}: ${what}`];
  if (f.what === 'missing') {
    lines.push(`    no answer to frame ${f.input} within ${GRACE_MS} ms, while the capture goes on`);
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
      if (f.kind === 'violation' && r.checker.judges(f.transition)) {
        const first =
          f.what === 'missing'
            ? 'no answer'
            : f.expected
              ? say(differences(f.expected, f.got!, b)[0] ?? t('report.got'))
              : 'unexplained';
        rows.push({
          kind: 'failure',
          label: `frame ${f.frame} ${role} [${f.transition ? wireRules(f.transition).join(' ') : 'no rule'}]: ${first}`,
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
    const notes: string[] = c.connection.opened
      ? []
      : [
          'the capture begins mid-connection: "client" is the end that sent first, the variables are learned from the first segment each way',
        ];
    const violations: string[] = [];
    for (const [role, e] of [
      ['client', c.client],
      ['server', c.server],
    ] as const) {
      for (const f of e.findings) {
        if (f.kind === 'accepted') {
          const covers = f.covers.map((x) => `frame ${x}`).join(', ');
          notes.push(
            f.how === 'cumulative'
              ? `accepted: frame ${f.frame} (${role}) acknowledges ${covers} too (a delayed, cumulative ACK)`
              : f.how === 'delayed'
                ? `accepted: frame ${f.frame} (${role}) acknowledges ${covers} ${f.ms} ms later (a delayed ACK; up to ${GRACE_MS} ms is allowed)`
                : `accepted: frame ${f.frame} (${role}) acknowledges ${covers} on a segment it sent anyway (a piggybacked ACK)`,
          );
        } else if (f.kind === 'unjudged') {
          notes.push(
            f.why === 'mid-connection'
              ? `not judged: frame ${f.frame} (${role}) may answer something before the capture began`
              : `not judged: the answer to frame ${f.frame} (${role}) was due after the capture ended`,
          );
        } else if (f.kind === 'violation') {
          const lines = describeViolation(role, e, f, b);
          if (r.checker.judges(f.transition)) violations.push(...lines);
          else notes.push(`outside the ${r.profile} profile, followed but not judged: ${lines[0]}`);
        }
      }
    }
    out.push(...notes.map((l) => `  ${l}`));
    if (violations.length > 0) out.push('  violations:', ...violations.map((l) => `    ${l}`));
    out.push(
      '',
      ...ladderOf(c, r, b)
        .split('\n')
        .map((l) => `  ${l}`),
    );
  }
  out.push(
    '',
    `not visible in a capture, so never checked: ${Object.entries(NOT_ON_THE_WIRE)
      .map(([id, why]) => `${id} (${why})`)
      .join('; ')}`,
  );
  out.push(
    `options other than MSS (SACK, timestamps, window scale) are not in the spec and were not read; checksums were not checked`,
  );
  out.push(
    `${n} connection${n === 1 ? '' : 's'}, ${r.violations} violation${r.violations === 1 ? '' : 's'} of the ${r.profile} profile's rules`,
  );
  return out.join('\n');
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
    connections: r.connections.map((c) => {
      const b = bindingsOf(c);
      const frames = c.connection.packets.map((p) => p.frame);
      return {
        index: c.connection.index,
        client: c.connection.client,
        server: c.connection.server,
        ...(c.connection.vlan !== undefined ? { vlan: c.connection.vlan } : {}),
        frames: [frames[0], frames.at(-1)],
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
            rules: wireRules(f.transition),
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
            violations: vs.filter((f) => r.checker.judges(f.transition)).map(violation),
            outsideProfile: vs.filter((f) => !r.checker.judges(f.transition)).map(violation),
            accepted: e.findings.flatMap((f) =>
              f.kind === 'accepted'
                ? [{ frame: f.frame, covers: f.covers, how: f.how, ...(f.ms !== undefined ? { ms: f.ms } : {}) }]
                : [],
            ),
            unjudged: e.findings.flatMap((f) => (f.kind === 'unjudged' ? [{ frame: f.frame, why: f.why }] : [])),
          };
        }),
      };
    }),
    notOnTheWire: Object.keys(NOT_ON_THE_WIRE),
  };
}
