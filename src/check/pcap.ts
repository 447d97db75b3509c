/**
 * The classic pcap format (tcpdump.org, "libpcap file format"): a 24-octet file header, then
 * records of a 16-octet header and the captured octets. The magic number says the byte order
 * and whether timestamps count micro- or nanoseconds.
 */
import { type Capture, CaptureError, cutShort, type Frame } from './frames.js';

const MICRO = 0xa1b2c3d4;
const NANO = 0xa1b23c4d;
/** The largest snapshot length libpcap writes (MAXIMUM_SNAPLEN): a record claiming more is damaged. */
const MAX_SNAPLEN = 262_144;

/** Is this a classic pcap file, in either byte order? */
export function isPcap(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [MICRO, NANO].includes(v.getUint32(0, false)) || [MICRO, NANO].includes(v.getUint32(0, true));
}

/**
 * A file that ends inside its last record (its header or its octets) is read up to that
 * record, with a warning, as tcpdump reads it: a capture stopped or copied mid-write. A record
 * header that claims more octets than any capture holds is damage: the file is read up to it,
 * with a warning that says so, since no later record can be found.
 */
export function readPcap(bytes: Uint8Array): Capture {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 24) throw new CaptureError(`truncated pcap file header (${bytes.length} of 24 octets)`);
  const little = [MICRO, NANO].includes(v.getUint32(0, true));
  const unit = v.getUint32(0, little) === NANO ? 1e-3 : 1;
  // The link type's low 16 bits; the upper ones carry FCS information (pcap draft, LinkType).
  const linkType = v.getUint32(20, little) & 0xffff;
  const frames: Frame[] = [];
  const warnings: string[] = [];
  for (let at = 24; at < bytes.length; ) {
    const number = frames.length + 1;
    if (at + 16 > bytes.length) {
      const n = bytes.length - at;
      warnings.push(cutShort(at, `packet ${number} has ${n} of 16 record header octets`, frames.length));
      break;
    }
    const caplen = v.getUint32(at + 8, little);
    const snaplen = Math.max(MAX_SNAPLEN, v.getUint32(16, little));
    if (caplen > snaplen) {
      const rest = bytes.length - at;
      warnings.push(
        `damaged at offset ${at}: packet ${number}'s record header claims ${caplen} captured octets, more than a capture holds (${snaplen}); the ${frames.length} frame${frames.length === 1 ? '' : 's'} before it ${frames.length === 1 ? 'was' : 'were'} read, the last ${rest} octets were not`,
      );
      break;
    }
    if (at + 16 + caplen > bytes.length) {
      const what = `packet ${number} has ${bytes.length - at - 16} of ${caplen} captured octets`;
      warnings.push(cutShort(at, what, frames.length));
      break;
    }
    const time = v.getUint32(at, little) * 1e6 + v.getUint32(at + 4, little) * unit;
    frames.push({ number, time, linkType, data: bytes.subarray(at + 16, at + 16 + caplen) });
    at += 16 + caplen;
  }
  return { frames, warnings };
}
