/**
 * `tcpconform check`'s work, from the octets of a capture file to a verdict per connection:
 * read the frames, decode TCP segments, group them by connection and check each end.
 */
import type { Spec } from '../../core/spec/types.js';
import type { Profile } from '../../core/case.js';
import { readCapture } from './capture.js';
import { Checker, type EndpointResult } from './checker.js';
import { groupConnections, type TcpConnection } from './connections.js';
import { CaptureError } from './frames.js';
import { decodePackets } from './packets.js';

export interface ConnectionResult {
  readonly connection: TcpConnection;
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
  readonly checker: Checker;
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
  const checker = new Checker(spec, profile);
  const connections = groupConnections(packets).map((connection) => ({
    connection,
    client: checker.checkEndpoint(connection.client, connection.packets, end),
    server: checker.checkEndpoint(connection.server, connection.packets, end),
  }));
  const violations = connections.reduce(
    (n, c) => n + countViolations(checker, c.client) + countViolations(checker, c.server),
    0,
  );
  return {
    profile,
    frames: frames.length,
    segments: packets.length,
    skipped,
    tunnelled,
    warnings,
    connections,
    violations,
    checker,
  };
}

export function countViolations(checker: Checker, e: EndpointResult): number {
  return e.findings.filter((f) => f.kind === 'violation' && checker.judges(f.transition)).length;
}
