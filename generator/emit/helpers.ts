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

/** A test case as JSON with one step per line, so generated suites diff well. */
export function caseLiteral(value: unknown, indent: number): string {
  const c = must(value, 'caseLiteral') as Record<string, unknown>;
  const pad = ' '.repeat(indent);
  const lines = Object.entries(c).map(([k, v]) => {
    if (k === 'steps' && Array.isArray(v)) {
      return `${pad}  ${JSON.stringify(k)}: [\n${v.map((s) => `${pad}    ${JSON.stringify(s)}`).join(',\n')}\n${pad}  ]`;
    }
    return `${pad}  ${JSON.stringify(k)}: ${JSON.stringify(v)}`;
  });
  return `{\n${lines.join(',\n')}\n${pad}}`;
}

hbs.registerHelper('json', json);
hbs.registerHelper('comment', comment);
hbs.registerHelper('ident', ident);
hbs.registerHelper('caseLiteral', (v: unknown, indent: unknown) => caseLiteral(v, Number(indent)));
hbs.registerHelper('join', (list: unknown, sep: unknown) =>
  must(list as string[] | undefined, 'join').join(String(sep)),
);
