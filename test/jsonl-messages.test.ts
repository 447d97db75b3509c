/**
 * The adapter protocol's messages (src/adapters/jsonl/messages.ts, docs/adapter-protocol.md):
 * which replies are well formed, and how segments and events cross between JSON and the
 * harness, with raw headers or without. A malformed reply must be refused, never guessed at.
 */
import { expect } from 'chai';
import { bytes, type Segment } from '../core/segment.js';
import { DEFAULT_ENDPOINTS } from '../src/adapter.js';
import {
  dataToJson,
  eventFromJson,
  MAX_SEGMENTS_PER_REPLY,
  Reply,
  segmentFromJson,
  segmentToJson,
} from '../src/adapters/jsonl/messages.js';
import { encodeSegment } from '../src/wire/tcp-header.js';

const ends = DEFAULT_ENDPOINTS;
const b64 = (text: string) => Buffer.from(text).toString('base64');

/** The tester's segment to the IUT. */
const toIut: Segment = {
  srcPort: ends.peer.port,
  dstPort: ends.iut.port,
  seq: 0xffff_ffff,
  ack: 17,
  flags: ['SYN', 'ACK'],
  window: 65535,
  mss: 536,
  payload: bytes('hi'),
};
/** The IUT's segment to the tester, as raw octets in base64. */
const fromIut: Segment = { ...toIut, srcPort: ends.iut.port, dstPort: ends.peer.port, flags: ['ACK'], mss: undefined };
/** A segment from the IUT as the raw octets in base64 it sends (a function: nothing is encoded while the tests load). */
const rawOf = (s: Segment) =>
  Buffer.from(encodeSegment(s, { src: ends.iut.addr, dst: ends.peer.addr })).toString('base64');

/** The first problem zod finds with a reply, as "message at path", or 'ok'. */
function problem(reply: unknown): string {
  const r = Reply.safeParse(reply);
  if (r.success) return 'ok';
  const issue = r.error.issues[0]!;
  return `${issue.message} at ${issue.path.join('.')}`;
}

