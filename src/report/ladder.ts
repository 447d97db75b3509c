/**
 * The exchange of a test as a ladder: one row per segment, application call, clock advance
 * and observed state, with sequence numbers shown relative to each side's ISN and the
 * absolute value beside. Built once as rows, drawn as ASCII (terminal) or SVG (HTML report).
 */
import type { Endpoints } from '../adapter.js';
import { DEFAULT_ENDPOINTS } from '../adapter.js';
import type { Segment } from '../../core/segment.js';
import { formatSegment } from '../harness/check.js';
import * as seq from '../../core/seq.js';
import type { CaseResult, TranscriptEntry } from '../harness/run-case.js';
import { baseName } from '../../core/notation.js';
import { render, t, type Lang, type Text } from '../i18n/text.js';
import { padEnd } from './text-width.js';

export type LadderRow =
  | { readonly kind: 'to-iut'; readonly label: string }
  | { readonly kind: 'to-tester'; readonly label: string }
  | { readonly kind: 'call'; readonly label: string }
  | { readonly kind: 'time'; readonly label: string }
  | { readonly kind: 'state'; readonly label: string }
  | { readonly kind: 'failure'; readonly label: string };

/** A sequence number relative to the nearest learned ISN: "ISS+1 (2290000001)". */
export function relativeTo(value: number, bindings: Readonly<Record<string, number>>): string {
  let best: { name: string; d: number } | undefined;
  for (const [base, v] of Object.entries(bindings)) {
    const d = seq.diff(v, value);
    if (Math.abs(d) < 1 << 24 && (!best || Math.abs(d) < Math.abs(best.d))) best = { name: baseName(base), d };
  }
  if (!best) return String(value);
  return `${best.name}${best.d >= 0 ? '+' : ''}${best.d} (${value})`;
}

export function segmentLabel(
  s: Pick<Segment, 'flags' | 'seq' | 'ack' | 'mss' | 'payload'>,
  bindings: Readonly<Record<string, number>>,
): string {
  return formatSegment(s, (_field, v) => relativeTo(v, bindings));
}

/** What a ladder is drawn from: a test's exchange or a fuzz walk's, and how it failed, if it did. */
export interface Exchange {
  readonly transcript: readonly TranscriptEntry[];
  readonly bindings: Readonly<Record<string, number>>;
  readonly failure?: Text | undefined;
}

export function exchangeOf(r: CaseResult): Exchange {
  return {
    transcript: r.transcript,
    bindings: r.bindings,
    failure: r.verdict.status === 'failed' ? r.verdict.failure.message : undefined,
  };
}

export function ladderRows(r: Exchange, lang: Lang): LadderRow[] {
  const rows: LadderRow[] = [];
  for (const e of r.transcript) {
    switch (e.kind) {
      case 'sent':
        rows.push({ kind: 'to-iut', label: segmentLabel(e.segment, r.bindings) });
        break;
      case 'received':
        rows.push({ kind: 'to-tester', label: segmentLabel(e.segment, r.bindings) });
        break;
      case 'call':
        rows.push({ kind: 'call', label: render(t('ladder.call', { call: e.call }), lang) });
        break;
      case 'advance':
        rows.push({ kind: 'time', label: render(t('ladder.time', { ms: e.ms }), lang) });
        break;
      case 'state':
        if (rows.at(-1)?.kind !== 'state' || rows.at(-1)!.label !== e.state)
          rows.push({ kind: 'state', label: e.state });
        break;
    }
  }
  if (r.failure) rows.push({ kind: 'failure', label: render(r.failure, lang) });
  return collapseRepeatedStates(rows);
}

/** A state is worth a row only when it changes. */
function collapseRepeatedStates(rows: LadderRow[]): LadderRow[] {
  let last = '';
  return rows.filter((row) => {
    if (row.kind !== 'state') return true;
    const keep = row.label !== last;
    last = row.label;
    return keep;
  });
}

/**
 * The ladder as ASCII art: the tester's lifeline on the left, the IUT's on the right.
 * `names`: other headings for the two lifelines (a capture's client and server); "to-iut" rows go left to right.
 */
export function asciiLadder(
  rows: readonly LadderRow[],
  lang: Lang,
  ends: Endpoints = DEFAULT_ENDPOINTS,
  names?: { readonly left: string; readonly right: string },
): string {
  const arrows = rows.filter((r) => r.kind === 'to-iut' || r.kind === 'to-tester');
  const width = Math.max(56, ...arrows.map((r) => r.label.length + 10));
  const left = `${names?.left ?? render(t('ladder.tester'), lang)} ${ends.peer.addr}:${ends.peer.port}`;
  const lines = [
    `${padEnd(left, width + 1)}${names?.right ?? render(t('ladder.iut'), lang)} ${ends.iut.addr}:${ends.iut.port}`,
  ];
  const blank = `|${' '.repeat(width - 1)}|`;
  for (const row of rows) {
    switch (row.kind) {
      case 'to-iut':
        lines.push(`|-- ${row.label} ${'-'.repeat(width - row.label.length - 6)}>|`);
        break;
      case 'to-tester':
        lines.push(`|<${'-'.repeat(width - row.label.length - 6)} ${row.label} --|`);
        break;
      case 'call':
        lines.push(`${blank} <- ${row.label}`);
        break;
      case 'state':
        lines.push(`${blank} [${row.label}]`);
        break;
      case 'time':
        lines.push(
          `|${`~ ${row.label} ~`.padStart(Math.floor(width / 2) + row.label.length / 2 + 2).padEnd(width - 1)}|`,
        );
        break;
      case 'failure':
        lines.push(`X  ${row.label}`);
        break;
    }
  }
  return lines.join('\n');
}
