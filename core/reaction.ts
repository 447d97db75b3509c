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
  /**
   * How long before the reaction was returned each segment was sent, ms (absent: at its end).
   * An adapter that knows (a real clock that timestamps what it captures, or a long wait on a
   * virtual one) says so, so a judge can time retransmissions that come during one step.
   */
  readonly ago?: readonly number[];
}