describe('adapter protocol messages (src/adapters/jsonl/messages.ts)', () => {
  describe('replies', () => {
    it('takes each well-formed reply', () => {
      for (const reply of [
        { in_reply_to: 1, type: 'init_ok' },
        {
          in_reply_to: 1,
          type: 'init_ok',
          name: 'x',
          capabilities: { state_query: true, virtual_clock: false, isn_override: true, raw_headers: false },
          params: { MSS: 1460 },
        },
        { in_reply_to: 2, type: 'reset_ok' },
        { in_reply_to: 3, type: 'state_ok', state: 'LISTEN' },
        { in_reply_to: 4, type: 'reaction', segments: [] },
        {
          in_reply_to: 4,
          type: 'reaction',
          segments: [
            { src_port: 0, dst_port: 65535, seq: 0, ack: 0xffff_ffff, flags: ['SYN', 'ACK'], window: 0, mss: null },
          ],
          events: [
            { type: 'data', data: 'aGk=' },
            ...['eof', 'reset', 'refused', 'closing', 'no_connection', 'exists'].map((type) => ({ type })),
          ],
        },
        { in_reply_to: 5, type: 'error' },
        { in_reply_to: 5, type: 'error', text: 'no' },
      ])
        expect(problem(reply), JSON.stringify(reply)).to.equal('ok');
    });

    it('refuses a field out of range, of the wrong kind, or unknown, saying where', () => {
      const reaction = (segment: object) => ({ in_reply_to: 4, type: 'reaction', segments: [segment] });
      expect(problem(reaction({ seq: 0x1_0000_0000 }))).to.match(/ at segments\.0\.seq$/);
      expect(problem(reaction({ seq: -1 }))).to.match(/ at segments\.0\.seq$/);
      expect(problem(reaction({ seq: 1.5 }))).to.match(/ at segments\.0\.seq$/);
      expect(problem(reaction({ ack: 0x1_0000_0000 }))).to.match(/ at segments\.0\.ack$/);
      expect(problem(reaction({ src_port: 65536 }))).to.match(/ at segments\.0\.src_port$/);
      expect(problem(reaction({ dst_port: -1 }))).to.match(/ at segments\.0\.dst_port$/);
      expect(problem(reaction({ window: 65536 }))).to.match(/ at segments\.0\.window$/);
      expect(problem(reaction({ mss: 65536 }))).to.match(/ at segments\.0\.mss$/);
      expect(problem(reaction({ flags: ['URG'] }))).to.match(/ at segments\.0\.flags\.0$/);
      expect(problem(reaction({ data: 'not base64!' }))).to.equal('not base64 at segments.0.data');
      expect(problem(reaction({ raw: 'a=b' }))).to.equal('not base64 at segments.0.raw');
      expect(problem(reaction({ data: 'aGk' }))).to.equal('ok');
      expect(problem({ in_reply_to: 4, type: 'reaction', segments: [], events: [{ type: 'boom' }] })).to.match(
        / at events\.0\.type$/,
      );
      expect(problem({ in_reply_to: 4, type: 'reaction', segments: [], events: [{ type: 'data' }] })).to.match(
        / at events\.0\.data$/,
      );
      expect(problem({ in_reply_to: 4, type: 'reaction' })).to.match(/ at segments$/);
      expect(problem({ in_reply_to: 3, type: 'state_ok' })).to.match(/ at state$/);
      expect(problem({ in_reply_to: 1.5, type: 'reset_ok' })).to.match(/ at in_reply_to$/);
      expect(problem({ type: 'reset_ok' })).to.match(/ at in_reply_to$/);
      expect(problem({ in_reply_to: 1, type: 'bonjour' })).to.match(/ at type$/);
      expect(problem({ in_reply_to: 1, type: 'init_ok', capabilities: { state_query: 'yes' } })).to.match(
        / at capabilities\.state_query$/,
      );
      expect(problem({ in_reply_to: 1, type: 'init_ok', params: { MSS: '1460' } })).to.match(/ at params\.MSS$/);
    });

    it(`refuses more than ${MAX_SEGMENTS_PER_REPLY} segments in one reply: a flood, not TCP`, () => {
      const many = (n: number) => ({ in_reply_to: 4, type: 'reaction', segments: new Array(n).fill({}) });
      expect(problem(many(MAX_SEGMENTS_PER_REPLY))).to.equal('ok');
      expect(problem(many(MAX_SEGMENTS_PER_REPLY + 1))).to.equal(
        `more than ${MAX_SEGMENTS_PER_REPLY} segments in one reply at segments`,
      );
    });
  });

  describe('segments', () => {
    it('a segment to the IUT goes as JSON fields, the MSS option only when there is one, raw octets when asked', () => {
      expect(segmentToJson(toIut, ends, false)).to.deep.equal({
        src_port: 9000,
        dst_port: 7000,
        seq: 0xffff_ffff,
        ack: 17,
        flags: ['SYN', 'ACK'],
        window: 65535,
        mss: 536,
        data: 'aGk=',
      });
      expect(segmentToJson({ ...toIut, mss: undefined }, ends, false)).to.not.have.property('mss');
      const raw = segmentToJson(toIut, ends, true).raw!;
      // The raw octets carry the checksum over the pseudo-header of the two ends' addresses.
      expect(raw).to.equal(
        Buffer.from(encodeSegment(toIut, { src: ends.peer.addr, dst: ends.iut.addr })).toString('base64'),
      );
      // (Swapping the two addresses gives the same sum: the pseudo-header adds them.)
    });

    it('a segment from the IUT in JSON fields: the flags put in order, what may be left out given its default', () => {
      expect(
        segmentFromJson(
          { src_port: 7000, dst_port: 9000, seq: 5, flags: ['ACK', 'SYN'], data: b64('ok') },
          ends,
          false,
        ),
      ).to.deep.equal({
        srcPort: 7000,
        dstPort: 9000,
        seq: 5,
        ack: 0,
        flags: ['SYN', 'ACK'],
        window: 0,
        mss: undefined,
        payload: bytes('ok'),
      });
      const full = segmentFromJson(
        { src_port: 7000, dst_port: 9000, seq: 5, ack: 6, flags: [], window: 100, mss: 1460 },
        ends,
        false,
      );
      expect(full).to.deep.include({ ack: 6, window: 100, mss: 1460 });
      expect(full.payload).to.deep.equal(new Uint8Array(0));
      expect(segmentFromJson({ src_port: 1, dst_port: 2, seq: 3, flags: [], mss: null }, ends, false).mss).to.equal(
        undefined,
      );
    });

    it('a segment from the IUT without its ports, SN or flags is refused, naming what is missing', () => {
      expect(() => segmentFromJson({ flags: ['ACK'] }, ends, false)).to.throw(
        'a segment without src_port, dst_port, seq',
      );
      expect(() => segmentFromJson({ src_port: 1, dst_port: 2, seq: 3 }, ends, false)).to.throw(
        /^a segment without flags$/,
      );
      expect(() => segmentFromJson({ src_port: 1, seq: 3, flags: [] }, ends, false)).to.throw(
        /^a segment without dst_port$/,
      );
    });

    it('with raw headers the octets rule, checked against the pseudo-header of the IUT and tester addresses', () => {
      expect(segmentFromJson({ raw: rawOf(fromIut) }, ends, true)).to.deep.equal(fromIut);
      expect(() => segmentFromJson({ seq: 1 }, ends, true)).to.throw(
        'a segment without "raw", though the implementation declared raw_headers',
      );
      const elsewhere = { ...ends, iut: { ...ends.iut, addr: '192.0.2.9' } };
      expect(() => segmentFromJson({ raw: rawOf(fromIut) }, elsewhere, true)).to.throw(
        /^raw header: bad checksum 0x[0-9a-f]{4} \(the pseudo-header uses 192\.0\.2\.9 -> 192\.0\.2\.2\)$/,
      );
    });

    it('JSON fields beside the raw octets must agree with them, each one named', () => {
      const agree = { raw: rawOf(fromIut), seq: fromIut.seq, ack: fromIut.ack, flags: ['ACK' as const] };
      expect(segmentFromJson(agree, ends, true)).to.deep.equal(fromIut);
      expect(() => segmentFromJson({ ...agree, seq: 1 }, ends, true)).to.throw(
        'the JSON fields disagree with the raw header: seq 1 vs 4294967295',
      );
      expect(() => segmentFromJson({ ...agree, ack: 18, flags: ['SYN', 'ACK'] }, ends, true)).to.throw(
        'the JSON fields disagree with the raw header: ack 18 vs 17, flags SYN+ACK vs ACK',
      );
      expect(() => segmentFromJson({ ...agree, flags: [] }, ends, true)).to.throw(
        'the JSON fields disagree with the raw header: flags  vs ACK',
      );
      const synAckRaw = rawOf({ ...fromIut, flags: ['SYN', 'ACK'] });
      expect(() => segmentFromJson({ raw: synAckRaw, flags: ['ACK'] }, ends, true)).to.throw(
        'the JSON fields disagree with the raw header: flags ACK vs SYN+ACK',
      );
      // The same flags in another order agree.
      const synAck = { ...fromIut, flags: ['SYN', 'ACK'] } as const;
      const raw = rawOf(synAck);
      expect(segmentFromJson({ raw, flags: ['ACK', 'SYN'] }, ends, true)).to.deep.equal(synAck);
    });
  });

  describe('application events and data', () => {
    it('data arrives in base64; the other events by name', () => {
      expect(eventFromJson({ type: 'data', data: b64('hello') })).to.deep.equal({ kind: 'data', data: bytes('hello') });
      expect(eventFromJson({ type: 'refused' })).to.deep.equal({ kind: 'refused' });
      expect(dataToJson(bytes('hello'))).to.equal('aGVsbG8=');
      expect(dataToJson(new Uint8Array(0))).to.equal('');
    });
  });
});
