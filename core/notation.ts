/**
 * The short notation the generated suite is written in, as packetdrill writes its scripts:
 * a number is a term ("ISS+1", "IRS", "2*MSL-1", "1000"), a segment is one line
 * ("SYN+ACK seq=IRS ack=ISS+1 mss=1460"), an application event is a word ("eof",
 * `data "#1:peer-d"`). Each is written and read here only, so what the generator writes is
 * what the runtime reads; anything else is refused with what was expected.
 *
 * Names are RFC 9293's, from the IUT's side: ISS is its initial send sequence number (ISS#2 on
 * a second connection), IRS the tester's ISN, which the IUT receives; any other upper-case
 * name is one of the spec's parameters (MSS, MSL, RTO, RCV.WND), in the IUT's own value.
 */
import type { AppEventKind, AppEventPattern, SegmentPattern, SegmentSpec, Term } from './case.js';
import { FLAGS, normalizeFlags, type Flag } from './segment.js';
import * as seq from './seq.js';

export class NotationError extends Error {
  override readonly name = 'NotationError';
}

const APP_EVENTS: readonly AppEventKind[] = ['data', 'eof', 'reset', 'refused', 'closing', 'no_connection', 'exists'];

/** A term's base as written: the learned ISNs by their RFC names, parameters as they are. */
export function baseName(base: string): string {
  if (base === 'peer') return 'IRS';
  if (base.startsWith('iss')) return base.toUpperCase();
  return base;
}

