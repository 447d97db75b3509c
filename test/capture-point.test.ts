/**
 * The capture-point model of `check` (src/check/capture-point.ts): super-segments of TSO/GSO
 * (at the sender) and GRO/LRO (at the receiver) judged as the run of MSS-sized segments the
 * wire carried, and where the capture was taken told from the handshake's timing.
 */
import { expect } from 'chai';
import { readSpec } from '../generator/index.js';
import type { Flag } from '../core/segment.js';
import { checkPackets } from '../src/check/check.js';
import { Checker } from '../src/check/checker.js';
import { cutOffload, describeOffload, describeOneSided } from '../src/check/capture-point.js';
import { groupConnections } from '../src/check/connections.js';
import type { Packet } from '../src/check/packets.js';

const C = '10.0.0.1:40000';
const S = '10.0.0.2:80';

interface Step {
  readonly from: 'client' | 'server';
  readonly flags: Flag[];
  readonly seq: number;
  readonly ack: number;
  readonly len?: number;
  readonly mss?: number;
  /** µs after the previous step. */
  readonly after?: number;
}

function packets(steps: readonly Step[]): Packet[] {
  let time = 1_700_000_000_000_000;
  return steps.map((s, i) => {
    time += s.after ?? 100;
    const [src, dst] = s.from === 'client' ? [C, S] : [S, C];
    return {
      frame: i + 1,
      time,
      src,
      dst,
      segment: {
        srcPort: Number(src.split(':')[1]),
        dstPort: Number(dst.split(':')[1]),
        seq: s.seq,
        ack: s.ack,
        flags: s.flags,
        window: 65535,
        mss: s.mss,
        payload: new Uint8Array(s.len ?? 0),
      },
    };
  });
}

/** A handshake with the given turnarounds (µs), then 4,000 octets from the server in one segment (frame 4) and a FIN each way. */
function bulk(serverTurn: number, clientTurn: number): Packet[] {
  const c = 1000;
  const s = 5000;
  return packets([
    { from: 'client', flags: ['SYN'], seq: c, ack: 0, mss: 1460 },
    { from: 'server', flags: ['SYN', 'ACK'], seq: s, ack: c + 1, mss: 1460, after: serverTurn },
    { from: 'client', flags: ['ACK'], seq: c + 1, ack: s + 1, after: clientTurn },
    { from: 'server', flags: ['PSH', 'ACK'], seq: s + 1, ack: c + 1, len: 4000 },
    { from: 'client', flags: ['ACK'], seq: c + 1, ack: s + 4001 },
    { from: 'client', flags: ['FIN', 'ACK'], seq: c + 1, ack: s + 4001 },
    { from: 'server', flags: ['FIN', 'ACK'], seq: s + 4001, ack: c + 2 },
    { from: 'client', flags: ['ACK'], seq: c + 2, ack: s + 4002 },
  ]);
}

describe('check: the capture point (offload)', () => {
  const spec = readSpec('spec');

  it("cuts a segment larger than the peer's MSS into the run the wire carried: contiguous SNs, PSH and FIN on the last only", () => {
    const conn = groupConnections(bulk(100, 100))[0]!;
    const { packets: cut, point } = cutOffload(conn);
    const pieces = cut.filter((p) => p.frame === 4);
    expect(pieces.map((p) => p.segment.payload.length)).to.deep.equal([1460, 1460, 1080]);
    expect(pieces.map((p) => p.segment.seq)).to.deep.equal([5001, 6461, 7921]);
    expect(pieces.map((p) => p.segment.flags)).to.deep.equal([['ACK'], ['ACK'], ['PSH', 'ACK']]);
    expect(cut).to.have.length(conn.packets.length + 2);
    expect(point.superSegments).to.deep.equal([{ frame: 4, from: S, octets: 4000, mss: 1460, pieces: 3 }]);
  });

  it('with timestamps on both SYNs, cuts at the MSS less their 12 octets (RFC 7323 §3): 1,448 for MSS 1,460', () => {
    const ps = bulk(100, 100).map((p) => (p.frame <= 2 ? { ...p, syn: { timestamps: true as const } } : p));
    const { packets: cut, point } = cutOffload(groupConnections(ps)[0]!);
    expect(cut.filter((p) => p.frame === 4).map((p) => p.segment.payload.length)).to.deep.equal([1448, 1448, 1104]);
    expect(point.superSegments[0]!.mss).to.equal(1448);
    // On one SYN only, timestamps are off.
    const one = bulk(100, 100).map((p) => (p.frame === 1 ? { ...p, syn: { timestamps: true as const } } : p));
    expect(cutOffload(groupConnections(one)[0]!).point.superSegments[0]!.mss).to.equal(1460);
  });

  it("leaves segments alone when the peer's MSS is unknown (the capture missed the SYNs)", () => {
    const conn = groupConnections(bulk(100, 100).slice(3))[0]!;
    const { packets: cut, point } = cutOffload(conn);
    expect(cut).to.deep.equal(conn.packets);
    expect(point.superSegments).to.deep.equal([]);
  });

  it('judges the super-segment as its run: no violation, one accepted variation naming offload, said once', () => {
    const ps = bulk(100, 100);
    const r = checkPackets(ps, spec, 'rfc9293', {
      frames: ps.length,
      skipped: new Map(),
      tunnelled: new Map(),
      warnings: [],
      end: ps.at(-1)!.time,
    });
    expect(r.violations).to.equal(0);
    const offload = r.connections[0]!.server.findings.filter((f) => f.kind === 'accepted' && f.how === 'offload');
    expect(offload.map((f) => f.frame)).to.deep.equal([4]);
    expect(r.connections[0]!.client.findings.some((f) => f.kind === 'accepted' && f.how === 'offload')).to.equal(false);
  });

  it('without the cut the same segment is a violation of the MSS (so the test above can fail)', () => {
    const ps = bulk(100, 100);
    const found = new Checker(spec, 'rfc9293').checkEndpoint(S, ps, ps.at(-1)!.time).findings;
    expect(found.filter((f) => f.kind === 'violation').map((f) => f.frame)).to.include(4);
  });

  it('tells the capture point from the handshake: beside the server, its super-segment is TSO/GSO', () => {
    const conn = groupConnections(bulk(50, 30_000))[0]!;
    const { point } = cutOffload(conn);
    expect(point.near).to.equal('server');
    expect(describeOffload(conn, point)).to.match(
      /^offload, captured at the sender: TSO\/GSO: 1 segment .* \(frames 4\)$/,
    );
  });

  it("beside the client, the server's super-segment was merged on arrival: GRO/LRO", () => {
    const conn = groupConnections(bulk(30_000, 50))[0]!;
    const { point } = cutOffload(conn);
    expect(point.near).to.equal('client');
    expect(describeOffload(conn, point)).to.match(/^offload, captured at the receiver: GRO\/LRO/);
  });

  it('says it cannot tell when both ends answer alike (one host), and says nothing without a super-segment', () => {
    const conn = groupConnections(bulk(100, 100))[0]!;
    const { point } = cutOffload(conn);
    expect(point.near).to.equal(undefined);
    expect(describeOffload(conn, point)).to.match(/TSO\/GSO at the sender or GRO\/LRO at the receiver/);
    const small = groupConnections(bulk(100, 100).filter((p) => p.frame !== 4))[0]!;
    expect(describeOffload(small, cutOffload(small).point)).to.equal(undefined);
  });
});

