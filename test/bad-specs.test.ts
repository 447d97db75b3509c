/**
 * Deliberately bad specs. Each directory under test/bad-specs holds `edit.yaml`, a few edits
 * of a copy of spec/ that break it in one way, and `expected.txt`, the exact error lines the
 * generator must report for the edited copy (paths relative to the spec directory). The test
 * copies spec/ to a temporary directory, applies the edits and checks the lines; an edit that
 * no longer applies (its text is gone from spec/, or is there twice) fails the case.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { readSpec, SpecError, SpecErrors } from '../generator/index.js';
import { planCases } from '../generator/plan/cases.js';
import { CLI, cli } from './helpers/cli.js';
import { planFirst, planned } from './helpers/plan.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CASES_DIR = join(ROOT, 'test', 'bad-specs');

const caseNames = readdirSync(CASES_DIR)
  .filter((n) => statSync(join(CASES_DIR, n)).isDirectory())
  .sort();

const FileName = z.string().regex(/^[\w-]+\.yaml$/, 'a spec file name such as handshake.yaml');
/** One edit of the copy: replace text (found exactly once) or a pattern (matched exactly once), write a whole file, or delete one. */
const Edit = z.union([
  z.strictObject({ file: FileName, find: z.string().min(1), replace: z.string() }),
  z.strictObject({ file: FileName, pattern: z.string().min(1), replace: z.string() }),
  z.strictObject({ write: FileName, text: z.string() }),
  z.strictObject({ delete: FileName }),
]);
const Case = z.strictObject({ why: z.string().min(1), edits: z.array(Edit).min(1) });
type Edit = z.infer<typeof Edit>;

const readCase = (name: string) => Case.parse(parse(readFileSync(join(CASES_DIR, name, 'edit.yaml'), 'utf8')));

const expectedLines = (name: string): string[] =>
  readFileSync(join(CASES_DIR, name, 'expected.txt'), 'utf8')
    .replace(/\n+$/, '')
    .split('\n');

function applyEdit(dir: string, edit: Edit): void {
  if ('delete' in edit) {
    expect(existsSync(join(dir, edit.delete)), `${edit.delete} exists to delete`).to.equal(true);
    rmSync(join(dir, edit.delete));
    return;
  }
  if ('write' in edit) {
    writeFileSync(join(dir, edit.write), edit.text);
    return;
  }
  const path = join(dir, edit.file);
  const text = readFileSync(path, 'utf8');
  if ('find' in edit) {
    expect(text.split(edit.find).length - 1, `times ${JSON.stringify(edit.find)} is in ${edit.file}`).to.equal(1);
    writeFileSync(
      path,
      text.replace(edit.find, () => edit.replace),
    );
  } else {
    const re = new RegExp(edit.pattern, 'g');
    expect(text.match(re)?.length ?? 0, `matches of /${edit.pattern}/ in ${edit.file}`).to.equal(1);
    writeFileSync(
      path,
      text.replace(re, () => edit.replace),
    );
  }
}

/** A copy of spec/ with the case's edits, in a directory of its own; removed by `done`. */
function editedSpec(name: string): { dir: string; done: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'tcpconform-bad-spec-'));
  const dir = join(root, 'spec');
  cpSync(join(ROOT, 'spec'), dir, { recursive: true });
  const done = () => rmSync(root, { recursive: true, force: true });
  try {
    for (const edit of readCase(name).edits) applyEdit(dir, edit);
  } catch (err) {
    done();
    throw err;
  }
  return { dir, done };
}

/** The error lines the library reports for a spec directory ([] when it accepts the spec). */
function libraryErrors(dir: string): SpecError[] {
  try {
    planCases(readSpec(dir));
    return [];
  } catch (err) {
    // The validators collect SpecErrors; the planner throws a single SpecError.
    if (err instanceof SpecErrors) return [...err.errors];
    if (err instanceof SpecError) return [err];
    throw err;
  }
}

/**
 * Make the paths in a message relative to the spec directory. The loader shows paths relative
 * to the working directory when the file is under it, else absolute (generator/load.ts).
 */
