/**
 * The window `check` reads (src/check/window.ts): the right edge each end advertises, scaled
 * when both SYNs carry the option, and new data past the peer's edge found against its sender.
 */
import { expect } from 'chai';
import type { Flag } from '../core/segment.js';
import type { Packet } from '../src/check/packets.js';
import { readWindow } from '../src/check/window.js';

const C = '10.0.0.1:40000';
const S = '10.0.0.2:80';

interface Step {
  readonly from: 'c' | 's';
  readonly flags: Flag[];
  readonly seq: number;
  readonly ack: number;
  readonly win: number;
  readonly len?: number;
  readonly wscale?: number;
}

const packets = (steps: readonly Step[]): Packet[] =>
  steps.map((s, i) => ({
    frame: i + 1,
    time: i * 1000,
    src: s.from === 'c' ? C : S,
    dst: s.from === 'c' ? S : C,
    segment: {
      srcPort: 1,
      dstPort: 2,
      seq: s.seq,
      ack: s.ack,
      flags: s.flags,
      window: s.win,
      payload: new Uint8Array(s.len ?? 0),
    },
    ...(s.flags.includes('SYN') ? { syn: s.wscale !== undefined ? { wscale: s.wscale } : {} } : {}),
  }));

/** A handshake (the client's windows as given), then the server's data segments of 1,000 octets from SN 5001. */
function trace(opts: { cScale?: number; sScale?: number; win: number; data: number[]; synC?: boolean }): Packet[] {
  const steps: Step[] = [
    {
      from: 'c',
      flags: ['SYN'],
      seq: 1000,
      ack: 0,
      win: 65535,
      ...(opts.cScale !== undefined ? { wscale: opts.cScale } : {}),
    },
    {
      from: 's',
      flags: ['SYN', 'ACK'],
      seq: 5000,
      ack: 1001,
      win: 65535,
      ...(opts.sScale !== undefined ? { wscale: opts.sScale } : {}),
    },
    { from: 'c', flags: ['ACK'], seq: 1001, ack: 5001, win: opts.win },
    ...opts.data.map((seq) => ({
      from: 's' as const,
      flags: ['ACK'] as Flag[],
      seq,
      ack: 1001,
      win: 65535,
      len: 1000,
    })),
  ];
  return packets(opts.synC === false ? steps.slice(1) : steps);
}

describe('check: the window (src/check/window.ts)', () => {
  it('finds new data past the edge the peer advertised, against the sender only, said once with every frame', () => {
    const w = readWindow(trace({ win: 1500, data: [5001, 6001, 7001] }), C, S);
    expect(w.beyond).to.deep.equal([{ from: S, frames: [5, 6], edge: 6501 }]);
    expect(w.outside.size).to.equal(2);
  });

  it('within the window: nothing', () => {
    const w = readWindow(trace({ win: 3000, data: [5001, 6001, 7001] }), C, S);
    expect(w.beyond).to.deep.equal([]);
    expect(w.outside.size).to.equal(0);
  });

  it("scales the window by the shift of the advertiser's SYN when both SYNs carry the option", () => {
    // 2 << 10 = 2,048 octets: the second segment (to 7001) fits, the third does not.
    const w = readWindow(trace({ cScale: 10, sScale: 0, win: 2, data: [5001, 6001, 7001] }), C, S);
    expect(w.beyond).to.deep.equal([{ from: S, frames: [6], edge: 7049 }]);
    // Only one SYN with the option: no scaling, 2 octets.
    const unscaled = readWindow(trace({ cScale: 10, win: 2, data: [5001] }), C, S);
    expect(unscaled.beyond).to.deep.equal([{ from: S, frames: [4], edge: 5003 }]);
  });

  it('a missing SYN while the other carries window scale: the window is not read', () => {
    const w = readWindow(trace({ sScale: 7, win: 1, data: [5001], synC: false }), C, S);
    expect(w.read).to.equal(false);
    expect(w.beyond).to.deep.equal([]);
  });

  it('old data again past the edge (MAY-7) and a one-octet probe of a closed window (MUST-36) are not findings', () => {
    // Frame 7 sends 6001..7001 again, past the edge: for the receiver outside, not a second finding.
    const again = readWindow(trace({ win: 1500, data: [5001, 6001, 7001, 6001] }), C, S);
    expect(again.beyond).to.deep.equal([{ from: S, frames: [5, 6], edge: 6501 }]);
    expect([...again.outside].map((p) => p.frame)).to.deep.equal([5, 6, 7]);
    const probe = packets([
      { from: 'c', flags: ['SYN'], seq: 1000, ack: 0, win: 65535 },
      { from: 's', flags: ['SYN', 'ACK'], seq: 5000, ack: 1001, win: 65535 },
      { from: 'c', flags: ['ACK'], seq: 1001, ack: 5001, win: 0 },
      { from: 's', flags: ['ACK'], seq: 5001, ack: 1001, win: 65535, len: 1 },
    ]);
    expect(readWindow(probe, C, S).beyond).to.deep.equal([]);
  });
});