describe('check: the capture point (one-sided)', () => {
  const spec = readSpec('spec');
  const info = (ps: readonly Packet[]) => ({
    frames: ps.length,
    skipped: new Map(),
    tunnelled: new Map(),
    warnings: [],
    end: ps.at(-1)!.time,
  });
  const clientOnly = (badSn = false) =>
    packets([
      { from: 'client', flags: ['SYN'], seq: 1000, ack: 0, mss: 1460 },
      { from: 'client', flags: ['ACK'], seq: 1001, ack: 5001 },
      { from: 'client', flags: ['PSH', 'ACK'], seq: badSn ? 1000 : 1001, ack: 5001, len: 4 },
      { from: 'client', flags: ['ACK'], seq: 1005, ack: 5005 },
      { from: 'client', flags: ['FIN', 'ACK'], seq: 1005, ack: 5005 },
      { from: 'client', flags: ['ACK'], seq: 1006, ack: 5006 },
    ]);

  it("infers what the silent server sent from the client's ACKs: SYN+ACK, data, the ACK of the FIN, its FIN", () => {
    const conn = groupConnections(clientOnly())[0]!;
    const { packets: cut, point } = cutOffload(conn);
    expect(point.only).to.equal(C);
    const inferred = cut
      .filter((p) => p.src === S)
      .map((p) => [p.frame, p.segment.flags.join('+'), p.segment.seq, p.segment.ack, p.segment.payload.length]);
    expect(inferred).to.deep.equal([
      [2, 'SYN+ACK', 5000, 1001, 0],
      [4, 'ACK', 5001, 1005, 4],
      [6, 'ACK', 5005, 1006, 0],
      [6, 'FIN+ACK', 5005, 1006, 0],
    ]);
    expect(describeOneSided(conn, point)).to.equal(
      "one-sided capture: only the client's frames; the server is not judged, and what it sent is inferred from the client's ACKs",
    );
  });

  it('judges the visible end on its own: no violation, the silent end not judged', () => {
    const ps = clientOnly();
    const r = checkPackets(ps, spec, 'rfc9293', info(ps));
    expect(r.violations).to.equal(0);
    expect(r.connections[0]!.server.findings).to.deep.equal([]);
    expect(r.connections[0]!.server.startState).to.match(/not judged/);
  });

  it("still finds the visible end's own fault: data from the wrong SN", () => {
    const ps = clientOnly(true);
    const r = checkPackets(ps, spec, 'rfc9293', info(ps));
    const v = r.connections[0]!.client.findings.filter((f) => f.kind === 'violation').map((f) => f.frame);
    expect(v).to.include(3);
  });

  it("a server seen alone: the client's SYN and its ACK of the SYN+ACK are inferred", () => {
    const ps = packets([
      { from: 'server', flags: ['SYN', 'ACK'], seq: 5000, ack: 1001, mss: 1460 },
      { from: 'server', flags: ['ACK'], seq: 5001, ack: 1005 },
      { from: 'server', flags: ['PSH', 'ACK'], seq: 5001, ack: 1005, len: 4 },
    ]);
    const conn = groupConnections(ps)[0]!;
    const { packets: cut, point } = cutOffload(conn);
    expect(point.only).to.equal(S);
    expect(
      cut.filter((p) => p.src === C).map((p) => [p.segment.flags.join('+'), p.segment.seq, p.segment.payload.length]),
    ).to.deep.equal([
      ['SYN', 1000, 0],
      ['ACK', 1001, 0],
      ['ACK', 1001, 4],
    ]);
    expect(checkPackets(ps, spec, 'rfc9293', info(ps)).violations).to.equal(0);
  });

  it('SYNs nobody answered are not a one-sided capture: nothing was acknowledged', () => {
    const ps = packets([
      { from: 'client', flags: ['SYN'], seq: 1000, ack: 0, mss: 1460 },
      { from: 'client', flags: ['SYN'], seq: 1000, ack: 0, mss: 1460, after: 1_000_000 },
    ]);
    expect(cutOffload(groupConnections(ps)[0]!).point.only).to.equal(undefined);
  });
});
