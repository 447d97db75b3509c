/**
 * The capture readers on blocks and frames no tool here writes (pcapng Simple and obsolete
 * Packet Blocks, a big-endian section, nanosecond resolution, VLAN tags, IPv6, fragments,
 * a snapshot length shorter than the packet), and every way a file can be damaged: each is
 * one line naming what is wrong, never a crash; a file that merely ends inside its last
 * record is read up to it, with one warning.
 */
import { expect } from 'chai';
import { CaptureError, decodePackets, readCapture } from '../src/index.js';
import { encodeSegment } from '../src/wire/tcp-header.js';
import { bytes } from '../core/segment.js';

const SRC = '10.0.0.1';
const DST = '10.0.0.2';

/** An IPv4 packet holding a TCP segment (raw IP, link type 228). */
function ipv4(payload = 'hi', opts: { fragment?: boolean; protocol?: number } = {}): Uint8Array {
  const tcp = encodeSegment(
    { srcPort: 1234, dstPort: 80, seq: 7, ack: 9, flags: ['ACK', 'PSH'], window: 100, payload: bytes(payload) },
    { src: SRC, dst: DST },
  );
  const ip = new Uint8Array(20 + tcp.length);
  const v = new DataView(ip.buffer);
  ip[0] = 0x45;
  v.setUint16(2, ip.length);
  if (opts.fragment) v.setUint16(6, 0x2000);
  ip[8] = 64;
  ip[9] = opts.protocol ?? 6;
  ip.set([10, 0, 0, 1], 12);
  ip.set([10, 0, 0, 2], 16);
  ip.set(tcp, 20);
  return ip;
}

/** pcapng blocks, little-endian unless `big`. */
function block(type: number, body: readonly number[] | Uint8Array, big = false): Uint8Array {
  const padded = [...body, ...new Array((4 - (body.length % 4)) % 4).fill(0)];
  const out = new Uint8Array(12 + padded.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, type, !big);
  v.setUint32(4, out.length, !big);
  out.set(padded, 8);
  v.setUint32(out.length - 4, out.length, !big);
  return out;
}
const u32 = (n: number, big = false) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, !big);
  return [...b];
};
const u16 = (n: number, big = false) => {
  const b = new Uint8Array(2);
  new DataView(b.buffer).setUint16(0, n, !big);
  return [...b];
};
const shb = (big = false) =>
  block(0x0a0d0d0a, [...u32(0x1a2b3c4d, big), ...u16(1, big), ...u16(0, big), ...new Array(8).fill(0xff)], big);
/** An interface of link type 228 (raw IPv4); `tsresol` 9: nanoseconds. */
const idb = (opts: { tsresol?: number; big?: boolean; snaplen?: number } = {}) =>
  block(
    1,
    [
      ...u16(228, opts.big),
      0,
      0,
      ...u32(opts.snaplen ?? 0, opts.big),
      ...(opts.tsresol !== undefined ? [...u16(9, opts.big), ...u16(1, opts.big), opts.tsresol, 0, 0, 0] : []),
      0,
      0,
      0,
      0,
    ],
    opts.big,
  );
const epb = (data: Uint8Array, ts: number, big = false, iface = 0) =>
  block(
    6,
    [
      ...u32(iface, big),
      ...u32(Math.floor(ts / 2 ** 32), big),
      ...u32(ts % 2 ** 32, big),
      ...u32(data.length, big),
      ...u32(data.length, big),
      ...data,
    ],
    big,
  );
