/**
 * The JSON messages of the adapter protocol (docs/adapter-protocol.md): the shapes of the
 * replies, checked with zod so a malformed reply fails with a clear message, and the
 * conversions between segments and their JSON form.
 */
import { z } from 'zod';
import type { Endpoints } from '../../adapter.js';
import type { AppEvent } from '../../../core/reaction.js';
import { FLAGS, normalizeFlags, type Segment } from '../../../core/segment.js';
import { decodeSegment, encodeSegment } from '../../wire/tcp-header.js';

export const PROTOCOL_VERSION = 1;

const u32 = z.number().int().min(0).max(0xffff_ffff);
const u16 = z.number().int().min(0).max(0xffff);
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');

const JsonSegment = z.object({
  src_port: u16.optional(),
  dst_port: u16.optional(),
  seq: u32.optional(),
  ack: u32.optional(),
  flags: z.array(z.enum(FLAGS)).optional(),
  window: u16.optional(),
  mss: u16.nullable().optional(),
  data: base64.optional(),
  raw: base64.optional(),
});
export type JsonSegment = z.infer<typeof JsonSegment>;

const Event = z.discriminatedUnion('type', [
  z.object({ type: z.literal('data'), data: base64 }),
  z.object({ type: z.enum(['eof', 'reset', 'refused', 'closing', 'no_connection', 'exists']) }),
]);

export const Capabilities = z.object({
  state_query: z.boolean().optional(),
  virtual_clock: z.boolean().optional(),
  isn_override: z.boolean().optional(),
  raw_headers: z.boolean().optional(),
});

/** Ten thousand segments in answer to one request is a flood, not TCP. */
export const MAX_SEGMENTS_PER_REPLY = 10_000;

export const Reply = z.discriminatedUnion('type', [
  z.object({
    in_reply_to: z.number().int(),
    type: z.literal('init_ok'),
    name: z.string().optional(),
    capabilities: Capabilities.optional(),
    params: z.record(z.string(), z.number()).optional(),
    /** Its declarations (a `run --variations` file as JSON), checked by the run. */
    declared: z.record(z.string(), z.unknown()).optional(),
  }),
  z.object({ in_reply_to: z.number().int(), type: z.literal('reset_ok') }),
  z.object({ in_reply_to: z.number().int(), type: z.literal('state_ok'), state: z.string() }),
  z.object({
    in_reply_to: z.number().int(),
    type: z.literal('reaction'),
    segments: z
      .array(JsonSegment)
      .max(MAX_SEGMENTS_PER_REPLY, `more than ${MAX_SEGMENTS_PER_REPLY} segments in one reply`),
    events: z.array(Event).optional(),
  }),
  z.object({ in_reply_to: z.number().int(), type: z.literal('error'), text: z.string().optional() }),
]);
export type Reply = z.infer<typeof Reply>;

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const unb64 = (s: string | undefined) => new Uint8Array(Buffer.from(s ?? '', 'base64'));

/** A segment the tester sends, in JSON form (plus raw bytes when the IUT reads headers). */
export function segmentToJson(s: Segment, ends: Endpoints, raw: boolean): JsonSegment {
  return {
    src_port: s.srcPort,
    dst_port: s.dstPort,
    seq: s.seq,
    ack: s.ack,
    flags: [...s.flags],
    window: s.window,
    ...(s.mss !== undefined ? { mss: s.mss } : {}),
    data: b64(s.payload),
    ...(raw ? { raw: b64(encodeSegment(s, { src: ends.peer.addr, dst: ends.iut.addr })) } : {}),
  };
}

/** A segment the IUT sent. With raw headers the bytes rule, and JSON fields beside them must agree. */
export function segmentFromJson(j: JsonSegment, ends: Endpoints, raw: boolean): Segment {
  if (raw) {
    if (j.raw === undefined) throw new Error('a segment without "raw", though the implementation declared raw_headers');
    const d = decodeSegment(unb64(j.raw), { src: ends.iut.addr, dst: ends.peer.addr });
    if (!d.ok) throw new Error(d.problem);
    const s = d.segment;
    const disagree = [
      j.seq !== undefined && j.seq !== s.seq ? `seq ${j.seq} vs ${s.seq}` : '',
      j.ack !== undefined && j.ack !== s.ack ? `ack ${j.ack} vs ${s.ack}` : '',
      j.flags !== undefined && normalizeFlags(j.flags).join() !== s.flags.join()
        ? `flags ${j.flags.join('+')} vs ${s.flags.join('+')}`
        : '',
    ].filter(Boolean);
    if (disagree.length > 0) throw new Error(`the JSON fields disagree with the raw header: ${disagree.join(', ')}`);
    return s;
  }
  const missing = (['src_port', 'dst_port', 'seq', 'flags'] as const).filter((k) => j[k] === undefined);
  if (missing.length > 0) throw new Error(`a segment without ${missing.join(', ')}`);
  return {
    srcPort: j.src_port!,
    dstPort: j.dst_port!,
    seq: j.seq!,
    ack: j.ack ?? 0,
    flags: normalizeFlags(j.flags!),
    window: j.window ?? 0,
    mss: j.mss ?? undefined,
    payload: unb64(j.data),
  };
}

export function eventFromJson(e: z.infer<typeof Event>): AppEvent {
  return e.type === 'data' ? { kind: 'data', data: unb64(e.data) } : { kind: e.type };
}

export function dataToJson(data: Uint8Array): string {
  return b64(data);
}
