/**
 * Failures grouped by cause, for every reporter: one bug in an implementation fails many tests
 * (an AN off by one in the SYN+ACK fails every test whose setup passes through the handshake),
 * and a student wants the bug once, with the tests it explains.
 *
 * Two failures have the same cause when the run blames the same transition for a difference in
 * the same field, and what was expected and what came differ alike: the same message with the
 * numbers that vary from test to test left out (absolute sequence numbers, quoted data, request
 * ids, the line quoted back). "AN: expected IRS+1 (1000000001), got IRS+0 (1000000000)" and
 * "AN: expected IRS+1 (0), got IRS+0 (4294967295)" are one cause; "got IRS+2" or "got 0" is
 * another. Whether the blamed step was the test's own or part of its setup (violation or
 * blocked) does not split a cause: it is the same step doing the same wrong thing.
 */
import type { Blame } from '../harness/blame.js';
import type { StepFailure } from '../harness/run-case.js';
import { render, type Lang, type Param, type Text } from '../i18n/text.js';
import type { TestRecord } from './records.js';

/** One cause: the failures it explains, in run order, and the one that shows it best. */
export interface Cause {
  /** What the failures share, as a string (stable across runs of the same implementation). */
  readonly key: string;
  /** The failures this cause explains, in the order the run gave them. */
  readonly records: readonly TestRecord[];
  /**
   * The failure to show for the whole cause: the test of the blamed transition itself where
   * there is one, and among those the shortest exchange, so its ladder is the smallest that shows it.
   */
  readonly representative: TestRecord;
  /** The blamed step's transition, field, rules and labels (absent: a failure that is no verdict, a harness error). */
  readonly blame?: CauseBlame;
  /** The representative's failure (absent for a harness error). */
  readonly failure?: StepFailure;
  /** How many of the records the cause blocked (it happened while setting up another rule's test). */
  readonly blocked: number;
}

/** The blamed step's transition, field, rules and labels, and what differs, in the words of the representative's failure. */
export interface CauseBlame extends Pick<Blame, 'transition' | 'field' | 'rules' | 'labels' | 'level'> {
  readonly message: Text;
}

/**
 * The failed records grouped by cause, the cause explaining most tests first (ties: the one
 * the run met first). Passed and pending records belong to no cause.
 */
export function groupByCause(records: readonly TestRecord[]): Cause[] {
  const groups = new Map<string, TestRecord[]>();
  for (const r of records) {
    if (r.state !== 'failed') continue;
    const key = causeKey(r);
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  // A Map keeps insertion order and sort is stable: ties stay in the order the run met them.
  return [...groups].map(([key, list]) => cause(key, list)).sort((a, b) => b.records.length - a.records.length);
}

/** The key that failed records of one cause share (see the module's comment). */
export function causeKey(r: TestRecord): string {
  const f = failureOf(r);
  if (!f) return `error ${firstLine(r.error ?? '')}`;
  const b = f.blame;
  return `${b.transition} ${b.field} ${shape(f.message)}`;
}

/**
 * A message with what varies between tests of one cause left out. A wrong SN or AN is shown
 * by how far it is from the number expected ("AN 1 below"), not by the numbers themselves: an
 * off-by-one acknowledging 10 octets of data and 1 octet is one fault. A wrong application
 * report is shown by the kinds of event missing and extra, not by the data. Elsewhere,
 * absolute numbers beside relative ones ("IRS+1 (1000000001)"), large numbers and quoted text
 * go, and so do the parameters that number or quote the exchange (a request's id, the line an
 * implementation wrote, the time waited).
 */
export function shape(message: Text): string {
  const p = message.params ?? {};
  if (message.key === 'diff.sn' || message.key === 'diff.an') return `${message.key}(${offset(p.want, p.got)})`;
  if (message.key === 'diff.app') return `${message.key}(${eventDifference(p.want, p.got)})`;
  const params = Object.entries(p)
    .filter(([name]) => !varying(message.key, name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, v]) => `${name}=${typeof v === 'object' ? shape(v) : maskNumbers(String(v))}`);
  return params.length > 0 ? `${message.key}(${params.join(', ')})` : message.key;
}

