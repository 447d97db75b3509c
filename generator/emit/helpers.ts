/**
 * The one Handlebars instance the emitter uses, with every helper in one place. Spec text
 * reaches generated code only through these helpers: values as JSON literals, comments with
 * `*\/` and line breaks neutralised, identifiers checked against a strict pattern.
 */
import Handlebars from 'handlebars';

export const hbs = Handlebars.create();

const IDENT = /^[A-Za-z_$][\w$]*$/;

function must<T>(value: T | undefined, helper: string): T {
  if (value === undefined) throw new Error(`template helper "${helper}" got undefined`);
  return value;
}

/** Any value as a JSON (hence JavaScript) literal: quotes, backticks, `${` and newlines are inert. */
export function json(value: unknown): string {
  return JSON.stringify(must(value, 'json'));
}

/** Text for a // comment or inside /* *\/: one line, no comment terminator. */
export function comment(value: unknown): string {
  return String(must(value, 'comment'))
    .replace(/\*\//g, '* /')
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .trim();
}

/** An identifier; anything else is a generator bug or a hostile spec and stops generation. */
export function ident(value: unknown): string {
  const s = String(must(value, 'ident'));
  if (!IDENT.test(s)) throw new Error(`not a safe identifier: ${JSON.stringify(s)}`);
  return s;
}

/**
 * A value as a one-line TypeScript literal: JSON, but with keys that are identifiers unquoted
 * (`{ in: "ACK seq=IRS+1 ack=ISS+2", out: [] }`), as a person writes it.
 */
export function literal(value: unknown): string {
  const v = must(value, 'literal');
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const entries = Object.entries(v).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, x]) => `${IDENT.test(k) ? k : JSON.stringify(k)}: ${literal(x)}`).join(', ')} }`;
}

hbs.registerHelper('json', json);
hbs.registerHelper('comment', comment);
hbs.registerHelper('ident', ident);
hbs.registerHelper('literal', literal);
hbs.registerHelper('join', (list: unknown, sep: unknown) =>
  must(list as string[] | undefined, 'join').join(String(sep)),
);
