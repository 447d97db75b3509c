/**
 * The generator's pipeline, one step per module: load → validate (schema) → model →
 * validate (meaning) → plan → emit. Each step only reads what the previous one produced.
 */
import { DIGEST_FILE, inputsDigest } from './inputs.js';
import { loadSpecDir } from './load.js';
import { checkSchema } from './validate/check-schema.js';
import { buildModel } from './model/build.js';
import { checkMeaning } from './validate/meaning.js';
import { planCases } from './plan/cases.js';
import { emitAll, type GeneratedFiles } from './emit/emit.js';
import type { Spec } from '../core/spec/types.js';
import type { TestCase } from '../core/case.js';

export interface Generated {
  readonly spec: Spec;
  readonly cases: readonly TestCase[];
  readonly files: GeneratedFiles;
}

/** Read and check a spec directory, returning its model. Throws SpecErrors on a bad spec. */
export function readSpec(dir: string): Spec {
  const spec = buildModel(checkSchema(loadSpecDir(dir)));
  checkMeaning(spec);
  return spec;
}

export function generate(specDir: string): Generated {
  const spec = readSpec(specDir);
  const cases = planCases(spec);
  const files = emitAll(spec, cases);
  files.set(DIGEST_FILE, inputsDigest(specDir));
  return { spec, cases, files };
}

export { SpecError, SpecErrors } from '../core/spec/errors.js';
export type { GeneratedFiles } from './emit/emit.js';
