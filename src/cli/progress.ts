/**
 * `run`'s terminal output while the tests run (mocha reporter): one line per suite, a mark per
 * test as it ends (`.` passed, `F` failed, `-` pending) and the suite's counts, so a hundred
 * passing tests take a few lines and the failures (after the run, by cause) and the scorecard
 * are not buried. `--verbose`: every test's title on a line of its own, with its mark (✔ ✗ -),
 * a failure's whole report (each test's own, ladder included) and a pending test's reason.
 */
import Mocha from 'mocha';
import { resultOf } from '../harness/context.js';
import { render, t, type Lang } from '../i18n/text.js';

export interface ProgressOptions {
  readonly lang: Lang;
  readonly verbose: boolean;
  /** Where the lines go (the process's stdout, as mocha's own reporters). */
  readonly write?: (text: string) => void;
}

const { EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } =
  Mocha.Runner.constants;

export class Progress extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options: { reporterOptions?: ProgressOptions }) {
    super(runner, options);
    const o = options.reporterOptions ?? { lang: 'en', verbose: false };
    const write = o.write ?? ((text: string) => process.stdout.write(text));
    let tally = { passed: 0, failed: 0, pending: 0 };
    const mark = (kind: keyof typeof tally, test: Mocha.Test, dot: string, sign: string, err?: Error) => {
      tally[kind]++;
      if (!o.verbose) return write(dot);
      const v = resultOf(test)?.verdict;
      const why = v?.status === 'pending' ? ` (${render(v.reason, o.lang)})` : '';
      write(`    ${sign} ${test.title}${why}\n`);
      if (err) write(`${err.message.replace(/^/gm, '        ')}\n`);
    };
    runner.on(EVENT_SUITE_BEGIN, (suite) => {
      if (suite.root) return;
      tally = { passed: 0, failed: 0, pending: 0 };
      write(o.verbose ? `\n  ${suite.title}\n` : `  ${suite.title} `);
    });
    runner.on(EVENT_TEST_PASS, (test) => mark('passed', test, '.', '✔'));
    runner.on(EVENT_TEST_FAIL, (test, err) => mark('failed', test as Mocha.Test, 'F', '✗', err));
    runner.on(EVENT_TEST_PENDING, (test) => mark('pending', test, '-', '-'));
    runner.on(EVENT_SUITE_END, (suite) => {
      if (suite.root) return;
      const line = render(t('progress.suite', tally), o.lang);
      write(o.verbose ? `    ${line}\n` : ` ${line}\n`);
    });
  }
}
