/**
 * Step 2a: check each loaded file against the format's schema, reporting every problem at
 * the position of the offending node.
 */
import type { LoadedFile } from '../load.js';
import { positionOf } from '../load.js';
import { ErrorCollector, SpecError } from '../errors.js';
import { SpecFileSchema, type SpecFileData } from './schema.js';

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
    for (const issue of result.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const at = keys.length > 0 ? positionOf(f, [...path, keys[0]!], { key: true }) : positionOf(f, path);
      const where = path.length > 0 ? ` (at ${path.join('.')})` : '';
      errors.add(new SpecError(at, `${issue.message}${where}`));
    }
  }
  errors.throwIfAny();
  return checked;
}
