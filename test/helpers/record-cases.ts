/**
 * A mocha root hook for a run of the generated suite: after each test, the TestCase its script
 * was read into goes to the file named by TCPCONFORM_RECORD_CASES, one JSON line per test.
 */
import { appendFileSync } from 'node:fs';
import { resultOf } from '../../src/harness/context.js';

const file = process.env.TCPCONFORM_RECORD_CASES;

export const mochaHooks = {
  afterEach(this: Mocha.Context) {
    const result = this.currentTest ? resultOf(this.currentTest) : undefined;
    if (file && result) appendFileSync(file, `${JSON.stringify(result.testCase)}\n`);
  },
};