const cat = (...parts: (Uint8Array | number[])[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
/** A classic pcap file header: little-endian, microseconds, snapshot length 65535, raw IPv4 (228). */
const PCAP_HEADER = Uint8Array.of(
  0xd4,
  0xc3,
  0xb2,
  0xa1,
  2,
  0,
  4,
  0,
  ...new Array(8).fill(0),
  0xff,
  0xff,
  0,
  0,
  228,
  0,
  0,
  0,
);

function fails(file: Uint8Array, message: RegExp): void {
  expect(() => readCapture(file)).to.throw(CaptureError, message);
}

describe('capture readers', () => {
  it('pcapng: enhanced, simple and obsolete packet blocks, nanosecond stamps, unknown blocks skipped', () => {
    const spb = block(3, [...u32(ipv4().length), ...ipv4()]);
    const opb = block(2, [
      ...u16(0),
      ...u16(0),
      ...u32(0),
      ...u32(5000),
      ...u32(ipv4().length),
      ...u32(ipv4().length),
      ...ipv4(),
    ]);
    const nrb = block(4, [0, 0, 0, 0]);
    const { frames, warnings } = readCapture(
      cat(shb(), idb({ tsresol: 9 }), epb(ipv4(), 1_500_000_000), nrb, spb, opb),
    );
    expect(warnings).to.deep.equal([]);
    expect(frames.map((f) => [f.number, f.time, f.linkType])).to.deep.equal([
      [1, 1_500_000, 228],
      [2, 1_500_000, 228],
      [3, 5, 228],
    ]);
    const { packets, skipped } = decodePackets(frames);
    expect(packets.map((p) => [p.frame, p.src, p.dst, new TextDecoder().decode(p.segment.payload)])).to.deep.equal([
      [1, '10.0.0.1:1234', '10.0.0.2:80', 'hi'],
      [2, '10.0.0.1:1234', '10.0.0.2:80', 'hi'],
      [3, '10.0.0.1:1234', '10.0.0.2:80', 'hi'],
    ]);
    expect(skipped.size).to.equal(0);
  });

  it('pcapng: a big-endian section, and a simple packet cut at the snapshot length', () => {
    const packet = ipv4('hello');
    const spb = block(3, [...u32(packet.length, true), ...packet.subarray(0, 42)], true);
    const { frames } = readCapture(cat(shb(true), idb({ big: true, snaplen: 42 }), epb(packet, 3_000_000, true), spb));
    expect(frames.map((f) => [f.time, f.data.length])).to.deep.equal([
      [3_000_000, packet.length],
      [3_000_000, 42],
    ]);
    // The cut packet keeps its length as IP gives it: SEG.DATA counts, the octets do not.
    const cut = decodePackets(frames).packets[1]!.segment.payload;
    expect([cut.length, new TextDecoder().decode(cut.subarray(0, 2))]).to.deep.equal([5, 'he']);
  });

  it('frames without a readable TCP segment are skipped with the reason', () => {
    const ether = (type: number, body: Uint8Array, vlan = false) =>
      cat(new Uint8Array(12), Uint8Array.of(...(vlan ? [0x81, 0, 0, 1] : []), type >> 8, type & 0xff), body);
    const v6 = new Uint8Array(40 + 20);
    v6[0] = 0x60;
    v6[6] = 6;
    v6.set(ipv4().subarray(20, 40), 40);
    new DataView(v6.buffer).setUint16(4, 20);
    v6[24 + 15] = 1;
    const frame = (data: Uint8Array, linkType = 1) => ({ number: 1, time: 0, linkType, data });
    const { packets, skipped } = decodePackets([
      frame(ether(0x0800, ipv4(), true)),
      frame(ether(0x86dd, v6)),
      frame(ether(0x0800, ipv4('x', { fragment: true }))),
      frame(ether(0x0800, ipv4('x', { protocol: 17 }))),
      frame(ether(0x0800, ipv4().subarray(0, 30))),
      frame(ipv4(), 105),
      frame(Uint8Array.of(1, 2)),
    ]);
    expect(packets.map((p) => p.dst)).to.deep.equal(['10.0.0.2:80', '[0:0:0:0:0:0:0:1]:80']);
    expect([...skipped.keys()]).to.deep.equal([
      'IPv4 fragment (not reassembled)',
      'not TCP',
      'TCP header not captured whole',
      'link type 105 is not read (Ethernet, Linux cooked, raw IP and loopback are)',
      'Ethernet header truncated',
    ]);
  });

  it('every damaged pcapng is one line naming what is wrong', () => {
    fails(shb().subarray(0, 10), /truncated: block at offset 0 has 10 of at least 12 octets/);
    fails(shb().subarray(0, 20), /truncated: block at offset 0 has 20 of 28 octets/);
    const noMagic = shb();
    noMagic.set([0, 0, 0, 0], 8);
    fails(noMagic, /section header at offset 0 has no byte-order magic/);
    const oddLength = cat(shb(), block(1, [0, 0, 0, 0, 0, 0, 0, 0]));
    new DataView(oddLength.buffer).setUint32(32, 22, true);
    fails(oddLength, /block at offset 28 has a bad length 22/);
    const trailing = cat(shb(), idb());
    new DataView(trailing.buffer).setUint32(trailing.length - 4, 99, true);
    fails(trailing, /block at offset 28: its trailing length does not match 24/);
    fails(cat(shb(), block(1, [0, 0])), /interface description block at offset 28 is too short/);
    fails(cat(shb(), block(6, [0, 0, 0, 0])), /enhanced packet block at offset 28 is too short/);
    fails(
      cat(shb(), idb(), epb(ipv4(), 0, false, 3)),
      /enhanced packet block at offset 52 names interface 3, which no interface description block declared/,
    );
    const long = epb(ipv4(), 0);
    new DataView(long.buffer).setUint32(20, 4000, true);
    fails(cat(shb(), idb(), long), /truncated: enhanced packet block at offset 52 claims 4000 captured octets/);
    fails(
      cat(shb(), block(1, [...u16(228), 0, 0, ...u32(0), ...u16(9), ...u16(40), 9, 0, 0, 0])),
      /interface option 9 at offset 44 runs past its block/,
    );
    fails(cat(shb(), block(3, [])), /simple packet block at offset 28 is too short/);
    fails(cat(shb(), block(2, [0, 0])), /packet block at offset 28 is too short/);
    fails(cat(shb(), block(3, [...u32(9)])), /simple packet block at offset 28 names interface 0/);
  });

  it('every damaged pcap is one line naming what is wrong', () => {
    fails(PCAP_HEADER.subarray(0, 10), /truncated pcap file header \(10 of 24 octets\)/);
    fails(Uint8Array.of(1, 2, 3, 4, 5), /not a capture file/);
    fails(new Uint8Array(0), /empty file/);
  });

  describe('a file that ends inside its last record: one warning, every frame before it read', () => {
    const record = (data: Uint8Array, caplen = data.length) =>
      cat(Uint8Array.from([...u32(1), ...u32(0), ...u32(caplen), ...u32(caplen)]), data);
    const pcap = cat(PCAP_HEADER, record(ipv4()), record(ipv4('second')));
    const ng = cat(shb(), idb(), epb(ipv4(), 0), epb(ipv4('second'), 0));
    const read = (file: Uint8Array) => {
      const { frames, warnings } = readCapture(file);
      return [frames.length, ...warnings];
    };

    it('pcap: one stray octet, a record header cut short, a packet cut short', () => {
      expect(read(pcap)).to.deep.equal([2]);
      expect(read(cat(pcap, [0]))).to.deep.equal([
        2,
        `truncated at offset ${pcap.length}: packet 3 has 1 of 16 record header octets; the 2 frames before it were read`,
      ]);
      expect(read(cat(pcap, record(ipv4()).subarray(0, 9)))).to.deep.equal([
        2,
        `truncated at offset ${pcap.length}: packet 3 has 9 of 16 record header octets; the 2 frames before it were read`,
      ]);
      expect(read(pcap.subarray(0, pcap.length - 5))).to.deep.equal([
        1,
        `truncated at offset ${24 + 16 + ipv4().length}: packet 2 has ${ipv4('second').length - 5} of ${ipv4('second').length} captured octets; the 1 frame before it was read`,
      ]);
      // A record header that claims more than any capture holds, in the middle of the file: damage, said as such.
      const damaged = cat(pcap, record(ipv4()), pcap.subarray(24));
      new DataView(damaged.buffer).setUint32(pcap.length + 8, 0xffff_fff0, true);
      expect(read(damaged)).to.deep.equal([
        2,
        `damaged at offset ${pcap.length}: packet 3's record header claims 4294967280 captured octets, more than a capture holds (262144); the 2 frames before it were read, the last ${damaged.length - pcap.length} octets were not`,
      ]);
      // The record's header alone, none of its octets: the same.
      expect(read(cat(PCAP_HEADER, record(ipv4(), 100).subarray(0, 16)))).to.deep.equal([
        0,
        'truncated at offset 24: packet 1 has 0 of 100 captured octets; the 0 frames before it were read',
      ]);
    });

    it('pcapng: one stray octet, a block header cut short, a packet block cut short', () => {
      expect(read(ng)).to.deep.equal([2]);
      expect(read(cat(ng, [0]))).to.deep.equal([
        2,
        `truncated at offset ${ng.length}: a block has 1 of at least 12 octets; the 2 frames before it were read`,
      ]);
      const last = epb(ipv4('second'), 0);
      const at = ng.length - last.length;
      expect(read(ng.subarray(0, ng.length - 2))).to.deep.equal([
        1,
        `truncated at offset ${at}: a block of type 6 has ${last.length - 2} of ${last.length} octets; the 1 frame before it was read`,
      ]);
      expect(read(cat(ng, last.subarray(0, 8)))).to.deep.equal([
        2,
        `truncated at offset ${ng.length}: a block has 8 of at least 12 octets; the 2 frames before it were read`,
      ]);
    });
  });
});
