/**
 * Step 2b, the requirement labels: spec/requirements.yaml must list every label of RFC 9293's
 * Appendix B once (each level numbered from 1 without gaps, as many as the RFC has), and every
 * label a transition or rule names must be one of them and in scope. A transition or rule
 * with no label says why (`unlabelled:`), and one with no MUST label among its labels says why
 * in its note (its departures are warnings at most); a rule names only labels that a
 * transition encoding it checks.
 */
import { dirname } from 'node:path';
import { type ErrorCollector, SpecError } from '../../core/spec/errors.js';
import { positionOf } from '../../core/spec/source.js';
import { LABEL_COUNTS, LEVELS, levelOf, numberOf } from '../../core/requirements.js';
import type { Loc, Spec, SpecRequirement } from '../../core/spec/types.js';

const at = (loc: Loc, ...path: (string | number)[]) => positionOf(loc.file, [...loc.path, ...path]);

export function checkRequirements(spec: Spec, errors: ErrorCollector): void {
  if (spec.requirementsLoc === undefined) {
    // The problem is the directory, not any one file in it.
    const dir = dirname(spec.initialLoc.file.file);
    errors.add(
      new SpecError(
        { file: dir, line: 0, col: 0 },
        'no file lists RFC 9293\'s requirement labels (a top-level "requirements:", as in spec/requirements.yaml)',
      ),
    );
    return;
  }
  const seen = new Map<string, SpecRequirement>();
  for (const r of spec.requirements) {
    const first = seen.get(r.id);
    if (first) {
      const p = at(first.loc, 'id');
      errors.add(new SpecError(at(r.loc, 'id'), `duplicate label "${r.id}" (first at ${p.file}:${p.line}:${p.col})`));
      continue;
    }
    seen.set(r.id, r);
    const level = levelOf(r.id)!;
    if (r.level !== level)
      errors.add(new SpecError(at(r.loc, 'level'), `${r.id} is a ${level} label (its prefix), not ${r.level}`));
    if (numberOf(r.id)! > LABEL_COUNTS[level])
      errors.add(new SpecError(at(r.loc, 'id'), `RFC 9293 has no ${r.id}: its ${level} labels are ${rangeOf(level)}`));
  }
  for (const level of LEVELS) {
    const missing = Array.from({ length: LABEL_COUNTS[level] }, (_, i) => `${level}-${i + 1}`).filter(
      (id) => !seen.has(id),
    );
    if (missing.length > 0)
      errors.add(
        new SpecError(
          positionOf(spec.requirementsLoc.file, spec.requirementsLoc.path, { key: true }),
          `missing ${missing.join(', ')}: Appendix B's ${level} labels are ${rangeOf(level)}, each listed once`,
        ),
      );
  }
}

/** The labels named by transitions and rules: known, in scope, and said why when there are none. */
export function checkLabelUse(spec: Spec, errors: ErrorCollector): void {
  const known = new Map(spec.requirements.map((r) => [r.id, r]));
  const checkList = (
    labels: readonly string[],
    unlabelled: string | undefined,
    loc: Loc,
    what: string,
    note?: string,
  ): void => {
    if (labels.length === 0 && unlabelled === undefined)
      errors.add(
        new SpecError(
          at(loc, 'labels'),
          `${what} names no requirement label: name the RFC 9293 labels it checks, or say why none applies with unlabelled:`,
        ),
      );
    if (labels.length > 0 && unlabelled !== undefined)
      errors.add(new SpecError(at(loc, 'unlabelled'), `${what} names labels, so unlabelled: does not apply`));
    // A step whose labels are all SHLD, REC or MAY is judged a warning at most: that must be meant.
    if (note === undefined && labels.length > 0 && !labels.some((l) => levelOf(l) === 'MUST'))
      errors.add(
        new SpecError(
          at(loc, 'labels'),
          `${what} names no MUST label, so a departure from it is at most a warning; its note: must say why nothing it checks is a MUST`,
        ),
      );
    for (const [i, label] of labels.entries()) {
      if (labels.indexOf(label) !== i) {
        errors.add(new SpecError(at(loc, 'labels', i), `label ${label} is named twice`));
        continue;
      }
      const r = known.get(label);
      if (!r) {
        // The schema let only well-formed labels through: the number is past the RFC's last.
        const level = levelOf(label)!;
        errors.add(
          new SpecError(
            at(loc, 'labels', i),
            `unknown label "${label}": RFC 9293's ${level} labels are ${rangeOf(level)}`,
          ),
        );
      } else if (r.outOfScope !== undefined) {
        errors.add(new SpecError(at(loc, 'labels', i), `label ${label} is out of scope (${r.outOfScope})`));
      }
    }
  };
  // Expansions of one written transition share its place; check it once.
  const written = new Set<Loc>();
  for (const t of spec.transitions) {
    if (written.has(t.loc)) continue;
    written.add(t.loc);
    checkList(t.labels, t.unlabelled, t.loc, `transition "${t.template ?? t.id}"`, t.note);
  }
  for (const r of spec.rules) {
    checkList(r.labels, r.unlabelled, r.loc, `rule ${r.id}`, r.note);
    const checked = new Set(spec.transitions.filter((t) => t.rules.includes(r.id)).flatMap((t) => t.labels));
    for (const [i, label] of r.labels.entries()) {
      if (known.has(label) && !checked.has(label))
        errors.add(
          new SpecError(
            at(r.loc, 'labels', i),
            `rule ${r.id} names ${label}, but no transition encoding it checks ${label}`,
          ),
        );
    }
  }
}

/** The labels an allowance of the spec's latitude rests on: each one of Appendix B's, once. */
export function checkLatitudeLabels(spec: Spec, errors: ErrorCollector): void {
  const known = new Set(spec.requirements.map((r) => r.id));
  for (const a of spec.latitude)
    for (const [i, label] of a.labels.entries()) {
      if (a.labels.indexOf(label) !== i)
        errors.add(new SpecError(at(a.loc, 'labels', i), `label ${label} is named twice`));
      else if (!known.has(label)) {
        const level = levelOf(label)!;
        errors.add(
          new SpecError(
            at(a.loc, 'labels', i),
            `unknown label "${label}": RFC 9293's ${level} labels are ${rangeOf(level)}`,
          ),
        );
      }
    }
}

function rangeOf(level: (typeof LEVELS)[number]): string {
  return LABEL_COUNTS[level] === 1 ? `${level}-1 only` : `${level}-1 … ${level}-${LABEL_COUNTS[level]}`;
}
