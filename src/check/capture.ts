/**
 * Reading a capture file of either format, told apart by its first four octets.
 */
import { CaptureError, type Frame } from './frames.js';
import { isPcap, readPcap } from './pcap.js';
import { isPcapng, readPcapng } from './pcapng.js';

export function readCapture(bytes: Uint8Array): Frame[] {
  if (isPcapng(bytes)) return readPcapng(bytes);
  if (isPcap(bytes)) return readPcap(bytes);
  if (bytes.length === 0) throw new CaptureError('empty file');
  throw new CaptureError('not a capture file (neither pcap nor pcapng: unknown magic number)');
}

export { CaptureError, type Frame };