/** The base a written name stands for (the inverse of baseName). */
function baseOf(name: string): string {
  if (name === 'IRS') return 'peer';
  if (/^ISS(#\d+)?$/.test(name)) return name.toLowerCase();
  return name;
}

/** A term as written: "ISS+1", "IRS", "2*MSL-1", "1000". Offsets show as signed distances. */
export function formatTerm(term: Term): string {
  if (term.base === undefined) return String(term.off);
  const d = seq.diff(0, term.off);
  const k = term.k !== undefined ? `${term.k}*` : '';
  return `${k}${baseName(term.base)}${d === 0 ? '' : d > 0 ? `+${d}` : d}`;
}

const TERM = /^(?:(\d+)\*)?(ISS(?:#\d+)?|IRS|[A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)*)(?:([+-])(\d+))?$/;
const NUMBER = /^\d+$/;

export function parseTerm(text: string): Term {
  if (NUMBER.test(text)) return { off: uint32(text, text) };
  const m = TERM.exec(text);
  if (!m)
    throw new NotationError(
      `"${text}" is not a term: write a number (1000), a name (ISS, IRS, MSS) or k*NAME±n (ISS+1, 2*MSL-1)`,
    );
  const [, k, name, sign, n] = m;
  const off = n === undefined ? 0 : seq.wrap(sign === '-' ? -uint32(n, text) : uint32(n, text));
  return { base: baseOf(name!), ...(k !== undefined ? { k: uint32(k, text) } : {}), off };
}

function uint32(digits: string, within: string): number {
  const n = Number(digits);
  if (n > seq.SEQ_MAX) throw new NotationError(`"${within}": ${digits} is more than 2^32-1`);
  return n;
}

/** A segment the tester sends: flags, then seq=, ack= (with ACK only), mss= (a number) and data=. */
export function formatSegment(s: SegmentSpec): string {
  return [
    flagsText(s.flags),
    `seq=${formatTerm(s.seq)}`,
    ...(s.ack ? [`ack=${formatTerm(s.ack)}`] : []),
    ...(s.mss !== undefined ? [`mss=${s.mss}`] : []),
    ...(s.data !== '' ? [`data=${JSON.stringify(s.data)}`] : []),
  ].join(' ');
}

export function parseSegment(text: string): SegmentSpec {
  const { flags, fields } = readSegment(text);
  const mss = fields.get('mss');
  if (mss !== undefined && !NUMBER.test(mss))
    throw new NotationError(`"${text}": the tester's mss= is a number of octets, not "${mss}"`);
  const ack = fields.get('ack');
  if ((ack !== undefined) !== flags.includes('ACK'))
    throw new NotationError(`"${text}": ack= goes with the ACK flag, and only with it`);
  return {
    flags,
    seq: parseTerm(required(fields, 'seq', text)),
    ...(ack !== undefined ? { ack: parseTerm(ack) } : {}),
    ...(mss !== undefined ? { mss: uint32(mss, text) } : {}),
    data: dataOf(fields),
  };
}

/** A segment the IUT must send: every field written is checked; no mss= means no MSS option. */
export function formatPattern(p: SegmentPattern): string {
  return [
    flagsText(p.flags),
    `seq=${formatTerm(p.seq)}`,
    ...(p.ack ? [`ack=${formatTerm(p.ack)}`] : []),
    ...(p.mss !== 'absent' ? [`mss=${formatTerm(p.mss)}`] : []),
    ...(p.data !== '' ? [`data=${JSON.stringify(p.data)}`] : []),
  ].join(' ');
}

export function parsePattern(text: string): SegmentPattern {
  const { flags, fields } = readSegment(text);
  const ack = fields.get('ack');
  const mss = fields.get('mss');
  return {
    flags,
    seq: parseTerm(required(fields, 'seq', text)),
    ...(ack !== undefined ? { ack: parseTerm(ack) } : {}),
    mss: mss !== undefined ? parseTerm(mss) : 'absent',
    data: dataOf(fields),
  };
}

/**
 * An application event: its kind, and for data the octets as a JSON string (`data "abc"`);
 * kinds the implementation may tell instead after `|` (`refused|reset`), and `?` when it may
 * tell nothing (`reset?`).
 */
export function formatApp(e: AppEventPattern): string {
  if (e.data !== undefined) return `${e.kind} ${JSON.stringify(e.data)}`;
  return [e.kind, ...(e.or ?? [])].join('|') + (e.optional ? '?' : '');
}

export function parseApp(text: string): AppEventPattern {
  const space = text.indexOf(' ');
  const head = space < 0 ? text : text.slice(0, space);
  const optional = space < 0 && head.endsWith('?');
  const [kind, ...or] = (optional ? head.slice(0, -1) : head).split('|') as AppEventKind[];
  for (const k of [kind!, ...or])
    if (!APP_EVENTS.includes(k))
      throw new NotationError(`"${text}" is not an application event: expected one of ${APP_EVENTS.join(', ')}`);
  if (space < 0) return { kind: kind!, ...(or.length > 0 ? { or } : {}), ...(optional ? { optional: true } : {}) };
  if (or.length > 0) throw new NotationError(`"${text}": data has no alternatives`);
  const rest = text.slice(space + 1);
  const [data, after] = readString(rest, text);
  if (after !== '') throw new NotationError(`"${text}": nothing may follow the data`);
  return { kind: kind!, data };
}

function flagsText(flags: readonly Flag[]): string {
  return flags.length === 0 ? '(none)' : flags.join('+');
}

const FIELDS = ['seq', 'ack', 'mss', 'data'] as const;

/** Flags and `name=value` fields; a data= value is a JSON string and may hold spaces. */
function readSegment(text: string): { flags: Flag[]; fields: Map<string, string> } {
  const space = text.indexOf(' ');
  const head = space < 0 ? text : text.slice(0, space);
  const flags = head === '(none)' ? [] : head.split('+');
  for (const f of flags)
    if (!(FLAGS as readonly string[]).includes(f))
      throw new NotationError(`"${text}": "${f}" is not a flag (${FLAGS.join(', ')}, or (none) for no flag)`);
  if (new Set(flags).size !== flags.length) throw new NotationError(`"${text}": a flag is written twice`);
  const fields = new Map<string, string>();
  let rest = space < 0 ? '' : text.slice(space + 1);
  while (rest !== '') {
    const m = /^([a-z]+)=/.exec(rest);
    const name = m?.[1];
    if (!m || !(FIELDS as readonly string[]).includes(name!))
      throw new NotationError(`"${text}": expected one of ${FIELDS.map((f) => `${f}=`).join(', ')} at "${rest}"`);
    if (fields.has(name!)) throw new NotationError(`"${text}": ${name}= is written twice`);
    rest = rest.slice(m[0].length);
    let value: string;
    if (name === 'data') {
      const [data, after] = readString(rest, text);
      value = JSON.stringify(data);
      rest = after;
    } else {
      const end = rest.indexOf(' ');
      value = end < 0 ? rest : rest.slice(0, end);
      rest = end < 0 ? '' : rest.slice(end);
    }
    if (rest !== '' && !rest.startsWith(' ')) throw new NotationError(`"${text}": expected a space after ${name}=`);
    rest = rest.slice(1);
    fields.set(name!, value);
  }
  return { flags: normalizeFlags(flags as Flag[]), fields };
}

function required(fields: ReadonlyMap<string, string>, name: string, text: string): string {
  const v = fields.get(name);
  if (v === undefined) throw new NotationError(`"${text}": ${name}= is missing`);
  return v;
}

function dataOf(fields: ReadonlyMap<string, string>): string {
  const v = fields.get('data');
  return v === undefined ? '' : (JSON.parse(v) as string);
}

/** A JSON string at the start of `rest`, and what follows it. */
function readString(rest: string, text: string): [string, string] {
  const m = /^"(?:[^"\\]|\\.)*"/.exec(rest);
  if (!m) throw new NotationError(`"${text}": data is a string in double quotes, as in JSON`);
  try {
    return [JSON.parse(m[0]) as string, rest.slice(m[0].length)];
  } catch {
    throw new NotationError(`"${text}": ${m[0]} is not a JSON string`);
  }
}
