/**
 * The bounds of `check`'s engine (src/check/checker.ts, issue 14 item 6): its work stays
 * proportional to the segments on pathological captures (bench/pathological-capture.ts), what
 * the bounds leave out is reported per endpoint, and the data a connection keeps for a resend
 * stays its own when copies of it append (core/machine.ts). Work is counted, never timed.
 */
import { expect } from 'chai';
import { readSpec } from '../generator/index.js';
import { bytes } from '../core/segment.js';
import { fieldName } from '../core/spec/names.js';
import { Connection, machineOf, perform, transitionFor, type Effects } from '../core/machine.js';
import { checkCapture } from '../src/check/check.js';
import { checkJson, formatCheck } from '../src/check/report.js';
import { MAX_IN_FLIGHT } from '../src/check/checker.js';
import { PATHOLOGIES, pathologicalCapture } from '../bench/pathological-capture.js';
import { syntheticCapture } from '../bench/synthetic-capture.js';

const spec = readSpec('spec');

describe('check: bounds of the engine', () => {
  for (const shape of PATHOLOGIES) {
    it(`${shape}: work per segment does not grow with the capture`, () => {
      const perSegment = [300, 1200].map((n) => {
        const r = checkCapture(pathologicalCapture(shape, n).file, spec, 'rfc9293');
        return r.checker.work / r.segments;
      });
      // Four times the segments, at most a quarter more work per segment (the search settles in
      // over the first segments); work growing with the square would give four times as much.
      expect(perSegment[1]).to.be.at.most(perSegment[0]! * 1.25);
    });
  }

  it('an answer after more inputs in flight than the bound: counted, said in text and JSON', () => {
    const r = checkCapture(pathologicalCapture('unacknowledged', 200).file, spec, 'rfc9293');
    const server = r.connections[0]!.server;
    // The server's one ACK comes after all 200 data segments: all but MAX_IN_FLIGHT are taken first.
    expect(server.bounded).to.deep.equal({ outputs: 1, takenEarly: 200 - MAX_IN_FLIGHT + 1, dropped: 0 });
    expect(r.connections[0]!.client.bounded).to.equal(undefined);
    expect(formatCheck('x.pcap', r)).to.include(
      `bound of the search reached (server): 1 of its segments was sent with more than ${MAX_IN_FLIGHT} inputs in flight; ${200 - MAX_IN_FLIGHT + 1} readings`,
    );
    const json = checkJson('x.pcap', r) as { connections: { endpoints: { role: string; bounded?: object }[] }[] };
    const ends = json.connections[0]!.endpoints;
    expect(ends.find((e) => e.role === 'server')!.bounded).to.include({ outputs: 1, maxInFlight: MAX_IN_FLIGHT });
    expect(ends.find((e) => e.role === 'client')).not.to.have.property('bounded');
  });

  it('a capture within the bounds says nothing of them', () => {
    const r = checkCapture(syntheticCapture(20).file, spec, 'memo');
    for (const c of r.connections) expect([c.client.bounded, c.server.bounded]).to.deep.equal([undefined, undefined]);
    expect(formatCheck('x.pcap', r)).not.to.include('bound of the search');
  });
});

describe('core/machine: data kept for a resend', () => {
  const machine = machineOf(spec);
  const fx: Effects = {
    params: Object.fromEntries(spec.parameters.map((p) => [fieldName(p.name), p.default])),
    isn: () => 1000,
    send: () => {},
    deliver: () => {},
    notify: () => {},
    startTimer: () => {},
    stopTimer: () => {},
  };
  const established = (): Connection => {
    const c = Connection.initial(machine, 'ESTABLISHED');
    for (const [name, v] of [
      ['SND.UNA', 1001],
      ['SND.NXT', 1001],
      ['RCV.NXT', 5001],
      ['SND.MSS', 1460],
    ] as const)
      c.set(name, v);
    return c;
  };
  const send = (c: Connection, text: string) => {
    const input = { kind: 'call', call: 'send', data: bytes(text) } as const;
    perform(machine, c, transitionFor(machine, c, input, fx)!, input, fx);
  };
  const kept = (c: Connection) => new TextDecoder().decode(c.sent?.data);

  it('copies that send different data after the same data each keep their own', () => {
    const a = established();
    send(a, 'abc');
    const b = a.copy();
    send(a, 'def');
    send(b, 'XYZ');
    send(a, 'ghi');
    expect([kept(a), kept(b)]).to.deep.equal(['abcdefghi', 'abcXYZ']);
    expect(a.sent?.start).to.equal(1001);
  });

  it('a long run of sends keeps all of it, in order', () => {
    const c = established();
    const parts = Array.from({ length: 500 }, (_, i) => `<${i}>`);
    for (const p of parts) send(c, p);
    expect(kept(c)).to.equal(parts.join(''));
  });
});
