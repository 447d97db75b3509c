/**
 * The generated suite as a person reads it and as plain mocha runs it: small files, named
 * fixtures and identification sets, and scripts that read back into exactly the planned cases.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { TestCase } from '../core/case.js';
import { planned } from './helpers/plan.js';

/** A person reads a file of at most this many lines; the whole suite is at most 40% of the 5.1 MB it was. */
const MAX_LINES = 2000;
const MAX_SUITE_BYTES = 2_040_000;

describe('the generated suite (generated/suite)', function () {
  this.timeout(300_000);
  const g = planned();
  const suite = [...g.files].filter(([path]) => path.startsWith('suite/'));

  it(`has no file over ${MAX_LINES} lines, and is at most ${MAX_SUITE_BYTES} bytes in all`, () => {
    for (const [path, text] of suite) expect(text.split('\n').length - 1, path).to.be.at.most(MAX_LINES);
    const bytes = suite.reduce((n, [, text]) => n + Buffer.byteLength(text), 0);
    expect(bytes).to.be.at.most(MAX_SUITE_BYTES);
  });

  it('holds each case once, under a title that ends with its ID, in its profile’s directory', () => {
    const titles = suite.flatMap(([path, text]) =>
      [...text.matchAll(/^ {2}it\((".*"), async function/gm)].map((m) => ({
        path,
        title: JSON.parse(m[1]!) as string,
      })),
    );
    expect(titles.map((t) => t.title)).to.have.members(g.cases.map((c) => c.title));
    for (const c of g.cases) {
      expect(c.title.endsWith(` [${c.id}]`), c.title).to.equal(true);
      const { path } = titles.find((t) => t.title === c.title)!;
      expect(path.startsWith(c.profile === 'memo' ? 'suite/' : `suite/${c.profile}/`), path).to.equal(true);
    }
  });

  it('writes each setup once, as a fixture named by role and state, built on a shorter one where it can be', () => {
    const fixtures = g.files.get('suite/fixtures.ts')!;
    const names = [...fixtures.matchAll(/^ {2}"([^"]+)": \{$/gm)].map((m) => m[1]!);
    const setups = new Set(
      g.cases.filter((c) => c.focus > 0).map((c) => `${c.role} ${JSON.stringify(c.steps.slice(0, c.focus))}`),
    );
    expect(names).to.have.length(setups.size);
    for (const n of names) expect(n).to.match(/^(client|server|none)\/[A-Z_0-9]+(#\d+)?$/);
    expect(fixtures).to.include('"client/FIN_WAIT_2": {\n    from: "client/FIN_WAIT_1",');
    // A case's script names its fixture rather than repeating its steps.
    const established = g.cases.find((c) => c.id === 'established-close/client')!;
    expect(g.files.get('suite/teardown.test.ts')).to.include(
      'setup: FIXTURES["client/ESTABLISHED"],\n      steps: [\n        { call: "close", out: ["FIN+ACK seq=ISS+1 ack=IRS+1"], state: "FIN_WAIT_1", transition: "established-close", rules: ["W1"] },\n      ],',
    );
    expect(established.focus).to.equal(2);
  });

  it('runs under plain mocha against the reference, every script reading back as exactly the planned case', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tcpconform-suite-'));
    try {
      const recorded = join(dir, 'cases.jsonl');
      const r = spawnSync(
        process.execPath,
        [
          join('node_modules', 'mocha', 'bin', 'mocha.js'),
          '--no-config',
          '--node-option',
          'import=tsx',
          '--require',
          join('test', 'helpers', 'record-cases.ts'),
          '--reporter',
          'json',
          join('generated', 'suite', '**', '*.test.ts'),
        ],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, TCPCONFORM_RECORD_CASES: recorded } },
      );
      expect(r.status, r.stderr).to.equal(0);
      const report = JSON.parse(r.stdout) as { stats: { tests: number; passes: number } };
      expect(report.stats.passes).to.equal(g.cases.length);
      const read = new Map(
        readFileSync(recorded, 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as TestCase)
          .map((c) => [c.id, c]),
      );
      expect(read.size).to.equal(g.cases.length);
      const differ = g.cases.filter((c) => !isDeepStrictEqual(read.get(c.id), JSON.parse(JSON.stringify(c))));
      expect(
        differ.map((c) => c.id),
        'cases whose script reads back otherwise',
      ).to.deep.equal([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
