/**
 * Deliberately bad specs. Every directory under test/bad-specs is a complete spec directory
 * (a copy of spec/ with one targeted break) plus `expected.txt`: the exact error lines the
 * generator must report, with paths relative to the case directory.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSpec, SpecError, SpecErrors } from '../generator/index.js';
import { planCases } from '../generator/plan/cases.js';
import { CLI, cli } from './helpers/cli.js';
import { planFirst, planned } from './helpers/plan.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CASES_DIR = join(ROOT, 'test', 'bad-specs');
const SPEC_FILES = ['data.yaml', 'handshake.yaml', 'machine.yaml', 'rules.yaml', 'teardown.yaml'];

const caseNames = readdirSync(CASES_DIR)
  .filter((n) => statSync(join(CASES_DIR, n)).isDirectory())
  .sort();

const expectedLines = (dir: string): string[] =>
  readFileSync(join(dir, 'expected.txt'), 'utf8').replace(/\n+$/, '').split('\n');

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
 * Make the paths in a message relative to the case directory. The loader shows paths relative
 * to the working directory when the file is under it, else absolute (generator/load.ts).
 */
function relativeToCase(message: string, dir: string): string {
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
  it('has at least 18 cases, each a complete spec directory with expected.txt', () => {
    expect(caseNames.length).to.be.at.least(18);
    for (const name of caseNames) {
      const files = readdirSync(join(CASES_DIR, name));
      expect(files, name).to.include('expected.txt');
      expect(files.filter((f) => f.endsWith('.yaml')).length, `${name}: spec files`).to.be.at.least(
        SPEC_FILES.length - 1,
      );
      expect(
        expectedLines(join(CASES_DIR, name)).every((l) => /^([\w-]+\.yaml:\d+:\d+|\.): \S/.test(l)),
        `${name}: expected.txt lines`,
      ).to.equal(true);
    }
  });

  describe('library: readSpec + planCases', () => {
    for (const name of caseNames) {
      const dir = join(CASES_DIR, name);
      it(name, () => {
        const errors = libraryErrors(dir);
        for (const e of errors)
          expect(e.message).to.equal(
            e.pos.line > 0 ? `${e.pos.file}:${e.pos.line}:${e.pos.col}: ${e.reason}` : `${e.pos.file}: ${e.reason}`,
          );
        const actual = errors.map((e) => relativeToCase(e.message, dir));
        const expected = expectedLines(dir);
        expect(actual.length, `no spec error for ${name}`).to.be.greaterThan(0);
        expect(actual).to.deep.equal(expected);
      });
    }
  });

  describe('CLI: tcpconform generate --spec DIR', () => {
    // The first through the binary, run in the case directory (--spec .); the others in process.
    const representative = [
      'yaml-unclosed-flow-mapping',
      'unknown-next-state',
      'overlapping-guards',
      'guard-never-holds-blocks-state',
    ];
    for (const [i, name] of representative.entries()) {
      it(`${name}: exit 2, the expected lines on stderr, no stack trace, nothing written${i === 0 ? ' (the binary, cwd = case directory)' : ''}`, async () => {
        const dir = join(CASES_DIR, name);
        const tmp = mkdtempSync(join(tmpdir(), 'tcpconform-test-'));
        const out = join(tmp, 'out');
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
          expect(lines.map((l) => relativeToCase(l, dir))).to.deep.equal(expectedLines(dir));
          expect(r.stderr).not.to.match(/^\s+at /m);
          expect(r.status, r.stderr).to.equal(2);
          expect(r.stdout).to.equal('');
          expect(existsSync(out), 'out dir created').to.equal(false);
        } finally {
          rmSync(tmp, { recursive: true, force: true });
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
