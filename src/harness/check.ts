/**
 * Comparing what the IUT did with what the spec says it must do. Each check returns the
 * first difference as one line a person can act on, or undefined when all is as expected.
 */
import type { AppEvent } from '../../core/reaction.js';
import type { AppEventPattern, SegmentPattern } from '../../core/case.js';
import { appMatches } from '../../core/app-events.js';
import { CONTROL_FLAGS, controlKey, equalBytes, bytes, text, type Segment } from '../../core/segment.js';
import type { Endpoints } from '../adapter.js';
import type { Bindings } from './terms.js';
import { t, type Text } from '../i18n/text.js';

export function describePattern(p: SegmentPattern, b: Bindings): string {
  const parts = [controlKey(p.flags), `SN=${safe(() => b.describe(p.seq), 'ISS (to be learned)')}`];
  if (p.ack) parts.push(`AN=${safe(() => b.describe(p.ack!), '?')}`);
  if (p.mss !== 'absent')
    parts.push(`MSS=${safe(() => b.describe(p.mss as Exclude<SegmentPattern['mss'], 'absent'>), 'present')}`);
  parts.push(`len=${p.data.length}`);
  return parts.join(' ');
}

/** A segment as one line ("SYN+ACK SN=… AN=… MSS=1460 len=0"), its SN and AN shown by `number`. */
export function formatSegment(
  s: Pick<Segment, 'flags' | 'seq' | 'ack' | 'mss' | 'payload'>,
  number: (field: 'seq' | 'ack', value: number) => string,
): string {
  const parts = [controlKey(s.flags), `SN=${number('seq', s.seq)}`];
  if (s.flags.includes('ACK')) parts.push(`AN=${number('ack', s.ack)}`);
  if (s.mss !== undefined) parts.push(`MSS=${s.mss}`);
  parts.push(`len=${s.payload.length}`);
  return parts.join(' ');
}

/** A segment the IUT sent, with SN and AN relative to the bases the pattern expected. */
export function describeSegment(s: Segment, p?: SegmentPattern, b?: Bindings): string {
  return formatSegment(s, (field, v) => {
    const term = p?.[field];
    return term && b ? b.describeObserved(term, v) : String(v);
  });
}

function safe(f: () => string, fallback: string): string {
  try {
    return f();
  } catch {
    return fallback;
  }
}

/** Check one segment against its pattern, learning unknown ISNs on the way. */
export function checkSegment(p: SegmentPattern, s: Segment, b: Bindings, ends: Endpoints): Text | undefined {
  const want = controlKey(p.flags);
  const got = controlKey(s.flags.filter((f) => CONTROL_FLAGS.includes(f)));
  if (want !== got) return t('diff.flags', { want, got });
  if (s.srcPort !== ends.iut.port || s.dstPort !== ends.peer.port) {
    return t('diff.ports', { want: `${ends.iut.port} -> ${ends.peer.port}`, got: `${s.srcPort} -> ${s.dstPort}` });
  }
  b.bind(p.seq, s.seq);
  if (b.value(p.seq) !== s.seq) return t('diff.sn', { want: b.describe(p.seq), got: b.describeObserved(p.seq, s.seq) });
  if (p.ack) {
    b.bind(p.ack, s.ack);
    if (b.value(p.ack) !== s.ack)
      return t('diff.an', { want: b.describe(p.ack), got: b.describeObserved(p.ack, s.ack) });
  }
  if (p.mss === 'absent') {
    if (s.mss !== undefined) return t('diff.mss.unexpected', { got: s.mss });
  } else {
    if (s.mss === undefined) return t('diff.mss.missing');
    const term = p.mss;
    if (term.base && !b.isBound(term.base)) {
      if (s.mss < 1 || s.mss > 65535) return t('diff.mss.range', { got: s.mss });
    } else if (b.value(term) !== s.mss) {
      return t('diff.mss.value', { want: b.describe(term), got: s.mss });
    }
  }
  if (!equalBytes(bytes(p.data), s.payload)) {
    return p.data.length !== s.payload.length
      ? t('diff.payload.length', { want: p.data.length, got: s.payload.length })
      : t('diff.payload', { want: JSON.stringify(p.data), got: JSON.stringify(text(s.payload)) });
  }
  return undefined;
}

/** Join consecutive data events: how the application reads them does not matter. */
export function normalizeEvents(events: readonly AppEvent[]): AppEventPattern[] {
  const out: AppEventPattern[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (e.kind === 'data' && last?.kind === 'data')
      out[out.length - 1] = { kind: 'data', data: last.data + text(e.data) };
    else out.push(e.kind === 'data' ? { kind: 'data', data: text(e.data) } : { kind: e.kind });
  }
  return out;
}

export function describeEvent(e: AppEventPattern): Text {
  const one = describeKind(e);
  const either = (e.or ?? []).reduce((a, kind) => t('app.or', { a, b: describeKind({ kind }) }), one);
  return e.optional ? t('app.optional', { what: either }) : either;
}

function describeKind(e: AppEventPattern): Text {
  return e.kind === 'data'
    ? t('app.data', { data: JSON.stringify(e.data) })
    : e.kind === 'eof'
      ? t('app.eof')
      : t('app.error', { kind: e.kind });
}

/** A list of application events, as one text ("data …, end of stream"). */
function describeEvents(l: readonly AppEventPattern[]): Text {
  if (l.length === 0) return t('app.nothing');
  return l.map(describeEvent).reduce((a, b) => t('list.pair', { a, b }));
}

export function checkApp(expected: readonly AppEventPattern[], actual: readonly AppEvent[]): Text | undefined {
  const got = normalizeEvents(actual);
  return appMatches(expected, got)
    ? undefined
    : t('diff.app', { want: describeEvents(expected), got: describeEvents(got) });
}
