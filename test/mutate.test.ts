/**
 * Mutation testing: the spec mutants are the faults they claim to be, the interpreted
 * reference behaves as the generated one, the suite kills every mutant that is not
 * equivalent in the memo profile (with and without a state query; the rfc9293 profile's in
 * test/slow/), a missing test shows as a gap, and the command line reports it all and ends
 * with the score lines.
 */
import { expect } from 'chai';
import { ReferenceAdapter } from '../src/adapters/reference.js';
import { runCase } from '../src/harness/run-case.js';
import { formatProfile } from '../src/mutate/format.js';
import { interpretedReference } from '../src/mutate/interpret.js';
import { mutateProfile } from '../src/mutate/mutate-spec.js';
import { specMutants } from '../src/mutate/spec-mutants.js';
import { cli, tcpconform } from './helpers/cli.js';
import { itKillsEveryMutant } from './helpers/mutation.js';
import { planned } from './helpers/plan.js';

const { spec, cases } = planned();

describe('spec mutants (tcpconform mutate)', function () {
  this.timeout(300_000);

  it('are the faults they name: one transition changed, in the way the kind says', () => {
    const all = specMutants(spec);
    const byId = new Map(all.map((m) => [m.id, m]));
    expect(byId.size, 'ids are unique').to.equal(all.length);
    const changed = (id: string) => {
      const m = byId.get(id)!;
      const diff = m.spec.transitions.filter((t, i) => t !== spec.transitions[i]);
      expect(diff.map((t) => t.id)).to.deep.equal([m.transition.id]);
      return diff[0]!;
    };
    expect(changed('last-ack-ack/to:TIME_WAIT').to).to.equal('TIME_WAIT');
    const syn = changed('active-open/1:seq+1').actions[1];
    expect(syn?.kind === 'send' && syn.seq.src).to.equal('ISS + 1');
    const noMss = changed('active-open/1:no-mss').actions[1];
    expect(noMss?.kind === 'send' && noMss.mss).to.equal(undefined);
    expect(changed('time-wait-fin-again/1:no-timer').actions.some((a) => a.kind === 'start_timer')).to.equal(false);
    const kinds = new Set(all.map((m) => m.kind));
    expect([...kinds].sort()).to.deep.equal([
      'ack-off-by-one',
      'extra-segment',
      'missing-mss',
      'missing-segment',
      'next-state',
      'seq-off-by-one',
      'timer-not-started',
      'wrong-flag',
    ]);
  });

  it('the interpreted reference of the unchanged spec passes every case, as the generated one does', async () => {
    const adapter = new ReferenceAdapter({ create: interpretedReference(spec) });
    const failed: string[] = [];
    for (const c of cases) if ((await runCase(adapter, c, {})).verdict.status !== 'passed') failed.push(c.id);
    expect(failed).to.deep.equal([]);
  });

  // The rfc9293 profile's, minutes long: test/slow/mutate-rfc9293.test.ts.
  itKillsEveryMutant('memo');

  it("a mutant no case kills, in a suite missing a transition's cases, is reported as a gap", async () => {
    const without = cases.filter((c) => !c.steps.some((s) => s.transition === 'fin-wait-1-ack'));
    const r = await mutateProfile(spec, without, 'memo', { stateQuery: true });
    const gaps = r.outcomes.filter((o) => o.killedBy.length === 0 && !o.equivalent);
    expect(gaps.map((o) => o.mutant.transition.id)).to.include('fin-wait-1-ack');
    expect(formatProfile(r, false).join('\n')).to.match(
      /fin-wait-1-ack\/to:\w+ \(spec\/teardown\.yaml:\d+\): .*\n\s+GAP: no generated test kills it/,
    );
  });

  it('the command reports each profile and ends with the two score lines', () => {
    const r = tcpconform(['mutate', '--profile', 'memo', '--no-code', '--no-state-query']);
    expect(r.status, r.stderr).to.equal(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.at(-2)).to.match(/^spec mutants: \d+\/304 killed \(9 equivalent\)$/);
    expect(lines.at(-1)).to.equal('code mutants: not run');
    expect(r.stdout).to.match(
      /equivalent: without a state query, no sequence of up to 4 inputs the memo profile specifies in TIME_WAIT makes CLOSED answer differently/,
    );
    expect(r.stdout).to.match(/baseline 13 cases/);
  });

  it('a bad --profile is a usage error', async () => {
    const r = await cli(['mutate', '--profile', 'linux', '--no-code']);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.match(/--profile must be one of memo, rfc9293/);
  });
});
