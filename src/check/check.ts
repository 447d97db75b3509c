/**
 * `tcpconform check`'s work, from the octets of a capture file to a verdict per connection:
 * read the frames, decode TCP segments, group them by connection and check each end.
 */
import type { Spec } from '../../core/spec/types.js';
import type { Profile } from '../../core/case.js';
import { readCapture } from './capture.js';
import { labelsFor } from '../../core/requirements.js';
import { departureKind, fieldOf } from '../harness/blame.js';
import { differences } from './differences.js';
import { Checker, type EndpointResult, type Finding } from './checker.js';
import { hasFlag } from '../../core/segment.js';
import { groupConnections, type TcpConnection } from './connections.js';
import { CaptureError } from './frames.js';
import { decodePackets, type Packet } from './packets.js';
import { cutOffload, type CapturePoint } from './capture-point.js';
import { readWindow, type WindowReading } from './window.js';

export interface ConnectionResult {
  readonly connection: TcpConnection;
  /** Where it was captured, and the super-segments judged as the runs they stand for. */
  readonly point: CapturePoint;
  readonly client: EndpointResult;
  readonly server: EndpointResult;
}

export interface CheckResult {
  readonly profile: Profile;
  readonly frames: number;
  readonly segments: number;
  /** Frames that hold no readable TCP segment, by reason. */
  readonly skipped: ReadonlyMap<string, number>;
  /** Frames inside tunnels or encapsulations that are not read, by kind. */
  readonly tunnelled: ReadonlyMap<string, number>;
  /** What the reader left out without rejecting the file (a last record cut short), one line each. */
  readonly warnings: readonly string[];
  readonly connections: readonly ConnectionResult[];
  /** Violations of rules the profile checks, over all connections. */
  readonly violations: number;
  /** Findings of each verdict class, over all connections. */
  readonly counts: Readonly<Record<VerdictClass, number>>;
  readonly checker: Checker;
}

/**
 * The labels a violation departs from: of its rule's, those that govern the fields that differ
 * (spec/requirements.yaml `fields:`, as a run's blame cites them); a missing answer departs
 * from those of the segments sent.
 */
export function labelsOf(checker: Checker, f: Extract<Finding, { kind: 'violation' }>): string[] {
  const labels = f.transition?.labels ?? [];
  const fields =
    f.what === 'missing' || !f.expected ? (['segments'] as const) : differences(f.expected, f.got!, {}).map(fieldOf);
  const requirements = checker.spec.requirements;
  return [...new Set(fields.flatMap((field) => labelsFor(labels, field, requirements)))];
}

/** Did the capture see the connection end: a RST, or a FIN each way? */
function closed(c: TcpConnection): boolean {
  const fins = new Set<string>();
  for (const p of c.packets) {
    if (hasFlag(p.segment, 'RST')) return true;
    if (hasFlag(p.segment, 'FIN')) fins.add(p.src);
  }
  return fins.size === 2;
}

/**
 * What a finding says of the endpoint, counted apart:
 * - violation: no behaviour RFC 9293 allows explains it, and the nearest rule's labels name a
 *   MUST (or none: a departure from an unlabelled transition is a violation, as in a run);
 * - warning: the nearest rule names SHOULD or MAY labels only, or the endpoint used latitude
 *   whose allowance is a warning (a RST with ACK);
 * - gap: the capture, not the endpoint, may be to blame (a repeated frame; missing, reordered
 *   and one-sided captures belong here too as the capture model learns to tell them);
 * - accepted: a variation RFC 9293 allows (a delayed or cumulative ACK, a window update, ...).
 */
export const VERDICT_CLASSES = ['violation', 'warning', 'gap', 'accepted'] as const;
export type VerdictClass = (typeof VERDICT_CLASSES)[number];

/** A finding's verdict class; undefined for what is no verdict (a pass, a state, outside the profile, not judged). */
export function classOf(checker: Checker, f: Finding): VerdictClass | undefined {
  switch (f.kind) {
    case 'violation':
      return checker.judges(f.transition) ? departureKind(labelsOf(checker, f)) : undefined;
    case 'accepted':
      return f.allowance?.level === 'warning' ? 'warning' : 'accepted';
    case 'gap':
      return 'gap';
    case 'beyond-window':
      return departureKind([...BEYOND_WINDOW_LABELS]);
    default:
      return undefined;
  }
}

