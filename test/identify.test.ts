/**
 * State identification from outputs: without a state query, a wrong next state must still
 * fail the case that exercises the transition, because the identifying inputs that follow
 * get the answers of another state.
 */
import { expect } from 'chai';
import { profileView } from '../core/spec/profiles.js';
import { ReferenceAdapter } from '../src/adapters/reference.js';
import { withoutStateQuery } from '../src/adapters/without-state-query.js';
import { formatFailure } from '../src/harness/format.js';
import { runCase } from '../src/harness/run-case.js';
import { interpretedReference } from '../src/mutate/interpret.js';
import { specMutants } from '../src/mutate/spec-mutants.js';
import { planned } from './helpers/plan.js';

const { spec, cases } = planned();

describe('state identification without a state query', () => {
  it('rfc9293 inputs tell every state from every other after each transition, but FIN_WAIT_2 from FIN_WAIT_1', () => {
    // With its FIN acknowledged (the variables FIN_WAIT_2 has), FIN_WAIT_1 answers every input
    // as FIN_WAIT_2 does: a FIN that acknowledges ours leads both to TIME_WAIT with an ACK.
    const left = new Set(
      cases.flatMap((c) =>
        (c.identify ?? [])
          .filter((id) => id.profile === 'rfc9293')
          .flatMap((id) => id.none.map((o) => `${id.state} ~ ${o}`)),
      ),
    );
    expect([...left]).to.deep.equal(['FIN_WAIT_2 ~ FIN_WAIT_1']);
  });

  it('a transition that goes to the wrong state fails its case, at the identifying inputs, naming the state', async () => {
    const mutant = specMutants(profileView(spec, 'rfc9293')).find((m) => m.id === 'last-ack-ack/to:TIME_WAIT')!;
    const adapter = withoutStateQuery(new ReferenceAdapter({ create: interpretedReference(mutant.spec) }));
    const c = cases.find((x) => x.id === 'last-ack-ack/server')!;
    expect(c.needs).to.include('stateQuery');
    const r = await runCase(adapter, c, { profile: 'rfc9293' });
    expect(r.verdict.status).to.equal('failed');
    const text = formatFailure(r, 'en', spec.rules);
    expect(text).to.match(/checking by its outputs that the IUT is in CLOSED/);
    expect(text).to.match(/rule W5: /);
    // With the state query the same mutant fails at the transition itself.
    const asked = await runCase(new ReferenceAdapter({ create: interpretedReference(mutant.spec) }), c, {});
    expect(asked.verdict.status === 'failed' && asked.verdict.failure.identifying).to.equal(undefined);
  });

  it('an ACK that moves SND.UNA silently is checked by what follows: a reference that leaves SND.UNA alone fails, at the retransmission from it', async () => {
    const view = profileView(spec, 'rfc9293');
    const ignoresAck = {
      ...view,
      transitions: view.transitions.map((t) => (t.id === 'established-ack' ? { ...t, actions: [] } : t)),
    };
    const c = cases.find((x) => x.id === 'established-ack/client')!;
    const run = (create?: ReturnType<typeof interpretedReference>) =>
      runCase(withoutStateQuery(new ReferenceAdapter(create ? { create } : {})), c, {
        profile: 'rfc9293',
      });
    expect((await run()).verdict.status).to.equal('passed');
    const r = await run(interpretedReference(ignoresAck));
    expect(r.verdict.status).to.equal('failed');
    expect(r.verdict.status === 'failed' && r.verdict.failure.step.transition).to.equal('established-rexmt');
  });

  it('the correct reference passes every case both ways, and identification adds runs only without the query', async () => {
    const hidden = withoutStateQuery(new ReferenceAdapter());
    const shown = new ReferenceAdapter();
    let extra = 0;
    for (const c of cases) {
      const a = await runCase(hidden, c, { profile: 'rfc9293' });
      const b = await runCase(shown, c, { profile: 'rfc9293' });
      expect([a.verdict.status, b.verdict.status], c.id).to.deep.equal(['passed', 'passed']);
      if (a.transcript.length > b.transcript.filter((e) => e.kind !== 'state').length) extra++;
    }
    expect(extra).to.be.greaterThan(cases.length / 2);
  });
});
