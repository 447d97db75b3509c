/**
 * Spec text written to break the generated code (quotes, backticks, template holes, comment
 * ends, line separators, HTML, handlebars): the generated suite still typechecks, runs, and
 * shows the text exactly, as escaped literals.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../helpers/cli.js';
import { memoCases, planFirst } from '../helpers/plan.js';

describe('hostile spec text', function () {
  this.timeout(300_000);
  planFirst();
  // biome-ignore lint/suspicious/noTemplateCurlyInString: hostile text the generator must escape
  const hostile = 'quote \' " back`tick `${process.exit(7)}` */ /* \\ \n new line \u2028 </script> {{x}}';
  let dir: string;
  before(() => {
    // Inside the repo, so the generated files' relative imports of src/ and core/ resolve.
    dir = mkdtempSync(join(process.cwd(), '.tcpconform-test-hostile-'));
    cpSync('spec', join(dir, 'spec'), { recursive: true });
    for (const shared of ['src', 'core']) symlinkSync(join('..', shared), join(dir, shared));
    for (const f of ['handshake.yaml', 'rules.yaml', 'teardown.yaml']) {
      const p = join(dir, 'spec', f);
      const text = readFileSync(p, 'utf8')
        .replace(/^(\s+)title: .*$/m, `$1title: ${JSON.stringify(hostile)}`)
        .replace(/^(\s+)text: .*$/m, `$1text: ${JSON.stringify(hostile)}`)
        .replace(/^(\s+)note: >-$/m, `$1note: ${JSON.stringify(hostile)}\n$1x_folded: >-`);
      writeFileSync(p, text.replace(/^\s+x_folded: >-\n(\s{6,}.*\n)+/m, ''));
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('generates, typechecks and runs, doing only what the spec says', () => {
    const gen = spawnSync(
      process.execPath,
      [CLI, 'generate', '--spec', join(dir, 'spec'), '--out', join(dir, 'generated')],
      { encoding: 'utf8' },
    );
    expect(gen.stderr).to.equal('');
    expect(gen.status).to.equal(0);
    const suite = readFileSync(join(dir, 'generated', 'suite', 'handshake.test.ts'), 'utf8');
    expect(suite).to.include(
      JSON.stringify(`[H2] CLOSED + listen() → LISTEN: ${hostile} (IUT as server) [passive-open/server]`),
    );
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: '../tsconfig.json', include: ['generated'] }));
    const tsc = spawnSync(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', dir], {
      encoding: 'utf8',
    });
    expect(tsc.stdout + tsc.stderr).to.equal('');
    expect(tsc.status).to.equal(0);
    const mocha = spawnSync(
      process.execPath,
      [
        join('node_modules', 'mocha', 'bin', 'mocha.js'),
        '--no-config',
        '--node-option',
        'import=tsx',
        '--reporter',
        'json',
        join(dir, 'generated', 'suite', '*.test.ts'),
      ],
      { encoding: 'utf8' },
    );
    expect(mocha.status, mocha.stderr).to.equal(0);
    const report = JSON.parse(mocha.stdout) as { stats: { tests: number; passes: number } };
    const memo = memoCases().length;
    expect(report.stats.passes).to.equal(memo);
    expect(report.stats.tests).to.equal(memo);
  });
});
