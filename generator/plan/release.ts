/**
 * The tester's ACK that makes held data go out. The Nagle algorithm (RFC 9293 §3.7.4, SHLD-7)
 * lets a sender hold a short segment while sent data is unacknowledged; once all of that is
 * acknowledged, the held segment must go. A case that sends data in full-sized segments and a
 * short tail ends with that ACK: the ACK of every full-sized segment sent, not of the tail
 * (an ACK of the tail would acknowledge octets a holding sender never sent). The spec sends
 * nothing on it; an endpoint that holds the tail sends it there, and one that holds it for
 * good fails (src/judge/held.ts).
 */
import { abs, type Sym } from '../../core/expr/evaluate.js';
import * as seq from '../../core/seq.js';
import type { Spec } from '../../core/spec/types.js';
import { stepFrom, type PathStep } from './paths.js';
import type { Choices, World } from './world.js';

/** The ACK of every full-sized segment of what the IUT sent, by the transition the spec takes it with; undefined when no short tail is left after them. */
export function releaseStep(spec: Spec, world: World, choices: Choices): PathStep | undefined {
  const { sent } = world;
  const mss = choices.peerMss;
  if (!sent || mss === null) return undefined;
  const tail = sent.data.length % mss;
  const full = sent.data.length - tail;
  if (tail === 0 || full === 0) return undefined;
  const ack: Sym = { ...sent.start, off: seq.add(sent.start.off, full) };
  const fixed = new Map([
    ['SEG.ACK', ack],
    ['SEG.DATA', abs(0)],
  ]);
  for (const t of spec.transitions) {
    const input = t.input;
    if (t.from !== world.state || input.kind !== 'segment' || input.ctl.length !== 1 || input.ctl[0] !== 'ACK')
      continue;
    const step = stepFrom(spec, t, world, { ...choices, fixed });
    if (step) return step;
  }
  return undefined;
}
