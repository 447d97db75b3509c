/**
 * Timed steps on a real clock (src/harness/real-time.ts): each deadline gets a window of
 * max(absolute, percentage) either side; a step that must see nothing before the next stops
 * at the window's start, any other advance waits to its end.
 */
import { expect } from 'chai';
import type { Expectation, Step } from '../core/case.js';
import { realWaits, totalWait } from '../src/harness/real-time.js';

const expectNothing = { segments: [], app: [], state: 'X' };
const expectSomething = {
  segments: [{ flags: ['SYN' as const], seq: { off: 0 }, mss: 'absent' as const, data: '' }],
  app: [],
  state: 'X',
};
const advance = (off: number, expect: Expectation = expectNothing): Step => ({
  kind: 'advance',
  ms: { off },
  expect,
  transition: 't',
  rules: [],
  labels: [],
});
const call: Step = { kind: 'call', call: 'connect', expect: expectSomething, transition: 't', rules: [], labels: [] };
const clock = { toleranceMs: 50, tolerancePct: 5, limitMs: 10_000 };
const planned = (s: Step & { kind: 'advance' }) => s.ms.off;

describe('real-clock windows (src/harness/real-time.ts)', () => {
  it('a timer that fires at 1000 ms: quiet until 950 ms, then its event is taken until 1050 ms', () => {
    const waits = realWaits([call, advance(999), advance(1, expectSomething)], planned, clock);
    expect([...waits]).to.deep.equal([
      [1, 949],
      [2, 101],
    ]);
    expect(totalWait(waits)).to.equal(1050);
  });

  it('a stopped timer is watched to the end of its window', () => {
    expect([...realWaits([call, advance(1000)], planned, clock)]).to.deep.equal([[1, 1050]]);
  });

  it('long waits get the percentage margin (60 s: ±3 s), and each run of advances counts from its own start', () => {
    const waits = realWaits([call, advance(59_999), advance(1), call, advance(1000)], planned, clock);
    expect([...waits]).to.deep.equal([
      [1, 56_999],
      [2, 6001],
      [4, 1050],
    ]); // 59999 - 3000 (rounded), then to 60000 + 3000
  });

  it('a step that expects any output, a segment or only an application event, waits to the end of its window', () => {
    const eventOnly = { segments: [], app: [{ kind: 'eof' as const }], state: 'X' };
    expect([...realWaits([call, advance(999, eventOnly), advance(1)], planned, clock)]).to.deep.equal([
      [1, 1049],
      [2, 1],
    ]);
    expect([...realWaits([call, advance(999, expectSomething), advance(1)], planned, clock)]).to.deep.equal([
      [1, 1049],
      [2, 1],
    ]);
  });
});
