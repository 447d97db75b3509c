/**
 * Comparing what the IUT did with what the spec says it must do. Each check returns the
 * first difference as one line a person can act on, or undefined when all is as expected.
 */
import type { AppEvent } from '../adapter.js';
import type { AppEventPattern, SegmentPattern } from '../case.js';
import { CONTROL_FLAGS, controlKey, equalBytes, bytes, text, type Segment } from '../segment.js';
import type { Endpoints } from '../adapter.js';
import type { Bindings } from './terms.js';

export function describePattern(p: SegmentPattern, b: Bindings): string {
  const parts = [controlKey(p.flags), `SN=${safe(() => b.describe(p.seq), 'ISS (to be learned)')}`];
  if (p.ack) parts.push(`AN=${safe(() => b.describe(p.ack!), '?')}`);
  if (p.mss !== 'absent') parts.push(`MSS=${safe(() => b.describe(p.mss as Exclude<SegmentPattern['mss'], 'absent'>), 'present')}`);
  parts.push(`len=${p.data.length}`);
  return parts.join(' ');
}

/** A segment the IUT sent, with SN and AN relative to the bases the pattern expected. */
export function describeSegment(s: Segment, p?: SegmentPattern, b?: Bindings): string {
  const rel = (term: SegmentPattern['seq'] | undefined, v: number) => (term && b ? b.describeObserved(term, v) : String(v));
  const parts = [controlKey(s.flags), `SN=${rel(p?.seq, s.seq)}`];
  if (s.flags.includes('ACK')) parts.push(`AN=${rel(p?.ack, s.ack)}`);
  if (s.mss !== undefined) parts.push(`MSS=${s.mss}`);
  parts.push(`len=${s.payload.length}`);
  return parts.join(' ');
}

function safe(f: () => string, fallback: string): string {
  try {
    return f();
  } catch {
    return fallback;
  }
}

/** Check one segment against its pattern, learning unknown ISNs on the way. */
export function checkSegment(p: SegmentPattern, s: Segment, b: Bindings, ends: Endpoints): string | undefined {
  const want = controlKey(p.flags);
  const got = controlKey(s.flags.filter((f) => CONTROL_FLAGS.includes(f)));
  if (want !== got) return `flags: expected ${want}, got ${got}`;
  if (s.srcPort !== ends.iut.port || s.dstPort !== ends.peer.port) {
    return `ports: expected ${ends.iut.port} -> ${ends.peer.port}, got ${s.srcPort} -> ${s.dstPort}`;
  }
  b.bind(p.seq, s.seq);
  if (b.value(p.seq) !== s.seq) return `SN: expected ${b.describe(p.seq)}, got ${b.describeObserved(p.seq, s.seq)}`;
  if (p.ack) {
    b.bind(p.ack, s.ack);
    if (b.value(p.ack) !== s.ack) return `AN: expected ${b.describe(p.ack)}, got ${b.describeObserved(p.ack, s.ack)}`;
  }
  if (p.mss === 'absent') {
    if (s.mss !== undefined) return `MSS option: expected none, got ${s.mss}`;
  } else {
    if (s.mss === undefined) return 'MSS option: expected one, got none';
    const term = p.mss;
    if (term.base && !b.isBound(term.base)) {
      if (s.mss < 1 || s.mss > 65535) return `MSS option: expected a value in 1..65535, got ${s.mss}`;
    } else if (b.value(term) !== s.mss) {
      return `MSS option: expected ${b.describe(term)}, got ${s.mss}`;
    }
  }
  if (!equalBytes(bytes(p.data), s.payload)) {
    return p.data.length !== s.payload.length
      ? `payload length: expected ${p.data.length}, got ${s.payload.length}`
      : `payload: expected ${JSON.stringify(p.data)}, got ${JSON.stringify(text(s.payload))}`;
  }
  return undefined;
}

/** Join consecutive data events: how the application reads them does not matter. */
export function normalizeEvents(events: readonly AppEvent[]): AppEventPattern[] {
  const out: AppEventPattern[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (e.kind === 'data' && last?.kind === 'data') out[out.length - 1] = { kind: 'data', data: last.data + text(e.data) };
    else out.push(e.kind === 'data' ? { kind: 'data', data: text(e.data) } : { kind: e.kind });
  }
  return out;
}

export function describeEvent(e: AppEventPattern): string {
  return e.kind === 'data' ? `data ${JSON.stringify(e.data)}` : e.kind === 'eof' ? 'end of stream' : `error "${e.kind}"`;
}

export function checkApp(expected: readonly AppEventPattern[], actual: readonly AppEvent[]): string | undefined {
  const got = normalizeEvents(actual);
  const show = (l: readonly AppEventPattern[]) => (l.length === 0 ? 'nothing' : l.map(describeEvent).join(', '));
  const same = expected.length === got.length && expected.every((e, i) => e.kind === got[i]!.kind && (e.data ?? '') === (got[i]!.data ?? ''));
  return same ? undefined : `application: expected ${show(expected)}, got ${show(got)}`;
}
