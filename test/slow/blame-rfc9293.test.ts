/**
 * Blame in the rfc9293 profile: the planted faults of test/fixtures/planted-faults.ts mark FAIL
 * exactly the rules of the steps they break, with and without the state query (the memo
 * profile's: test/blame.test.ts).
 */
import { expect } from 'chai';
import { plantedFaultErrors } from '../helpers/blame.js';
import { planFirst } from '../helpers/plan.js';

describe('blame in the rfc9293 profile', function () {
  this.timeout(600_000);
  planFirst();
  for (const stateQuery of [true, false]) {
    it(`every planted fault ${stateQuery ? 'with' : 'without'} the state query marks FAIL exactly the rules it breaks`, async () => {
      expect(await plantedFaultErrors('rfc9293', stateQuery)).to.deep.equal([]);
    });
  }
});
