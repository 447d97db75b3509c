/**
 * Coverage by RFC 9293 requirement label: every label of Appendix B with its level and
 * feature, and either the tests that check it (the cases whose step under test names it), the
 * reason it is out of scope, or "not covered" — an in-scope label no transition names. The
 * validator has checked that spec/requirements.yaml holds every label, so none is missing here.
 */
import { profilesUpTo, type Profile, type TestCase } from '../core/case.js';
import type { Level } from '../core/requirements.js';
import type { Spec } from '../core/spec/types.js';
import { inProfile } from '../core/spec/profiles.js';

export type RequirementStatus = 'covered' | 'not covered' | 'out of scope';

export interface RequirementCoverage {
  readonly id: string;
  readonly level: Level;
  /** Appendix B's rows: "Group: feature". */
  readonly features: readonly string[];
  readonly rfc: readonly string[];
  readonly status: RequirementStatus;
  /** Why it is out of scope (status "out of scope"). */
  readonly reason?: string;
  /** The transitions of the profile that name it, and the cases that test them. */
  readonly transitions: readonly string[];
  readonly cases: readonly string[];
}

export interface RequirementsReport {
  readonly profile: Profile;
  readonly requirements: readonly RequirementCoverage[];
}

export function requirementsCoverage(spec: Spec, cases: readonly TestCase[], profile: Profile): RequirementsReport {
  const profiles = profilesUpTo(profile);
  const ours = cases.filter((c) => profiles.includes(c.profile));
  const transitions = spec.transitions.filter((t) => inProfile(t, profile));
  return {
    profile,
    requirements: spec.requirements.map((r) => {
      const named = transitions.filter((t) => t.labels.includes(r.id)).map((t) => t.id);
      const tested = ours.filter((c) => c.labels.includes(r.id)).map((c) => c.id);
      const status: RequirementStatus =
        r.outOfScope !== undefined ? 'out of scope' : tested.length > 0 ? 'covered' : 'not covered';
      return {
        id: r.id,
        level: r.level,
        features: r.rows.map((row) => `${row.group}: ${row.feature}`),
        rfc: r.rfc,
        status,
        ...(r.outOfScope !== undefined ? { reason: r.outOfScope } : {}),
        transitions: named,
        cases: tested,
      };
    }),
  };
}

function counts(report: RequirementsReport): string {
  const n = (s: RequirementStatus) => report.requirements.filter((r) => r.status === s).length;
  const tests = new Set(report.requirements.flatMap((r) => r.cases)).size;
  return `${report.requirements.length} labels: ${n('covered')} checked by ${tests} tests, ${n('not covered')} not covered, ${n('out of scope')} out of scope`;
}

/** The case IDs shown in a table: a few, then how many more (the JSON form lists them all). */
const SHOWN = 3;
function someCases(cases: readonly string[]): string {
  const more = cases.length - SHOWN;
  return cases.slice(0, SHOWN).join(', ') + (more > 0 ? `, … ${more} more` : '');
}

function verdict(r: RequirementCoverage): string {
  if (r.status === 'out of scope') return `out of scope: ${r.reason}`;
  if (r.status === 'not covered') return 'not covered';
  return `${r.cases.length} test(s): ${someCases(r.cases)}`;
}

export function requirementsText(report: RequirementsReport): string {
  const width = Math.max(...report.requirements.map((r) => r.id.length));
  const lines = report.requirements.map(
    (r) =>
      `${r.id.padEnd(width)}  ${r.level.padEnd(4)}  ${r.features.join('; ')} (§${r.rfc.join(', §')})\n${' '.repeat(width + 8)}${verdict(r)}`,
  );
  return `RFC 9293 requirements (Appendix B), profile ${report.profile}: ${counts(report)}\n\n${lines.join('\n')}\n`;
}

export function requirementsMarkdown(report: RequirementsReport): string {
  const cell = (s: string) => s.replaceAll('|', '\\|');
  const rows = report.requirements.map(
    (r) => `| ${r.id} | ${r.level} | ${cell(r.features.join('; '))} | ${r.rfc.join(', ')} | ${cell(verdict(r))} |`,
  );
  return [
    `# RFC 9293 requirements (Appendix B), profile ${report.profile}`,
    '',
    `${counts(report)}.`,
    '',
    '| Label | Level | Feature | Section | Tests |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

export function requirementsJson(report: RequirementsReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
