/**
 * Real TCP headers and IPv4 framing (src/wire/): the octets an implementation that reads
 * headers gets, and every check a receiver makes of the octets it sends. The expected octets
 * were computed apart from this code (RFC 9293 §3.1, RFC 791, RFC 1071's checksum example).
 */
import { expect } from 'chai';
import { bytes, type Segment } from '../core/segment.js';
import { internetChecksum } from '../src/wire/checksum.js';
import { unwrapIpv4, wrapIpv4 } from '../src/wire/ipv4.js';
import { decodeSegment, encodeSegment, ipv4, readHeader, tcpChecksum } from '../src/wire/tcp-header.js';

const hex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => Number.parseInt(b, 16)));
const addrs = { src: '10.0.0.1', dst: '10.0.0.2' };

/** SYN+ACK from port 0x1234 to 0x5678 with an MSS option of 1460 and the data "hi". */
const SEGMENT: Segment = {
  srcPort: 0x1234,
  dstPort: 0x5678,
  seq: 0x0102_0304,
  ack: 0x0506_0708,
  flags: ['SYN', 'ACK'],
  window: 0x1000,
  mss: 1460,
  payload: bytes('hi'),
};
const OCTETS = '1234567801020304050607086012100092e80000020405b46869';

/** The segment's octets with `edit` applied and the checksum made right again. */
function edited(edit: (b: Uint8Array) => void): Uint8Array {
  const b = hex(OCTETS);
  edit(b);
  b[16] = 0;
  b[17] = 0;
  const sum = tcpChecksum(b, addrs);
  b[16] = sum >> 8;
  b[17] = sum & 0xff;
  return b;
}

describe('the Internet checksum (src/wire/checksum.ts)', () => {
  it("RFC 1071's example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2, so the checksum is 220d", () => {
    expect(internetChecksum(hex('0001f203f4f5f6f7'))).to.equal(0x220d);
  });

  it('folds the carries back in, pads an odd tail with zero, and sums across chunks', () => {
    expect(internetChecksum(hex('ffffffff'))).to.equal(0x0000);
    expect(internetChecksum(hex('ffff0001'))).to.equal(0xfffe);
    expect(internetChecksum(hex('01'))).to.equal(0xfeff);
    expect(internetChecksum([0x00, 0x01], hex('f203'), [0xf4, 0xf5, 0xf6, 0xf7])).to.equal(0x220d);
    expect(internetChecksum()).to.equal(0xffff);
  });
});

