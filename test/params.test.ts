import { expect } from 'chai';
import { paramProblems } from '../src/params.js';
import { parametersFromSettings, routeRtoMinMs } from '../src/adapters/kernel/kernel-settings.js';
import { cli } from './helpers/cli.js';

const DECLARED = ['MSS', 'MSL', 'RTO', 'MAX_RETRIES', 'RCV.WND'];

describe('the parameters an implementation reports (src/params.ts)', () => {
  it("accepts the spec's parameters and the tool's own (RTO_MIN, GRANULARITY, KEEPALIVE, TLP) as whole numbers", () => {
    expect(
      paramProblems(
        {
          MSS: 1460,
          MSL: 30000,
          RTO: 1000,
          MAX_RETRIES: 0,
          'RCV.WND': 64240,
          RTO_MIN: 200,
          GRANULARITY: 0,
          KEEPALIVE: 7200000,
        },
        DECLARED,
      ),
    ).to.deep.equal([]);
  });

  it('names an unknown parameter, with the one it probably meant', () => {
    expect(paramProblems({ MSl: 1 }, DECLARED)).to.deep.equal([
      'unknown parameter "MSl" (did you mean "MSL"?); known: MSS, MSL, RTO, MAX_RETRIES, RCV.WND, RTO_MIN, GRANULARITY, KEEPALIVE, TLP, ISN_TICK_NS',
    ]);
    expect(paramProblems({ RCV_WND: 1 }, DECLARED)[0]).to.match(/^unknown parameter "RCV_WND"; known: /);
  });

  it('names each value that is no whole number in range, or 0 where 0 means nothing', () => {
    expect(
      paramProblems({ MSS: 70000, RTO: 1.5, MAX_RETRIES: -1, MSL: 0, 'RCV.WND': '64240' }, DECLARED),
    ).to.deep.equal([
      'MSS must be a whole number from 0 to 65535, got 70000',
      'RTO must be a whole number from 0 to 4294967295, got 1.5',
      'MAX_RETRIES must be a whole number from 0 to 4294967295, got -1',
      'MSL must not be 0',
      'RCV.WND must be a whole number from 0 to 4294967295, got "64240"',
    ]);
    expect(paramProblems([1], DECLARED)).to.deep.equal(['params must be an object of names and numbers']);
  });

  it('a run against an implementation reporting bad parameters exits 2 with one line naming each problem', async function () {
    this.timeout(30_000);
    const r = await cli([
      'run',
      '--exec',
      `node --import tsx test/fixtures/iut/reference-over-jsonl.ts '--params={"MSl":30000,"MSS":0}'`,
    ]);
    expect(r.status).to.equal(2);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.equal(
      'tcpconform: the implementation (reference-over-jsonl) reports bad parameters: unknown parameter "MSl" (did you mean "MSL"?); known: MSS, MSL, RTO, MAX_RETRIES, SYN_RETRIES, SYNACK_RETRIES, RCV.WND, SYN_LINEAR_TIMEOUTS, RTO_MIN, GRANULARITY, KEEPALIVE, TLP, ISN_TICK_NS; MSS must not be 0\n',
    );
  });
});

describe("the kernel's settings as the spec's parameters (src/adapters/kernel/kernel-settings.ts)", () => {
  it('reads rto_min off a route, in ms or s, locked or not', () => {
    expect(routeRtoMinMs('198.18.0.0/30 dev tcpconform0 proto kernel scope link src 198.18.0.1')).to.equal(undefined);
    expect(routeRtoMinMs('default via 10.0.0.1 dev eth0 rto_min 300ms')).to.equal(300);
    expect(routeRtoMinMs('default via 10.0.0.1 dev eth0 rto_min lock 1s')).to.equal(1000);
  });

  it("counts the SYN's linear retransmissions with its backed-off ones, and on their own; the route's rto_min before the sysctl", () => {
    // This machine's Linux 6.18, as measured (docs/linux/syn-schedule.out): 10 retransmissions, the first 4 not backed off.
    expect(
      parametersFromSettings({ tcp_syn_retries: 6, tcp_syn_linear_timeouts: 4, tcp_rto_min_us: 200000 }),
    ).to.deep.equal({ MSL: 30000, RTO: 1000, RTO_MIN: 200, SYN_RETRIES: 10, SYN_LINEAR_TIMEOUTS: 4 });
    expect(parametersFromSettings({ tcp_syn_retries: 6, route_rto_min_ms: 50 })).to.deep.equal({
      MSL: 30000,
      RTO: 1000,
      RTO_MIN: 50,
      SYN_RETRIES: 6,
    });
    // Each kind of segment its own limit: the SYN+ACK's tcp_synack_retries, data's and the FIN's tcp_retries2.
    expect(parametersFromSettings({ tcp_syn_retries: 6, tcp_synack_retries: 5, tcp_retries2: 15 })).to.deep.include({
      SYN_RETRIES: 6,
      SYNACK_RETRIES: 5,
      MAX_RETRIES: 15,
    });
    expect(parametersFromSettings({})).to.deep.equal({ MSL: 30000, RTO: 1000, RTO_MIN: 200 });
  });

  it('declares tail loss probes where tcp_early_retrans turns them on (3, 4), not otherwise', () => {
    expect(parametersFromSettings({ tcp_early_retrans: 3 })).to.deep.include({ TLP: 1 });
    expect(parametersFromSettings({ tcp_early_retrans: 4 })).to.deep.include({ TLP: 1 });
    expect(parametersFromSettings({ tcp_early_retrans: 2 })).to.deep.include({ TLP: 0 });
  });
});
