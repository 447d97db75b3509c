/**
 * Reading a capture file of either format, told apart by its first four octets.
 */
import { type Capture, CaptureError, type Frame } from './frames.js';
import { isPcap, readPcap } from './pcap.js';
import { isPcapng, readPcapng } from './pcapng.js';

export function readCapture(bytes: Uint8Array): Capture {
  if (isPcapng(bytes)) return readPcapng(bytes);
  if (isPcap(bytes)) return readPcap(bytes);
  if (bytes.length === 0) throw new CaptureError('empty file');
  throw new CaptureError('not a capture file (neither pcap nor pcapng: unknown magic number)');
}

export { type Capture, CaptureError, type Frame };