function relativeToSpec(message: string, dir: string): string {
  const rel = relative(process.cwd(), dir);
  const prefixes = [dir + sep, ...(rel !== '' && !rel.startsWith('..') ? [rel + sep] : [])];
  // An error about the directory itself names it: shown as "." like the CLI run inside it.
  const dirs = [dir, ...(rel !== '' && !rel.startsWith('..') ? [rel] : [])];
  const atDir = dirs.find((d) => message.startsWith(`${d}: `));
  if (atDir) return `.${message.slice(atDir.length)}`;
  return prefixes.reduce((m, p) => m.split(p).join(''), message);
}

describe('bad specs (test/bad-specs)', () => {
  planFirst();
  it('has at least 18 cases, each edit.yaml (why, and edits of spec/) and expected.txt, nothing else', () => {
    expect(caseNames.length).to.be.at.least(18);
    for (const name of caseNames) {
      expect(readdirSync(join(CASES_DIR, name)).sort(), name).to.deep.equal(['edit.yaml', 'expected.txt']);
      expect(() => readCase(name), `${name}/edit.yaml`).not.to.throw();
      expect(
        expectedLines(name).every((l) => /^([\w-]+\.yaml:\d+:\d+|\.): \S/.test(l)),
        `${name}: expected.txt lines`,
      ).to.equal(true);
    }
  });

  describe('library: readSpec + planCases', () => {
    for (const name of caseNames) {
      it(name, () => {
        const { dir, done } = editedSpec(name);
        try {
          const errors = libraryErrors(dir);
          for (const e of errors)
            expect(e.message).to.equal(
              e.pos.line > 0 ? `${e.pos.file}:${e.pos.line}:${e.pos.col}: ${e.reason}` : `${e.pos.file}: ${e.reason}`,
            );
          const actual = errors.map((e) => relativeToSpec(e.message, dir));
          expect(actual.length, `no spec error for ${name}`).to.be.greaterThan(0);
          expect(actual).to.deep.equal(expectedLines(name));
        } finally {
          done();
        }
      });
    }
  });

  describe('CLI: tcpconform generate --spec DIR', () => {
    // The first through the binary, run in the edited spec directory (--spec .); the others in process.
    const representative = [
      'yaml-unclosed-flow-mapping',
      'unknown-next-state',
      'overlapping-guards',
      'guard-never-holds-blocks-state',
      'fragment-names-itself',
      'label-out-of-scope',
    ];
    for (const [i, name] of representative.entries()) {
      it(`${name}: exit 2, the expected lines on stderr, no stack trace, nothing written${i === 0 ? ' (the binary, cwd = the edited spec directory)' : ''}`, async () => {
        const { dir, done } = editedSpec(name);
        const out = join(dirname(dir), 'out');
        try {
          const r =
            i === 0
              ? spawnSync(process.execPath, [CLI, 'generate', '--spec', '.', '--out', out], {
                  cwd: dir,
                  encoding: 'utf8',
                })
              : await cli(['generate', '--spec', dir, '--out', out]);
          expect('error' in r ? r.error : undefined).to.equal(undefined);
          const lines = r.stderr.replace(/\n$/, '').split('\n');
          expect(lines.map((l) => relativeToSpec(l, dir))).to.deep.equal(expectedLines(name));
          expect(r.stderr).not.to.match(/^\s+at /m);
          expect(r.status, r.stderr).to.equal(2);
          expect(r.stdout).to.equal('');
          expect(existsSync(out), 'out dir created').to.equal(false);
        } finally {
          done();
        }
      });
    }
  });

  it('the good spec/ generates without errors', () => {
    const g = planned();
    expect(g.spec.transitions.length).to.be.greaterThan(0);
    expect(g.cases.length).to.be.greaterThan(0);
    expect(g.files.size).to.be.greaterThan(0);
    const tested = new Set(g.cases.map((c) => c.transition));
    expect(g.spec.transitions.filter((t) => !tested.has(t.id)).map((t) => t.id)).to.deep.equal([]);
  });
});
