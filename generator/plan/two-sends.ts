/**
 * A retransmission with data of two sends unacknowledged. What the spec retransmits then is
 * the earliest unacknowledged data joined up to the MSS; RFC 9293 lets a sender retransmit the
 * first segment as it was sent, or carry the FIN on the last data (spec/latitude.yaml rto,
 * data-with-fin). A case on the usual path has one send at most, so it shows neither: this path
 * sends twice more as soon as it is ESTABLISHED, then goes on as the usual one does.
 */
import type { Spec } from '../../core/spec/types.js';
import { stepFrom, type Path, type PathStep } from './paths.js';
import type { Choices, World } from './world.js';

/** `start` with two sends made right after it enters ESTABLISHED; undefined where it never does, or the rest of it no longer fires. */
export function twoSendsStart(spec: Spec, start: Path, choices: Choices): Path | undefined {
  const at = start.steps.findIndex((s) => s.outcome.world.state === 'ESTABLISHED');
  if (at < 0) return undefined;
  const steps: PathStep[] = start.steps.slice(0, at + 1);
  let world = steps[at]!.outcome.world;
  const take = (step: PathStep | undefined): boolean => {
    if (!step) return false;
    steps.push(step);
    world = step.outcome.world;
    return true;
  };
  for (let i = 0; i < 2; i++) if (!take(sendFrom(spec, world, choices))) return undefined;
  for (const s of start.steps.slice(at + 1)) if (!take(stepFrom(spec, s.transition, world, choices))) return undefined;
  return { world, steps };
}

/** A send the application makes in `world`, by the first transition of the spec that takes it. */
function sendFrom(spec: Spec, world: World, choices: Choices): PathStep | undefined {
  for (const t of spec.transitions) {
    if (t.input.kind !== 'call' || t.input.call !== 'send') continue;
    const step = stepFrom(spec, t, world, choices);
    if (step) return step;
  }
  return undefined;
}
