/**
 * The pcapng format (RFC draft-ietf-opsawg-pcapng): a sequence of blocks, each `type, total
 * length, body, total length`. A Section Header Block sets the byte order; Interface
 * Description Blocks give each interface's link type and timestamp resolution; packets come
 * in Enhanced, Simple and (obsolete) Packet Blocks. Every other block is skipped, as the
 * format asks of readers that do not know it. Written here rather than taken from npm: the
 * parsers there read classic pcap only or are unmaintained, and this is the whole of what a
 * reader needs (about a hundred lines).
 */
import { type Capture, CaptureError, cutShort, type Frame } from './frames.js';

const SHB = 0x0a0d0d0a;
const IDB = 0x00000001;
const OPB = 0x00000002;
const SPB = 0x00000003;
const EPB = 0x00000006;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;

interface Interface {
  readonly linkType: number;
  readonly snapLen: number;
  /** Timestamp units per microsecond. */
  readonly perMicro: number;
  /** Seconds added to every timestamp (if_tsoffset). */
  readonly offsetSeconds: number;
}

export function isPcapng(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0) === SHB;
}

/**
 * A file that ends inside its last block is read up to that block, with a warning; a block
 * that is damaged inside the file (a bad length, a trailing length that does not match) is
 * an error, since nothing after it can be found.
 */
export function readPcapng(bytes: Uint8Array): Capture {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const frames: Frame[] = [];
  const warnings: string[] = [];
  let little = true;
  let interfaces: Interface[] = [];
  let lastTime = 0;
  for (let at = 0; at < bytes.length; ) {
    if (at + 12 > bytes.length) {
      if (at === 0) throw new CaptureError(`truncated: block at offset 0 has ${bytes.length} of at least 12 octets`);
      const n = bytes.length - at;
      warnings.push(cutShort(at, `a block has ${n} of at least 12 octets`, frames.length));
      break;
    }
    const type = v.getUint32(at, little);
    if (type === SHB) {
      // The section's byte order is known only from its magic, after the type and the length.
      const magic = v.getUint32(at + 8, true);
      if (magic === BYTE_ORDER_MAGIC) little = true;
      else if (v.getUint32(at + 8, false) === BYTE_ORDER_MAGIC) little = false;
      else throw new CaptureError(`section header at offset ${at} has no byte-order magic`);
      interfaces = [];
    }
    const length = v.getUint32(at + 4, little);
    if (length < 12 || length % 4 !== 0) throw new CaptureError(`block at offset ${at} has a bad length ${length}`);
    if (at + length > bytes.length) {
      if (at === 0) throw new CaptureError(`truncated: block at offset 0 has ${bytes.length} of ${length} octets`);
      warnings.push(
        cutShort(at, `a block of type ${type} has ${bytes.length - at} of ${length} octets`, frames.length),
      );
      break;
    }
    if (v.getUint32(at + length - 4, little) !== length)
      throw new CaptureError(`block at offset ${at}: its trailing length does not match ${length}`);
    const body = at + 8;
    const end = at + length - 4;
    const need = (octets: number, what: string) => {
      if (body + octets > end) throw new CaptureError(`${what} at offset ${at} is too short (${length} octets)`);
    };
    const iface = (id: number, what: string): Interface => {
      const i = interfaces[id];
      if (!i)
        throw new CaptureError(
          `${what} at offset ${at} names interface ${id}, which no interface description block declared`,
        );
      return i;
    };
    const timestamp = (i: Interface, off: number) =>
      (v.getUint32(off, little) * 0x1_0000_0000 + v.getUint32(off + 4, little)) / i.perMicro + i.offsetSeconds * 1e6;
    const packet = (data: number, caplen: number, time: number, i: Interface, what: string) => {
      if (data + caplen > end)
        throw new CaptureError(`truncated: ${what} at offset ${at} claims ${caplen} captured octets`);
      lastTime = time;
      frames.push({ number: frames.length + 1, time, linkType: i.linkType, data: bytes.subarray(data, data + caplen) });
    };
    switch (type) {
      case IDB:
        need(8, 'interface description block');
        interfaces.push(interfaceOf(v, body, end, little));
        break;
      case EPB: {
        need(20, 'enhanced packet block');
        const i = iface(v.getUint32(body, little), 'enhanced packet block');
        packet(body + 20, v.getUint32(body + 12, little), timestamp(i, body + 4), i, 'enhanced packet block');
        break;
      }
      case SPB: {
        need(4, 'simple packet block');
        const i = iface(0, 'simple packet block');
        const original = v.getUint32(body, little);
        // No captured length in the block: the packet's, cut at the interface's snapshot length.
        const caplen = i.snapLen > 0 ? Math.min(original, i.snapLen) : original;
        // No timestamp either: the packet is placed at the time of the one before it.
        packet(body + 4, caplen, lastTime, i, 'simple packet block');
        break;
      }
      case OPB: {
        need(20, 'packet block');
        const i = iface(v.getUint16(body, little), 'packet block');
        packet(body + 20, v.getUint32(body + 12, little), timestamp(i, body + 4), i, 'packet block');
        break;
      }
      default:
        break;
    }
    at += length;
  }
  return { frames, warnings };
}

function interfaceOf(v: DataView, body: number, end: number, little: boolean): Interface {
  let perMicro = 1;
  let offsetSeconds = 0;
  for (let at = body + 8; at + 4 <= end; ) {
    const code = v.getUint16(at, little);
    const len = v.getUint16(at + 2, little);
    if (code === 0) break;
    if (at + 4 + len > end) throw new CaptureError(`interface option ${code} at offset ${at} runs past its block`);
    if (code === IF_TSRESOL && len >= 1) {
      const r = v.getUint8(at + 4);
      // High bit clear: 10^-r seconds per unit; set: 2^-r.
      const perSecond = r & 0x80 ? 2 ** (r & 0x7f) : 10 ** r;
      perMicro = perSecond / 1e6;
    } else if (code === IF_TSOFFSET && len >= 8) {
      offsetSeconds = Number(v.getBigInt64(at + 4, little));
    }
    at += 4 + len + ((4 - (len % 4)) % 4);
  }
  return { linkType: v.getUint16(body, little), snapLen: v.getUint32(body + 4, little), perMicro, offsetSeconds };
}
