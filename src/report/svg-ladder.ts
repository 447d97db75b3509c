/**
 * The ladder diagram as SVG, for the HTML report: the tester's and the IUT's lifelines,
 * one arrow per segment with its label, application calls and states beside the IUT, and the
 * failure in red at the bottom.
 */
import type { Endpoints } from '../adapter.js';
import { DEFAULT_ENDPOINTS } from '../adapter.js';
import { render, t, type Lang } from '../i18n/text.js';
import { xml } from './junit.js';
import type { LadderRow } from './ladder.js';

const ROW = 30;
const TOP = 44;
const LEFT = 90;
const CHAR = 7.2; // width of one character of the 12px monospace font

export function svgLadder(rows: readonly LadderRow[], lang: Lang, ends: Endpoints = DEFAULT_ENDPOINTS): string {
  const longest = Math.max(
    40,
    ...rows.filter((r) => r.kind === 'to-iut' || r.kind === 'to-tester').map((r) => r.label.length),
  );
  const right = LEFT + Math.ceil(longest * CHAR) + 60;
  const side =
    Math.max(20, ...rows.filter((r) => r.kind === 'call' || r.kind === 'state').map((r) => r.label.length)) * CHAR + 30;
  const failure = rows.find((r) => r.kind === 'failure');
  const body = rows.filter((r) => r.kind !== 'failure');
  const bottom = TOP + body.length * ROW + 10;
  const failureWidth = failure ? failure.label.length * CHAR + 40 : 0;
  const width = Math.ceil(Math.max(right + side, failureWidth));
  const height = bottom + (failure ? 34 : 10);
  const out = [
    `<svg class="ladder" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="ui-monospace, Menlo, Consolas, monospace" font-size="12">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#333"/></marker></defs>',
    `<text x="${LEFT}" y="16" text-anchor="middle" font-weight="bold">${xml(render(t('ladder.tester'), lang))}</text>`,
    `<text x="${LEFT}" y="30" text-anchor="middle" fill="#666">${xml(`${ends.peer.addr}:${ends.peer.port}`)}</text>`,
    `<text x="${right}" y="16" text-anchor="middle" font-weight="bold">${xml(render(t('ladder.iut'), lang))}</text>`,
    `<text x="${right}" y="30" text-anchor="middle" fill="#666">${xml(`${ends.iut.addr}:${ends.iut.port}`)}</text>`,
    `<line class="lifeline" x1="${LEFT}" y1="${TOP - 6}" x2="${LEFT}" y2="${bottom}" stroke="#999" stroke-width="2"/>`,
    `<line class="lifeline" x1="${right}" y1="${TOP - 6}" x2="${right}" y2="${bottom}" stroke="#999" stroke-width="2"/>`,
  ];
  body.forEach((row, i) => {
    const y = TOP + i * ROW + 20;
    switch (row.kind) {
      case 'to-iut':
      case 'to-tester': {
        const [x1, x2] = row.kind === 'to-iut' ? [LEFT, right] : [right, LEFT];
        out.push(
          `<line class="segment" x1="${x1}" y1="${y}" x2="${x2}" y2="${y}" stroke="#333" stroke-width="1.5" marker-end="url(#arrow)"/>`,
        );
        out.push(`<text x="${(LEFT + right) / 2}" y="${y - 5}" text-anchor="middle">${xml(row.label)}</text>`);
        break;
      }
      case 'call':
        out.push(`<text x="${right + 10}" y="${y + 4}" fill="#1a5fb4">${xml(row.label)}</text>`);
        break;
      case 'state':
        out.push(
          `<rect x="${right + 6}" y="${y - 11}" width="${row.label.length * CHAR + 12}" height="18" rx="4" fill="#eef" stroke="#99c"/>`,
        );
        out.push(`<text x="${right + 12}" y="${y + 2}">${xml(row.label)}</text>`);
        break;
      case 'time':
        out.push(
          `<text x="${(LEFT + right) / 2}" y="${y}" text-anchor="middle" fill="#666" font-style="italic">${xml(`~ ${row.label} ~`)}</text>`,
        );
        break;
    }
  });
  if (failure)
    out.push(
      `<text class="failure" x="10" y="${bottom + 22}" fill="#c01c28" font-weight="bold">${xml(`✗ ${failure.label}`)}</text>`,
    );
  out.push('</svg>');
  return out.join('\n');
}
