/**
 * A mocha root hook for the Stryker run: every test gets its own reference adapter. The
 * harness otherwise builds one adapter on the first test and keeps it, so with per-test
 * coverage a mutant in the host's constructor or in createReference would be charged to that
 * first test only, and never run again once the adapter exists. The suite runs as strictly as
 * it can: the state read at every step, and identified by outputs too, with the largest
 * profile's inputs.
 */
import { ReferenceAdapter } from '../adapters/reference.js';
import { setRunContext } from '../harness/context.js';

export const mochaHooks = {
  beforeEach(): void {
    setRunContext({ adapter: new ReferenceAdapter(), lang: 'en', profile: 'rfc9293', identifyAlways: true });
  },
};
