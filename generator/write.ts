/**
 * Writing generated files, or comparing them with what is on disk (--check).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { GeneratedFiles } from './emit/emit.js';

/** Every file under dir, as paths relative to it. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  try {
    walk(dir);
  } catch {
    return [];
  }
  return out.sort();
}

/** The differences between the generated files and the directory: stale, missing and extra files. */
export function compareWithDisk(files: GeneratedFiles, outDir: string): string[] {
  const problems: string[] = [];
  for (const [path, content] of files) {
    let onDisk: string | undefined;
    try {
      onDisk = readFileSync(join(outDir, path), 'utf8');
    } catch {
      onDisk = undefined;
    }
    if (onDisk === undefined) problems.push(`missing: ${join(outDir, path)}`);
    else if (onDisk !== content) problems.push(`stale: ${join(outDir, path)}`);
  }
  for (const path of listFiles(outDir))
    if (!files.has(path)) problems.push(`not generated (remove it): ${join(outDir, path)}`);
  return problems;
}

/** Replace the directory's contents with the generated files. */
export function writeFiles(files: GeneratedFiles, outDir: string): void {
  for (const path of listFiles(outDir)) if (!files.has(path)) rmSync(join(outDir, path));
  for (const [path, content] of files) {
    const target = join(outDir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}
