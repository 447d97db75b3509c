/**
 * What an implementation declares of itself, from any of its sources: a file (`run
 * --variations FILE.yaml`), the `declared` of a process's `init_ok`, or the `declared` property
 * of a module's adapter. One loader and one validator for all of them: the declarations join
 * the spec as one more file and go through the spec's own pipeline (schema, model, meaning), so
 * an unknown transition, parameter, call or state, a YAML syntax error or an unknown key gets
 * `file:line:col: reason` as in spec/linux.yaml. A declaration given as data (JSON) is shown as
 * JSON with two-space indentation, and its positions are in that text.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ErrorCollector, SpecError, SpecErrors, didYouMean } from '../core/spec/errors.js';
import { positionOf, type LoadedFile } from '../core/spec/source.js';
import type { CallName } from '../core/case.js';
import type { Spec, Variation } from '../core/spec/types.js';
import { loadSpecDir, loadSpecText } from './load.js';
import { checkDeclaredSchema, checkSchema, type CheckedFile } from './validate/check-schema.js';
import type { SpecFileData } from './validate/schema.js';
import { buildModel } from './model/build.js';
import { checkMeaning } from './validate/meaning.js';

/** A call the implementation's interface cannot make, with where it is declared. */
export interface DeclaredCall {
  readonly call: CallName;
  readonly states: readonly string[];
  /** Only on connections of this role; absent: any. */
  readonly role?: 'client' | 'server' | 'none';
  readonly why: string;
  /** `file:line` of the declaration. */
  readonly source: string;
}

export interface Declared {
  /** The spec with the declared variations added: what the run plans with. */
  readonly spec: Spec;
  /** The declared variations (with their places, in `loc`). */
  readonly variations: readonly Variation[];
  readonly cannotCall: readonly DeclaredCall[];
  /** Its timers run on real time, with these windows (the last source that gives them). */
  readonly realClock?: { readonly toleranceMs: number; readonly tolerancePct: number; readonly limitMs: number };
  /** The parameter values the declared variations give (`parameters:`), later sources winning. */
  readonly parameters: Readonly<Record<string, number>>;
  /** A digest of everything declared: plans made with the declarations are kept under it. */
  readonly digest: string;
}

/** A test that would wait longer than this on a real clock is pending, as against the kernel without --slow. */
const DEFAULT_CLOCK_LIMIT_MS = 10_000;

/** A declarations file, read; a file that cannot be read is `FILE: cannot read …` (exit 2). */
export function declaredFile(path: string): LoadedFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new SpecErrors([new SpecError({ file: path, line: 0, col: 0 }, `cannot read the declarations: ${why}`)]);
  }
  return loadSpecText(path, text);
}

/** Declarations given as data (an adapter's `declared`), named `label` in messages. */
export function declaredData(label: string, data: unknown): LoadedFile {
  return loadSpecText(label, `${JSON.stringify(data, null, 2)}\n`);
}

/**
 * Check the declarations against the spec in specDir and return them with the spec they
 * extend. Throws SpecErrors (every problem, each at its place) when any is wrong.
 */
export function readDeclared(specDir: string, sources: readonly LoadedFile[]): Declared {
  const specFiles = checkSchema(loadSpecDir(specDir));
  const errors = new ErrorCollector();
  const checked: { source: LoadedFile; data: ReturnType<typeof checkDeclaredSchema> }[] = [];
  for (const source of sources) errors.attempt(() => checked.push({ source, data: checkDeclaredSchema(source) }));
  errors.throwIfAny();
  // The variations join as a spec file's would; the declarations schema checked their family.
  const asSpec: CheckedFile[] = checked.map(({ source, data }) => ({
    source,
    data: { variations: data.variations } as SpecFileData,
  }));
  const spec = buildModel([...specFiles, ...asSpec]);
  checkMeaning(spec);
  const mine = new Set(sources);
  const variations = spec.variations.filter((v) => mine.has(v.loc.file));
  const cannotCall = checked.flatMap(({ source, data }) =>
    (data.cannot_call ?? []).map((c, i) => {
      const at = (...p: (string | number)[]) => positionOf(source, ['cannot_call', i, ...p]);
      const written = typeof c.in === 'string' ? [c.in] : c.in;
      const states = written.flatMap((name, j) =>
        statesNamed(spec, name, at('in', ...(typeof c.in === 'string' ? [] : [j])), errors),
      );
      const pos = at();
      return {
        call: c.call,
        states,
        ...(c.role !== undefined ? { role: c.role } : {}),
        why: c.why,
        source: `${pos.file}:${pos.line}`,
      };
    }),
  );
  errors.throwIfAny();
  const parameters = Object.assign({}, ...variations.map((v) => v.parameters)) as Record<string, number>;
  const digest = createHash('sha256')
    .update(sources.map((s) => `${s.file}\n${s.text}`).join('\n'))
    .digest('hex');
  const clock = checked
    .map((c) => c.data.real_clock)
    .filter((c) => c !== undefined)
    .at(-1);
  const realClock = clock && {
    toleranceMs: clock.tolerance_ms,
    tolerancePct: clock.tolerance_pct,
    limitMs: clock.limit_ms ?? DEFAULT_CLOCK_LIMIT_MS,
  };
  return { spec, variations, cannotCall, parameters, digest, ...(realClock ? { realClock } : {}) };
}

/** The states a name stands for: a state, or a state set's states. */
function statesNamed(spec: Spec, name: string, pos: ReturnType<typeof positionOf>, errors: ErrorCollector): string[] {
  if (spec.states.some((s) => s.name === name)) return [name];
  const set = spec.stateSets.find((s) => s.name === name);
  if (set) return [...set.states];
  const known = [...spec.states.map((s) => s.name), ...spec.stateSets.map((s) => s.name)];
  errors.add(new SpecError(pos, `unknown state "${name}"${didYouMean(name, known)}`));
  return [];
}
