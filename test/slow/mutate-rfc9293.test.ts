/**
 * The full mutation analysis of the rfc9293 profile, with and without a state query: every
 * spec mutant is killed or equivalent with a reason (the memo profile's: test/mutate.test.ts).
 */
import { itKillsEveryMutant } from '../helpers/mutation.js';
import { planFirst } from '../helpers/plan.js';

describe('spec mutants of the rfc9293 profile (tcpconform mutate)', function () {
  this.timeout(900_000);
  planFirst();
  itKillsEveryMutant('rfc9293');
});