/** `spec`: the whole spec (readSpec), which follows every segment; `profile` decides which rules are judged. */
export function checkCapture(bytes: Uint8Array, spec: Spec, profile: Profile): CheckResult {
  const { frames, warnings } = readCapture(bytes);
  const { packets, skipped, tunnelled } = decodePackets(frames);
  if (packets.length === 0) {
    const why = [
      ...[...skipped.entries()].map(([reason, n]) => `${n} ${reason}`),
      ...[...tunnelled.entries()].map(([kind, n]) => `${n} in ${kind}, not read`),
      ...warnings,
    ].join(', ');
    throw new CaptureError(
      `no TCP segment in ${frames.length} frame${frames.length === 1 ? '' : 's'}${why ? ` (${why})` : ''}`,
    );
  }
  const end = frames.reduce((m, f) => Math.max(m, f.time), 0);
  return checkPackets(packets, spec, profile, { frames: frames.length, skipped, tunnelled, warnings, end });
}

/**
 * The capture the packets came from: how many frames, which were skipped and why, which were
 * in tunnels not read, what was wrong with the file, the time of the last.
 */
export interface CaptureInfo {
  readonly frames: number;
  readonly skipped: ReadonlyMap<string, number>;
  readonly tunnelled: CheckResult['tunnelled'];
  readonly warnings: CheckResult['warnings'];
  readonly end: number;
}

/** The endpoint's findings with an accepted variation for each super-segment it was seen to send, in frame order. */
function withOffload(e: EndpointResult, point: CapturePoint): EndpointResult {
  const own = point.superSegments.filter((s) => s.from === e.address);
  if (own.length === 0) return e;
  const notes: Finding[] = own.map((s) => ({ kind: 'accepted', frame: s.frame, covers: [], how: 'offload' }));
  // A stable sort: each note comes before what its frame's pieces were judged to be.
  return { ...e, findings: [...notes, ...e.findings].sort((a, b) => a.frame - b.frame) };
}

/** The endpoint's findings with one for the data it sent beyond its peer's window, if any. */
function withWindow(e: EndpointResult, window: WindowReading | undefined): EndpointResult {
  const b = window?.beyond.find((x) => x.from === e.address);
  if (!b) return e;
  const f: Finding = { kind: 'beyond-window', frame: b.frames[0]!, frames: b.frames, edge: b.edge };
  return { ...e, findings: [f, ...e.findings].sort((x, y) => x.frame - y.frame) };
}

/** Was the capture taken beside the endpoint `self` or beside its peer (capture-point.ts tells it from the handshake)? */
function nearOf(c: TcpConnection, point: CapturePoint, self: string): 'self' | 'peer' | undefined {
  if (point.near === undefined) return undefined;
  return (point.near === 'client' ? c.client : c.server) === self ? 'self' : 'peer';
}

/** The labels of sending beyond the peer's window: RFC 9293 §3.8.6 has no MUST for it, SHLD-15 is the nearest. */
export const BEYOND_WINDOW_LABELS = ['SHLD-15'] as const;

/** Judge decoded packets (at least one): group them by connection and check each end. */
export function checkPackets(packets: readonly Packet[], spec: Spec, profile: Profile, info: CaptureInfo): CheckResult {
  const { frames, skipped, tunnelled, warnings } = info;
  const checker = new Checker(spec, profile);
  const connections = groupConnections(packets).map((connection) => {
    // An answer is judged missing while the capture goes on. But a connection whose capture
    // stops before it closed (no RST, not both FINs: an excerpt that keeps the first segments
    // of each flow) says nothing of what came after its last segment.
    const end = closed(connection) ? info.end : connection.packets.at(-1)!.time;
    const { packets: cut, point } = cutOffload(connection);
    // A one-sided capture's silent end is not judged: what it sent is only inferred.
    // A one-sided capture's window is only half read: the silent end's is inferred.
    const window = point.only === undefined ? readWindow(cut, connection.client, connection.server) : undefined;
    const judge = (self: string): EndpointResult =>
      point.only !== undefined && point.only !== self
        ? { address: self, findings: [], startState: 'not judged (one-sided capture)' }
        : withWindow(
            withOffload(checker.checkEndpoint(self, cut, end, window?.outside, nearOf(connection, point, self)), point),
            window,
          );
    return { connection, point, client: judge(connection.client), server: judge(connection.server) };
  });
  const counts = { violation: 0, warning: 0, gap: 0, accepted: 0 };
  for (const c of connections)
    for (const f of [...c.client.findings, ...c.server.findings]) {
      const k = classOf(checker, f);
      if (k) counts[k]++;
    }
  return {
    profile,
    frames,
    segments: packets.length,
    skipped,
    tunnelled,
    warnings,
    connections,
    violations: counts.violation,
    counts,
    checker,
  };
}
