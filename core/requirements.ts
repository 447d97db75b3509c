/**
 * RFC 9293's requirement labels (MUST-1 … MUST-69, SHLD-1 … SHLD-31, MAY-1 … MAY-18, REC-1),
 * as its Appendix B lists them. The level is the label's prefix: a departure from a MUST is a
 * violation, from a SHLD or REC a warning, and a MAY is never a failure. The rows themselves
 * (feature, section, scope) are data: spec/requirements.yaml, emitted as
 * generated/requirements.ts for the runtime.
 */

export const LEVELS = ['MUST', 'SHLD', 'REC', 'MAY'] as const;
export type Level = (typeof LEVELS)[number];

/**
 * How many labels of each level RFC 9293 defines. Appendix B numbers each level from 1
 * without gaps (REC-1 is the only REC label: the RFC defines no REC-2); the validator checks
 * spec/requirements.yaml against these, so a label missing from the file is an error.
 */
export const LABEL_COUNTS: Readonly<Record<Level, number>> = { MUST: 69, SHLD: 31, REC: 1, MAY: 18 };

export const LABEL = /^(MUST|SHLD|REC|MAY)-([1-9]\d*)$/;

/** The keyword of the Appendix B column the row is ticked in (MUST-60 is a MUST NOT). */
export const KEYWORDS = ['MUST', 'MUST NOT', 'SHOULD', 'SHOULD NOT', 'MAY'] as const;
export type Keyword = (typeof KEYWORDS)[number];

/** One row of Appendix B's table; a label may have several (MUST-56 has three). */
export interface RequirementRow {
  /** The table's group heading: "Window", "Closing Connections". */
  readonly group: string;
  readonly feature: string;
  readonly keyword: Keyword;
}

/** What a difference is in: a field of a segment, the segments as a whole, the application, the state, the ISNs. */
export const FIELDS = [
  'flags',
  'ports',
  'SN',
  'AN',
  'MSS',
  'payload',
  'segments',
  'app',
  'state',
  'ISN',
  'exchange',
] as const;
export type Field = (typeof FIELDS)[number];

export interface Requirement {
  readonly id: string;
  readonly level: Level;
  readonly rows: readonly RequirementRow[];
  /**
   * The only fields it governs (MUST-14, the MSS option: MSS), when it governs some fields of
   * what a transition sends and not others; absent when it governs the whole step.
   */
  readonly fields?: readonly Field[];
  /** RFC 9293 sections where the requirement is stated. */
  readonly rfc: readonly string[];
  /** Why no transition can check it (urgent data, checksums, the IP layer …); absent when in scope. */
  readonly outOfScope?: string;
}

/**
 * Of a step's labels, those a difference in `field` departs from: the labels that govern that
 * field alone, where the step names some; else those that govern the whole step. An AN wrong
 * on a SYN+ACK departs from none of the MSS option's labels (SHLD-5) nor the ISN's (MUST-8),
 * though the transition names them; a retransmitted SYN without the option departs from
 * SHLD-5, not from the retransmission's MUST-19.
 */
export function labelsFor(labels: readonly string[], field: Field, requirements: readonly Requirement[]): string[] {
  const fieldsOf = (l: string) => requirements.find((r) => r.id === l)?.fields;
  const own = labels.filter((l) => fieldsOf(l)?.includes(field));
  return own.length > 0 ? own : labels.filter((l) => fieldsOf(l) === undefined);
}

/** The level of a label, from its prefix; undefined for anything that is not a label. */
export function levelOf(label: string): Level | undefined {
  return LABEL.exec(label)?.[1] as Level | undefined;
}

/** The number of a label (40 for MUST-40). */
export function numberOf(label: string): number | undefined {
  const m = LABEL.exec(label);
  return m ? Number(m[2]) : undefined;
}

/** Labels in Appendix B's order of levels, then by number: MUST-1, MUST-2, …, SHLD-1, …, MAY-18. */
export function compareLabels(a: string, b: string): number {
  const la = LEVELS.indexOf(levelOf(a) ?? 'MAY');
  const lb = LEVELS.indexOf(levelOf(b) ?? 'MAY');
  return la - lb || (numberOf(a) ?? 0) - (numberOf(b) ?? 0) || a.localeCompare(b);
}