describe('TCP headers (src/wire/tcp-header.ts)', () => {
  it('reads dotted IPv4 addresses, and refuses anything else', () => {
    expect(ipv4('192.0.2.255')).to.deep.equal([192, 0, 2, 255]);
    expect(ipv4('0.0.0.0')).to.deep.equal([0, 0, 0, 0]);
    for (const bad of ['1.2.3', '1.2.3.4.5', '1.2.3.256', '1.2.3.-1', '1.2.3.x', '1.2.3.1.5', '1.2.3.4.'])
      expect(() => ipv4(bad), bad).to.throw(`not an IPv4 address: ${bad}`);
  });

  it('encodes every field where RFC 9293 §3.1 puts it, the MSS option after the fixed header, then the data', () => {
    expect(Buffer.from(encodeSegment(SEGMENT, addrs)).toString('hex')).to.equal(OCTETS);
    const bare = encodeSegment(
      { ...SEGMENT, mss: undefined, payload: new Uint8Array(0), flags: ['FIN', 'RST', 'PSH'] },
      addrs,
    );
    expect(bare.length).to.equal(20);
    expect(bare[12]).to.equal(0x50);
    expect(bare[13]).to.equal(0x0d);
  });

  it('the checksum covers the pseudo-header: the same octets from other addresses do not check', () => {
    expect(tcpChecksum(hex(OCTETS), addrs)).to.equal(0);
    expect(tcpChecksum(hex(OCTETS), { src: '10.0.0.1', dst: '10.0.0.3' })).to.not.equal(0);
    expect(tcpChecksum(hex(OCTETS), { src: '10.0.0.2', dst: '10.0.0.1' })).to.equal(0);
    // The length is part of the pseudo-header: a segment of 256 octets or more puts it in the high octet.
    const long = encodeSegment({ ...SEGMENT, payload: new Uint8Array(300).fill(7) }, addrs);
    expect(tcpChecksum(long, addrs)).to.equal(0);
    expect(decodeSegment(long, addrs)).to.deep.include({ ok: true });
  });

  it('decodes what it encodes, field by field, as its own copy', () => {
    const octets = hex(OCTETS);
    const d = decodeSegment(octets, addrs);
    expect(d).to.deep.equal({ ok: true, segment: SEGMENT });
    octets[24] = 0;
    expect(d.ok && d.segment.payload).to.deep.equal(bytes('hi'));
    for (const flags of [['SYN'], ['FIN', 'ACK'], ['RST'], ['PSH', 'ACK'], []] as const) {
      const s = { ...SEGMENT, flags, mss: undefined };
      expect(decodeSegment(encodeSegment(s, addrs), addrs)).to.deep.equal({ ok: true, segment: s });
    }
  });

  it('a bad checksum names the value found and the addresses of the pseudo-header', () => {
    const b = hex(OCTETS);
    b[17] = 0xe9;
    expect(decodeSegment(b, addrs)).to.deep.equal({
      ok: false,
      problem: 'raw header: bad checksum 0x92e9 (the pseudo-header uses 10.0.0.1 -> 10.0.0.2)',
    });
    b[16] = 0x02;
    b[17] = 0x08;
    expect(decodeSegment(b, addrs)).to.deep.include({
      problem: 'raw header: bad checksum 0x0208 (the pseudo-header uses 10.0.0.1 -> 10.0.0.2)',
    });
  });

  it('refuses URG, which tcpconform does not use, but only once the checksum holds', () => {
    expect(
      decodeSegment(
        edited((b) => (b[13] = 0x32)),
        addrs,
      ),
    ).to.deep.equal({
      ok: false,
      problem: 'raw header: URG is set; tcpconform does not use urgent data',
    });
    const urgBadSum = hex(OCTETS);
    urgBadSum[13] = 0x32;
    const d = decodeSegment(urgBadSum, addrs);
    expect(d.ok === false && d.problem).to.match(/^raw header: bad checksum/);
    // readHeader, for captures, ignores URG: the flags are the five modelled ones.
    const r = readHeader(edited((b) => (b[13] = 0x32)));
    expect(r.ok && r.segment.flags).to.deep.equal(['SYN', 'ACK']);
  });

  it('a header whole in its 20 octets is checksummed; a header not whole is named as such, whatever its checksum', () => {
    const bare = encodeSegment({ ...SEGMENT, mss: undefined, payload: new Uint8Array(0) }, addrs);
    bare[17] = bare[17]! ^ 1;
    expect(decodeSegment(bare, addrs)).to.deep.include({ ok: false });
    expect((decodeSegment(bare, addrs) as { problem: string }).problem).to.match(/^raw header: bad checksum/);
    const badSum = (edit: (b: Uint8Array) => void) => {
      const b = hex(OCTETS);
      edit(b);
      b[17] = b[17]! ^ 1;
      return (decodeSegment(b, addrs) as { problem: string }).problem;
    };
    expect(badSum((b) => (b[12] = 0x40))).to.equal('raw header: data offset 4 words does not fit a 26-octet segment');
    expect(badSum((b) => (b[12] = 0x70))).to.equal('raw header: data offset 7 words does not fit a 26-octet segment');
    expect(badSum(() => {})).to.match(/^raw header: bad checksum/);
  });

  it('a header shorter than 20 octets, or a data offset that does not fit, is named with its numbers', () => {
    expect(decodeSegment(hex(OCTETS).subarray(0, 19), addrs)).to.deep.equal({
      ok: false,
      problem: 'raw header: 19 octets, a TCP header has at least 20',
    });
    expect(readHeader(edited((b) => (b[12] = 0x40)))).to.deep.equal({
      ok: false,
      problem: 'raw header: data offset 4 words does not fit a 26-octet segment',
    });
    expect(
      decodeSegment(
        edited((b) => (b[12] = 0x70)),
        addrs,
      ),
    ).to.deep.equal({
      ok: false,
      problem: 'raw header: data offset 7 words does not fit a 26-octet segment',
    });
    // 20 octets and an offset of exactly 5 words: a whole header without options.
    const bare = encodeSegment({ ...SEGMENT, mss: undefined, payload: new Uint8Array(0) }, addrs);
    expect(decodeSegment(bare, addrs).ok).to.equal(true);
    expect(readHeader(bare.subarray(0, 20)).ok).to.equal(true);
  });

  it('reads options: no-operation and end of list, skips unknown ones, and checks every length', () => {
    // Options area: NOP, MSS 1460, then end of list before what would be another option.
    const withNop = (opts: number[]) => {
      const seg = hex(OCTETS).subarray(0, 20);
      const out = new Uint8Array(20 + opts.length);
      out.set(seg);
      out.set(opts, 20);
      out[12] = ((20 + opts.length) / 4) << 4;
      return out;
    };
    const mssOf = (b: Uint8Array) => {
      const r = readHeader(b);
      return r.ok ? r.segment.mss : r.problem;
    };
    expect(mssOf(withNop([1, 2, 4, 0x05, 0xb4, 0, 0, 0]))).to.equal(1460);
    expect(mssOf(withNop([0, 2, 4, 0x05, 0xb4, 0, 0, 0]))).to.equal(undefined);
    expect(mssOf(withNop([8, 10, 1, 2, 3, 4, 5, 6, 7, 8, 2, 4, 0x02, 0x18, 0, 0]))).to.equal(536);
    expect(mssOf(withNop([2, 3, 0x05, 0xb4]))).to.equal('raw header: MSS option with length 3, must be 4');
    expect(mssOf(withNop([1, 1, 1, 8, 1, 0, 0, 0]))).to.equal(
      'raw header: option kind 8 at offset 23 has a bad length',
    );
    expect(mssOf(withNop([1, 1, 1, 8]))).to.equal('raw header: option kind 8 at offset 23 has a bad length');
    expect(mssOf(withNop([1, 1, 8, 2]))).to.equal(undefined);
    expect(mssOf(withNop([1, 1, 8, 3]))).to.equal('raw header: option kind 8 at offset 22 has a bad length');
    expect(mssOf(withNop([2, 4, 0x05, 0xb4, 1, 1, 1, 1]))).to.equal(1460);
  });

  it('readHeader gives the data as a view of the octets, not a copy', () => {
    const b = hex(OCTETS);
    const r = readHeader(b);
    b[24] = 0x78;
    expect(r.ok && r.segment.payload).to.deep.equal(bytes('xi'));
  });
});