/**
 * Parameters that differ from one test to the next of the same fault: a request's id (and the
 * id a wrong reply answered), the line quoted back, the time waited.
 */
function varying(key: string, param: string): boolean {
  return ['id', 'line', 'ms'].includes(param) || (key === 'impl.wrongReply' && param === 'got');
}

function maskNumbers(s: string): string {
  return s
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/ \(\d+\)/g, '')
    .replace(/\d{5,}/g, '#');
}

/** A relative number as Bindings.describe writes it: "IRS+1 (1000000001)", "2*ISS-3 (…)". */
const RELATIVE = /^(.*?)([+-]\d+) \(\d+\)$/;

/** How far the number got is from the one expected, when both count from the same base; else both, masked. */
function offset(want: Param | undefined, got: Param | undefined): string {
  const w = RELATIVE.exec(String(want));
  const g = RELATIVE.exec(String(got));
  const d = w && g && w[1] === g[1] ? Number(g[2]) - Number(w[2]) : undefined;
  // Far off is no arithmetic slip: a number from elsewhere (a stale variable, 0), whatever its distance.
  if (d !== undefined && Math.abs(d) < 1 << 16) return `${w![1]}${d >= 0 ? '+' : ''}${d}`;
  return `got=${maskNumbers(String(got))}, want=${maskNumbers(String(want))}`;
}

/** The kinds of application event expected and not reported, and reported and not expected. */
function eventDifference(want: Param | undefined, got: Param | undefined): string {
  const w = eventKinds(want);
  const g = eventKinds(got);
  const missing = [...w].filter((k) => !g.has(k));
  const extra = [...g].filter((k) => !w.has(k));
  return `missing=${missing.join('+')}, extra=${extra.join('+')}`;
}

/** The kinds of event in a list of application events as check.ts describes it (data, eof, error kinds). */
function eventKinds(p: Param | undefined, into = new Set<string>()): Set<string> {
  if (typeof p !== 'object') return into;
  if (p.key === 'app.data' || p.key === 'app.eof') into.add(p.key.slice(4));
  else if (p.key === 'app.error') into.add(`error:${String(p.params?.kind)}`);
  for (const v of Object.values(p.params ?? {})) eventKinds(v, into);
  return into;
}

function failureOf(r: TestRecord): StepFailure | undefined {
  const v = r.result?.verdict;
  return v?.status === 'failed' ? v.failure : undefined;
}

function cause(key: string, records: readonly TestRecord[]): Cause {
  const representative = [...records].sort((a, b) => rank(a) - rank(b))[0]!;
  const failure = failureOf(representative);
  return {
    key,
    records,
    representative,
    ...(failure ? { blame: causeBlame(failure.blame, failure.message), failure } : {}),
    blocked: records.filter((r) => failureOf(r)?.blame.kind === 'blocked').length,
  };
}

/**
 * Lower is a better example: the test of the blamed transition itself, then one where the
 * blamed step is at least the test's own (not its setup), then the shorter exchange.
 */
function rank(r: TestRecord): number {
  const f = failureOf(r);
  const tc = r.result?.testCase;
  const itself = f && tc?.transition === f.blame.transition ? 0 : 2_000_000;
  const own = f && f.blame.kind !== 'blocked' ? 0 : 1_000_000;
  return itself + own + (r.result?.transcript.length ?? 0);
}

function causeBlame(b: Blame, message: Text): CauseBlame {
  return {
    transition: b.transition,
    field: b.field,
    rules: b.rules,
    labels: b.labels,
    ...(b.level ? { level: b.level } : {}),
    message,
  };
}

function firstLine(s: string): string {
  return s.split('\n', 1)[0]!;
}

/** The ID a test's title ends with ("… [established-send/server]"), which `run --case` takes. */
export function caseIdOf(r: TestRecord): string {
  return r.result?.testCase.id ?? /\[([^\]]+)\]$/.exec(r.title)?.[1] ?? r.title;
}

/** The message of a cause, in the language asked for: what differs at the blamed step. */
export function causeMessage(c: Cause, lang: Lang): string {
  return c.failure ? render(c.failure.message, lang) : firstLine(c.representative.error ?? '');
}
