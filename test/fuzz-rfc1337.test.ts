/**
 * Fuzzing follows an endpoint that ignored a RST in TIME_WAIT (RFC 1337), as `run` does: walks
 * written out here reach TIME_WAIT, send the RST that RFC 9293 closes it on, then go on (a
 * retransmitted FIN, the 2*MSL timer, a new connection). The fixture passes them, with and
 * without a state query; its planted faults and an endpoint that stays with no latitude fail.
 */
import { expect } from 'chai';
import { DEFAULT_ENDPOINTS, type Adapter } from '../src/adapter.js';
import { withoutStateQuery } from '../src/adapters/without-state-query.js';
import { Walker } from '../src/fuzz/walk.js';
import type { FuzzStep, SegmentStep, Walk } from '../src/fuzz/steps.js';
import type { Flag } from '../core/segment.js';
import { render } from '../src/i18n/text.js';
import { Rfc1337Adapter } from './fixtures/latitude-adapters.js';
import { planFirst, planned } from './helpers/plan.js';

const segment = (flags: Flag[], delta = 0): SegmentStep => ({
  kind: 'segment',
  flags,
  seq: { rel: 'peerNext', delta },
  ack: { rel: 'iutNext', delta: 0 },
  len: 0,
  mss: undefined,
});

/** Active open, close, the peer's ACK and FIN: the IUT is in TIME_WAIT; then the RST. */
const TO_TIME_WAIT_RST: readonly FuzzStep[] = [
  { kind: 'call', call: 'connect' },
  { ...segment(['SYN', 'ACK']), seq: { rel: 'peerIsn', delta: 0 } },
  { kind: 'call', call: 'close' },
  segment(['ACK']),
  segment(['FIN', 'ACK']),
  segment(['RST']),
];

/** The FIN again, after the RST: TIME_WAIT acknowledges it; CLOSED resets. */
const FIN_AGAIN: FuzzStep = segment(['FIN', 'ACK'], -1);
const PAST_2MSL: FuzzStep = { kind: 'advance', base: '2*MSL', delta: 10 };

const walkOf = (...rest: FuzzStep[]): Walk => ({
  peerIsn: 5000,
  iutIsn: 9000,
  steps: [...TO_TIME_WAIT_RST, ...rest],
});

const WALKS: Record<string, Walk> = {
  'the RST alone': walkOf(),
  'the FIN again after the RST': walkOf(FIN_AGAIN),
  'the 2*MSL timer after the RST, then the FIN again': walkOf(PAST_2MSL, FIN_AGAIN),
  'a new connection after 2*MSL': walkOf(PAST_2MSL, { kind: 'call', call: 'connect' }),
  // A listen in TIME_WAIT is refused ("exists"); in CLOSED it succeeds.
  'a second RST, then a listen': walkOf(segment(['RST']), { kind: 'call', call: 'listen' }),
};

describe('fuzzing follows an RFC 1337 TIME_WAIT', function () {
  this.timeout(120_000);
  planFirst();

  const walker = (iut: Adapter, latitude = true) => {
    const { spec } = planned();
    return new Walker(latitude ? spec : { ...spec, latitude: [] }, iut, 'rfc9293', DEFAULT_ENDPOINTS);
  };

  for (const [name, walk] of Object.entries(WALKS)) {
    it(`passes an endpoint that ignores the RST, with and without a state query: ${name}`, async () => {
      for (const iut of [new Rfc1337Adapter(), withoutStateQuery(new Rfc1337Adapter())]) {
        const r = await walker(iut).run(walk);
        expect(r.failure && render(r.failure.message, 'en'), iut.name).to.equal(undefined);
        expect(r.steps, 'every step ran').to.equal(walk.steps.length);
      }
    });
  }

  it('fails the endpoint that ignores the RST when the spec gives no latitude, at the RST', async () => {
    const r = await walker(new Rfc1337Adapter(), false).run(WALKS['the RST alone']!);
    expect(r.failure?.index).to.equal(TO_TIME_WAIT_RST.length - 1);
    expect(render(r.failure!.message, 'en')).to.match(/TIME_WAIT/);
    // Without a state query the RST looks the same either way: what follows tells.
    const blind = await walker(withoutStateQuery(new Rfc1337Adapter()), false).run(
      WALKS['the FIN again after the RST']!,
    );
    expect(blind.failure?.index).to.equal(TO_TIME_WAIT_RST.length);
  });

  it('fails a planted fault: the RST answered', async () => {
    for (const iut of [new Rfc1337Adapter('answer'), withoutStateQuery(new Rfc1337Adapter('answer'))]) {
      const r = await walker(iut).run(WALKS['the RST alone']!);
      expect(r.failure?.index, iut.name).to.equal(TO_TIME_WAIT_RST.length - 1);
    }
  });

  it('fails a planted fault: TIME_WAIT kept beyond 2*MSL', async () => {
    const walk = WALKS['the 2*MSL timer after the RST, then the FIN again']!;
    const r = await walker(new Rfc1337Adapter('forever')).run(walk);
    expect(r.failure?.index).to.equal(TO_TIME_WAIT_RST.length);
    expect(render(r.failure!.message, 'en')).to.match(/CLOSED/);
    // Without a state query, the FIN after 2*MSL is acknowledged where CLOSED resets.
    const blind = await walker(withoutStateQuery(new Rfc1337Adapter('forever'))).run(walk);
    expect(blind.failure?.index).to.equal(TO_TIME_WAIT_RST.length + 1);
  });
});
