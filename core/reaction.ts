/** What an endpoint does in response to one input: the segments it sends and what its application sees. */
import type { AppEventKind } from './case.js';
import type { Segment } from './segment.js';

export type AppEvent =
  | { readonly kind: 'data'; readonly data: Uint8Array }
  | { readonly kind: Exclude<AppEventKind, 'data'> };

/** What the IUT did in response to one request. */
export interface Reaction {
  readonly segments: readonly Segment[];
  readonly app: readonly AppEvent[];
}