describe('IPv4 framing (src/wire/ipv4.ts)', () => {
  const tcp = hex(OCTETS);

  it('wraps a segment in a 20-octet header: version 4, its length, the id, DF, TTL 64, TCP, a checksum that holds, the addresses', () => {
    const p = wrapIpv4(tcp, addrs, 0x1234);
    expect(Buffer.from(p.subarray(0, 20)).toString('hex')).to.equal(
      '4500002e1234400040061494' + '0a000001' + '0a000002',
    );
    expect(internetChecksum(p.subarray(0, 20))).to.equal(0);
    expect(p.subarray(20)).to.deep.equal(tcp);
    expect(wrapIpv4(tcp, addrs, 0xab_cdef)[4]).to.equal(0xcd);
    expect(wrapIpv4(new Uint8Array(300), addrs, 1)[2]).to.equal(0x01);
  });

  it('unwraps what it wraps, with the addresses; a header with nothing after it is an empty segment', () => {
    expect(unwrapIpv4(wrapIpv4(tcp, addrs, 7))).to.deep.equal({ addrs, tcp });
    expect(unwrapIpv4(wrapIpv4(new Uint8Array(0), addrs, 7))).to.deep.equal({ addrs, tcp: new Uint8Array(0) });
  });

  it('takes only whole TCP segments in IPv4: anything else is not ours', () => {
    const p = () => wrapIpv4(tcp, addrs, 7);
    const edit = (f: (b: Uint8Array) => void) => {
      const b = p();
      f(b);
      return unwrapIpv4(b);
    };
    expect(unwrapIpv4(p().subarray(0, 19))).to.equal(undefined);
    expect(edit((b) => (b[0] = 0x65))).to.equal(undefined);
    expect(edit((b) => (b[9] = 17))).to.equal(undefined);
    expect(edit((b) => (b[0] = 0x44))).to.equal(undefined);
    expect(edit((b) => (b[3] = 19))).to.equal(undefined);
    expect(edit((b) => (b[3] = 47))).to.equal(undefined);
    expect(edit((b) => (b[6] = 0x60))).to.equal(undefined);
    expect(edit((b) => (b[6] = 0x41))).to.equal(undefined);
    expect(edit((b) => (b[7] = 1))).to.equal(undefined);
    // DF alone is a whole segment.
    expect(edit((b) => (b[6] = 0x40))).to.deep.equal({ addrs, tcp });
  });

  it('skips IP options and drops what lies past the total length', () => {
    const withOptions = new Uint8Array(24 + tcp.length + 3);
    withOptions.set([0x46, 0, 0, 24 + tcp.length, 0, 0, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, 1, 1, 1, 0]);
    withOptions.set(tcp, 24);
    expect(unwrapIpv4(withOptions)).to.deep.equal({ addrs, tcp });
    // Exactly the total length present: the segment is whole.
    expect(unwrapIpv4(withOptions.subarray(0, 24 + tcp.length))).to.deep.equal({ addrs, tcp });
  });
});
