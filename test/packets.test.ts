/**
 * From captured frames to TCP segments (src/check/packets.ts), link type by link type: where
 * each header ends, which frames hold a TCP segment, the addresses as the report shows them,
 * and the reason each other frame is skipped. The trace checker judges only what this reads.
 */
import { expect } from 'chai';
import { bytes, type Segment } from '../core/segment.js';
import { decodePackets, type Packet } from '../src/check/packets.js';
import type { Frame } from '../src/check/frames.js';
import { encodeSegment } from '../src/wire/tcp-header.js';

const SEGMENT: Segment = {
  srcPort: 1234,
  dstPort: 80,
  seq: 7,
  ack: 9,
  flags: ['PSH', 'ACK'],
  window: 100,
  mss: undefined,
  payload: bytes('hi'),
};
/** The segment's octets (a function: nothing is encoded while the tests load). */
const tcpOf = (s: Segment = SEGMENT) => encodeSegment(s, { src: '10.0.0.1', dst: '10.0.0.2' });

/** IPv4 from 10.0.0.1 to 10.0.0.2 around `tcp`, with `options` octets of IP options, then `edit`ed. */
function ipv4(tcp: Uint8Array = tcpOf(), edit: (ip: Uint8Array) => void = () => {}, options = 0): Uint8Array {
  const ip = new Uint8Array(20 + options + tcp.length);
  ip[0] = 0x40 | ((20 + options) / 4);
  ip[2] = ip.length >> 8;
  ip[3] = ip.length & 0xff;
  ip[8] = 64;
  ip[9] = 6;
  ip.set([10, 0, 0, 1], 12);
  ip.set([10, 0, 0, 2], 16);
  ip.set(tcp, 20 + options);
  edit(ip);
  return ip;
}

/** IPv6 from 2001:db8::1 to ::1 around `tcp`. */
function ipv6(tcp: Uint8Array = tcpOf(), next = 6): Uint8Array {
  const ip = new Uint8Array(40 + tcp.length);
  ip[0] = 0x60;
  ip[4] = tcp.length >> 8;
  ip[5] = tcp.length & 0xff;
  ip[6] = next;
  ip[7] = 64;
  ip.set([0x20, 0x01, 0x0d, 0xb8], 8);
  ip[23] = 1;
  ip[39] = 1;
  ip.set(tcp, 40);
  return ip;
}

