/**
 * Step 1 of the pipeline: read spec/*.yaml into YAML documents, keeping for every node the
 * position it came from. YAML syntax errors (and duplicate keys) stop here with file:line:col.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { LoadedFile } from '../core/spec/source.js';
import { SpecError, SpecErrors } from '../core/spec/errors.js';

export function loadSpecDir(dir: string): LoadedFile[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error();
    names = readdirSync(dir)
      .filter((n) => /\.ya?ml$/.test(n))
      .sort();
  } catch {
    throw new SpecErrors([new SpecError({ file: dir, line: 0, col: 0 }, 'spec directory not found')]);
  }
  if (names.length === 0)
    throw new SpecErrors([new SpecError({ file: dir, line: 0, col: 0 }, 'no .yaml files in spec directory')]);
  const dirName = basename(resolve(dir));
  return names.map((n) =>
    loadSpecText(displayPath(join(dir, n)), readFileSync(join(dir, n), 'utf8'), `${dirName}/${n}`),
  );
}

export function loadSpecText(file: string, text: string, name = file): LoadedFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new SpecErrors(
      doc.errors.map((e) => {
        const lp = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
        const key = /^\s*("[^"\n]*"|'[^'\n]*'|[^:\n]*?)\s*:/.exec(text.slice(e.pos[0]))?.[1];
        const what =
          e.code === 'DUPLICATE_KEY' && key
            ? `duplicate key ${key.startsWith('"') ? key : `"${key}"`}`
            : firstLine(e.message);
        return new SpecError({ file, line: lp.line, col: lp.col }, `YAML syntax: ${what}`);
      }),
    );
  }
  return { file, name, doc, lines, text, data: doc.toJS() };
}

function displayPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel.startsWith('..') ? p : rel;
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}
