/** Segments for the harness's unit tests. */
import type { Segment } from '../../core/segment.js';
import { DEFAULT_ENDPOINTS } from '../../src/adapter.js';

/** A segment the IUT sends, from its port to the tester's: no flags, SN and AN 0, no data, unless given. */
export const fromIut = (fields: Partial<Segment>): Segment => ({
  srcPort: DEFAULT_ENDPOINTS.iut.port,
  dstPort: DEFAULT_ENDPOINTS.peer.port,
  seq: 0,
  ack: 0,
  flags: [],
  window: 65535,
  payload: new Uint8Array(0),
  ...fields,
});