const cat = (...parts: (Uint8Array | number[])[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
let n = 0;
const frame = (linkType: number, data: Uint8Array): Frame => ({ number: ++n, time: n * 10, linkType, data });

const ETHER = (type: number) => [...new Array(12).fill(0xaa), type >> 8, type & 0xff];
const IPV4_ETHER = ETHER(0x0800);

/** What one frame decodes to: the packet's addresses, or why it is skipped. */
function one(f: Frame): string | Packet {
  const { packets, skipped } = decodePackets([f]);
  if (packets.length === 1 && skipped.size === 0) return packets[0]!;
  expect(packets).to.deep.equal([]);
  expect([...skipped.values()]).to.deep.equal([1]);
  return [...skipped.keys()][0]!;
}
const where = (f: Frame) => {
  const p = one(f);
  return typeof p === 'string' ? p : `${p.src} > ${p.dst}`;
};

describe('capture frames to TCP segments (src/check/packets.ts)', () => {
  it('keeps the frame number and time, and the segment as the header gives it', () => {
    const f = frame(228, ipv4());
    const p = one(f) as Packet;
    expect(p).to.deep.equal({
      frame: f.number,
      time: f.time,
      src: '10.0.0.1:1234',
      dst: '10.0.0.2:80',
      segment: SEGMENT,
    });
  });

  it('reads each link type where its header ends', () => {
    expect(where(frame(1, cat(IPV4_ETHER, ipv4())))).to.equal('10.0.0.1:1234 > 10.0.0.2:80');
    expect(where(frame(1, cat(ETHER(0x86dd), ipv6())))).to.equal('[2001:db8:0:0:0:0:0:1]:1234 > [0:0:0:0:0:0:0:1]:80');
    // 802.1Q and 802.1ad tags, one inside the other.
    expect(where(frame(1, cat(ETHER(0x88a8), [0, 1, 0x81, 0x00], [0, 2, 0x08, 0x00], ipv4())))).to.equal(
      '10.0.0.1:1234 > 10.0.0.2:80',
    );
    expect(where(frame(113, cat(new Array(14).fill(0), [0x08, 0x00], ipv4())))).to.equal('10.0.0.1:1234 > 10.0.0.2:80');
    expect(where(frame(276, cat([0x86, 0xdd], new Array(18).fill(0), ipv6())))).to.equal(
      '[2001:db8:0:0:0:0:0:1]:1234 > [0:0:0:0:0:0:0:1]:80',
    );
    for (const raw of [101, 228, 229, 12, 14])
      expect(where(frame(raw, ipv4())), `link type ${raw}`).to.include('10.0.0.1');
    expect(where(frame(229, ipv6()))).to.include('[2001:db8');
  });

  it('reads the loopback family in either byte order for NULL, in network order for LOOP', () => {
    for (const family of [2, 24, 28, 30]) {
      expect(where(frame(0, cat([family, 0, 0, 0], ipv4()))), `NULL, little-endian ${family}`).to.include('10.0.0.1');
      expect(where(frame(0, cat([0, 0, 0, family], ipv4()))), `NULL, big-endian ${family}`).to.include('10.0.0.1');
      expect(where(frame(108, cat([0, 0, 0, family], ipv4()))), `LOOP ${family}`).to.include('10.0.0.1');
    }
    expect(where(frame(108, cat([2, 0, 0, 0], ipv4())))).to.equal('loopback address family 33554432 is not IP');
    expect(where(frame(0, cat([0, 0, 0, 23], ipv4())))).to.equal('loopback address family 23 is not IP');
    expect(where(frame(0, Uint8Array.of(2, 0, 0)))).to.equal('loopback header truncated');
  });

  it('skips a frame whose link header is cut short, naming the header', () => {
    expect(where(frame(1, new Uint8Array(13)))).to.equal('Ethernet header truncated');
    expect(where(frame(113, new Uint8Array(15)))).to.equal('Linux cooked header truncated');
    expect(where(frame(276, new Uint8Array(19)))).to.equal('Linux cooked (v2) header truncated');
    expect(where(frame(1, cat(IPV4_ETHER)))).to.equal('IP header truncated');
    expect(where(frame(228, new Uint8Array(0)))).to.equal('IP header truncated');
    // A tag cut short is read no further: what follows is not IP.
    expect(where(frame(1, cat(ETHER(0x8100), [0, 1])))).to.equal('not IP');
    expect(where(frame(1, cat(ETHER(0x8100), [0, 1, 0x08])))).to.equal('not IP');
    // Headers whole, and nothing after them.
    expect(where(frame(1, cat(ETHER(0x8100), [0, 1, 0x08, 0x00])))).to.equal('IP header truncated');
    expect(where(frame(113, cat(new Array(14).fill(0), [0x08, 0x00])))).to.equal('IP header truncated');
    expect(where(frame(276, cat([0x08, 0x00], new Array(18).fill(0))))).to.equal('IP header truncated');
    expect(where(frame(0, Uint8Array.of(2, 0, 0, 0)))).to.equal('IP header truncated');
  });

  it('skips what is not IP, not TCP, or not read', () => {
    expect(where(frame(1, cat(ETHER(0x0806), ipv4())))).to.equal('not IP');
    expect(where(frame(105, ipv4()))).to.equal(
      'link type 105 is not read (Ethernet, Linux cooked, raw IP and loopback are)',
    );
    expect(where(frame(228, cat([0x50], ipv4().subarray(1))))).to.equal('IP version 5');
    expect(
      where(
        frame(
          228,
          ipv4(tcpOf(), (ip) => (ip[9] = 17)),
        ),
      ),
    ).to.equal('not TCP');
    expect(where(frame(229, ipv6(tcpOf(), 17)))).to.equal('not TCP');
  });

  it('IPv6: reads past hop-by-hop, routing and destination options headers; skips fragments', () => {
    /** IPv6 whose first next header is `first`, then extension headers, each (its next header, its 8-octet units beyond the first). */
    const chained = (first: number, exts: [number, number][]) => {
      const ext = exts.flatMap(([next, units]) => [next, units, ...new Array(6 + units * 8).fill(0)]);
      const ip = ipv6(cat(ext, tcpOf()), first);
      ip[4] = (ip.length - 40) >> 8;
      ip[5] = (ip.length - 40) & 0xff;
      return frame(229, ip);
    };
    const p = one(
      chained(0, [
        [43, 0],
        [60, 2],
        [6, 1],
      ]),
    );
    expect(typeof p === 'string' ? p : new TextDecoder().decode(p.segment.payload)).to.equal('hi');
    expect(where(chained(0, [[44, 0]]))).to.equal('IPv6 fragment (not reassembled)');
    expect(where(chained(60, [[17, 0]]))).to.equal('not TCP');
    expect(where(frame(229, ipv6(new Uint8Array(4), 0)))).to.equal('IPv6 extension header truncated');
  });

  it("IPv4 total length 0 (a TSO segment captured before the NIC cut it): the length is the frame's", () => {
    const p = one(
      frame(
        228,
        ipv4(tcpOf(), (ip) => ip.set([0, 0], 2)),
      ),
    );
    expect(typeof p === 'string' ? p : new TextDecoder().decode(p.segment.payload)).to.equal('hi');
  });

  it('IPv4: skips a header cut short or malformed, and fragments; reads past its options', () => {
    /** A raw IPv4 frame around the segment, its IP header edited. */
    const v4 = (edit: (ip: Uint8Array) => void, tcp = tcpOf()) => where(frame(228, ipv4(tcp, edit)));
    expect(where(frame(228, ipv4().subarray(0, 19)))).to.equal('IPv4 header truncated');
    expect(v4((ip) => (ip[0] = 0x44))).to.equal('IPv4 header malformed');
    expect(v4((ip) => (ip[3] = 19))).to.equal('IPv4 header malformed');
    expect(v4((ip) => (ip[0] = 0x4f))).to.equal('IPv4 header malformed');
    // A header longer than the octets captured, though IP's total length would hold it.
    expect(v4((ip) => ip.set([0x4f, 0, 0, 60]))).to.equal('IPv4 header malformed');
    // A header with nothing after it, as IP's total length says, or with the rest not captured.
    const none = new Uint8Array(0);
    expect(v4(() => {}, none)).to.equal('TCP header not captured whole');
    expect(v4((ip) => (ip[3] = 46), none)).to.equal('TCP header not captured whole');
    expect(v4((ip) => (ip[6] = 0x20))).to.equal('IPv4 fragment (not reassembled)');
    expect(v4((ip) => (ip[7] = 0x01))).to.equal('IPv4 fragment (not reassembled)');
    expect(v4((ip) => (ip[6] = 0x1f))).to.equal('IPv4 fragment (not reassembled)');
    expect(v4((ip) => (ip[6] = 0x40))).to.include('10.0.0.1');
    expect(
      where(
        frame(
          228,
          ipv4(tcpOf(), () => {}, 4),
        ),
      ),
    ).to.equal('10.0.0.1:1234 > 10.0.0.2:80');
    expect(v4((ip) => ip.set([192, 168, 255, 254], 16))).to.equal('10.0.0.1:1234 > 192.168.255.254:80');
  });

  it('IPv6: skips a header cut short; a header with nothing after it holds no segment', () => {
    expect(where(frame(229, ipv6().subarray(0, 39)))).to.equal('IPv6 header truncated');
    expect(where(frame(229, ipv6(new Uint8Array(0))))).to.equal('TCP header not captured whole');
  });

  it('the segment is what IP says: Ethernet padding after it is dropped; octets the snapshot cut are counted, as zeros', () => {
    const padded = one(frame(1, cat(IPV4_ETHER, ipv4(), [0, 0, 0, 0]))) as Packet;
    expect(padded.segment.payload).to.deep.equal(bytes('hi'));
    const long = tcpOf({ ...SEGMENT, payload: bytes('hello world') });
    const cut = one(frame(228, ipv4(long).subarray(0, 20 + 20 + 4))) as Packet;
    expect(cut.segment.payload).to.deep.equal(Uint8Array.of(...bytes('hell'), 0, 0, 0, 0, 0, 0, 0));
    const v6cut = one(frame(229, ipv6(long).subarray(0, 40 + 20 + 1))) as Packet;
    expect(v6cut.segment.payload.length).to.equal(11);
  });

  it('a TCP header cut short is not captured whole; a malformed one is named', () => {
    expect(where(frame(228, ipv4().subarray(0, 20 + 19)))).to.equal('TCP header not captured whole');
    const withMss = tcpOf({ ...SEGMENT, mss: 1460 });
    expect(where(frame(228, ipv4(withMss).subarray(0, 20 + 22)))).to.equal('TCP header not captured whole');
    const badOption = Uint8Array.from(withMss);
    badOption[21] = 3;
    expect(where(frame(228, ipv4(badOption)))).to.equal('TCP header malformed (MSS option with length 3, must be 4)');
    // Exactly the header, no data: whole, and so malformed rather than cut.
    const headerOnly = tcpOf({ ...SEGMENT, mss: 1460, payload: new Uint8Array(0) });
    headerOnly[21] = 3;
    expect(where(frame(228, ipv4(headerOnly)))).to.equal('TCP header malformed (MSS option with length 3, must be 4)');
    const shortOffset = tcpOf({ ...SEGMENT, payload: new Uint8Array(0) });
    shortOffset[12] = 0x40;
    expect(where(frame(228, ipv4(shortOffset)))).to.equal(
      'TCP header malformed (data offset 4 words does not fit a 20-octet segment)',
    );
  });

  it('counts each reason once per frame, and addresses each host by its own text', () => {
    const from = (addr: number[]) =>
      frame(
        228,
        ipv4(tcpOf(), (ip) => ip.set(addr, 12)),
      );
    const { packets, skipped } = decodePackets([
      frame(228, ipv4()),
      frame(105, ipv4()),
      frame(105, ipv4()),
      from([10, 0, 0, 3]),
      frame(228, ipv4()),
      from([10, 1, 0, 1]),
      from([10, 0, 1, 1]),
      from([11, 0, 0, 1]),
    ]);
    expect(packets.map((p) => p.src)).to.deep.equal([
      '10.0.0.1:1234',
      '10.0.0.3:1234',
      '10.0.0.1:1234',
      '10.1.0.1:1234',
      '10.0.1.1:1234',
      '11.0.0.1:1234',
    ]);
    expect([...skipped]).to.deep.equal([
      ['link type 105 is not read (Ethernet, Linux cooked, raw IP and loopback are)', 2],
    ]);
  });
});
