/**
 * Timed steps on a real clock. The spec's cases put a timer's deadline exactly at the end of
 * an `advance` step (a step that expects nothing runs up to 1 ms before it, the next step up
 * to it). Against a real clock, each deadline T (counted from the start of the run of advance
 * steps, when the timer started) gets a window of ±tol, tol = max(toleranceMs, tolerancePct %
 * of T): a step that must see nothing before the next one waits until T - tol, and any other
 * advance waits until T + tol. So an event is accepted anywhere in its window, and a timer
 * that must not fire is watched until its window has closed.
 */
import type { RealClock } from '../adapter.js';
import type { Step } from '../../core/case.js';

/** Real milliseconds to wait at each advance step (by index), given each step's planned wait. */
export function realWaits(
  steps: readonly Step[],
  planned: (step: Step & { kind: 'advance' }) => number,
  clock: RealClock,
): Map<number, number> {
  const waits = new Map<number, number>();
  let deadline = 0; // virtual time since the run of advances began
  let waited = 0; // real time waited since then
  for (const [i, step] of steps.entries()) {
    if (step.kind !== 'advance') {
      deadline = waited = 0;
      continue;
    }
    deadline += planned(step);
    const tol = Math.max(clock.toleranceMs, (deadline * clock.tolerancePct) / 100);
    const quiet = step.expect.segments.length === 0 && step.expect.app.length === 0;
    const until = quiet && steps[i + 1]?.kind === 'advance' ? deadline - tol : deadline + tol;
    const wait = Math.max(0, Math.round(until - waited));
    waits.set(i, wait);
    waited += wait;
  }
  return waits;
}

/** The real time a case waits in all. */
export function totalWait(waits: ReadonlyMap<number, number>): number {
  let sum = 0;
  for (const ms of waits.values()) sum += ms;
  return sum;
}
