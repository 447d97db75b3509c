/**
 * Step 2a: check each loaded file against the format's schema, reporting every problem at
 * the position of the offending node.
 */
import type { z } from 'zod';
import type { LoadedFile, PathSegment } from '../../core/spec/source.js';
import { positionOf } from '../../core/spec/source.js';
import { ErrorCollector, SpecError } from '../../core/spec/errors.js';
import { distance } from '../../core/expr/check.js';
import { DeclaredFileSchema, SpecFileSchema, type DeclaredFileData, type SpecFileData } from './schema.js';

export interface CheckedFile {
  readonly source: LoadedFile;
  readonly data: SpecFileData;
}

export function checkSchema(files: readonly LoadedFile[]): CheckedFile[] {
  const errors = new ErrorCollector();
  const checked: CheckedFile[] = [];
  for (const f of files) {
    const result = SpecFileSchema.safeParse(f.data ?? {});
    if (result.success) {
      checked.push({ source: f, data: result.data });
      continue;
    }
    for (const e of describeIssues(f, result.error.issues, TOP_LEVEL_KEYS)) errors.add(e);
  }
  errors.throwIfAny();
  return checked;
}

/** A declarations file (`run --variations`, an adapter's own) against its schema, with the same messages. */
export function checkDeclaredSchema(f: LoadedFile): DeclaredFileData {
  const result = DeclaredFileSchema.safeParse(f.data ?? {});
  if (result.success) return result.data;
  const errors = new ErrorCollector();
  for (const e of describeIssues(f, result.error.issues, Object.keys(DeclaredFileSchema.shape))) errors.add(e);
  errors.throwIfAny();
  throw new Error('unreachable: a failed parse has issues');
}

type Issue = z.core.$ZodIssue;

const TOP_LEVEL_KEYS = Object.keys(SpecFileSchema.shape);

function closest(key: string, known: readonly string[]): string | undefined {
  return known
    .map((k) => ({ k, d: distance(k, key) }))
    .filter((x) => x.d <= 2)
    .sort((a, b) => a.d - b.d)[0]?.k;
}

/** A path as a person reads it: transitions[2].on.if */
function showPath(path: readonly PathSegment[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  return path.reduce<unknown>(
    (v, p) => (v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined),
    data,
  );
}

/**
 * Turn zod's issues into messages about the file. A misspelt key shows up twice in zod, as an
 * unknown key and as a missing field; one message naming both reads better.
 */
function describeIssues(f: LoadedFile, issues: readonly Issue[], topLevelKeys: readonly string[]): SpecError[] {
  const clean = (i: Issue) => i.path.filter((p): p is string | number => typeof p !== 'symbol');
  // A missing field shows up as a type mismatch, or for a field of several forms as a union mismatch.
  const missing = issues.filter(
    (i) => (i.code === 'invalid_type' || i.code === 'invalid_union') && valueAt(f.data, clean(i)) === undefined,
  );
  // For each unknown key, the missing field it is probably a misspelling of.
  const twins = new Map<string, string>();
  const used = new Set<Issue>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    for (const key of issue.keys) {
      const twin = missing.find(
        (m) =>
          !used.has(m) &&
          showPath(clean(m).slice(0, -1)) === showPath(clean(issue)) &&
          distance(String(clean(m).at(-1)), key) <= 2,
      );
      if (!twin) continue;
      used.add(twin);
      twins.set(`${showPath(clean(issue))}/${key}`, String(clean(twin).at(-1)));
    }
  }
  const out: SpecError[] = [];
  for (const issue of issues) {
    const path = clean(issue);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const twin =
          twins.get(`${showPath(path)}/${key}`) ?? (path.length === 0 ? closest(key, topLevelKeys) : undefined);
        const hint = twin ? ` (did you mean "${twin}"?)` : '';
        out.push(
          new SpecError(
            positionOf(f, [...path, key], { key: true }),
            `unknown key "${key}"${hint}${path.length > 0 ? ` in ${showPath(path)}` : ''}`,
          ),
        );
      }
      continue;
    }
    if (missing.includes(issue)) {
      if (used.has(issue)) continue;
      out.push(
        new SpecError(
          positionOf(f, path),
          `missing required field "${String(path.at(-1))}" in ${showPath(path.slice(0, -1)) || 'the file'}`,
        ),
      );
      continue;
    }
    out.push(new SpecError(positionOf(f, path), `${issue.message}${path.length > 0 ? ` (at ${showPath(path)})` : ''}`));
  }
  return out;
}
