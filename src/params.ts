/**
 * The parameters an implementation reports (Adapter.params: `init_ok.params` over JSON lines,
 * the `params` of a module's adapter, what the kernel adapter reads from Linux), checked before
 * a run relies on them: a name the spec does not declare is most likely a typo that would
 * silently leave the spec's default in force, and a value that is not a count of octets,
 * milliseconds or retries would plan nonsense.
 */
import { UsageError } from './errors.js';
import { GRANULARITY_PARAMETER, KEEPALIVE_PARAMETER, RTO_MIN_PARAMETER, TLP_PARAMETER } from '../core/latitude.js';

/**
 * The name of the parameter an implementation declares the tick of its ISN clock with, in ns
 * (RFC 9293 §3.4.1: about 4 µs; Linux: 64 ns). Declared, fuzz walks check that each ISN it
 * chose is the one before plus the time passed in ticks (src/fuzz/isn.ts).
 */
export const ISN_TICK_PARAMETER = 'ISN_TICK_NS';

/** Reported besides the spec's `parameters:`; the judge and reports read them, the plan does not. */
export const TOOL_PARAMETERS: Readonly<Record<string, string>> = {
  [RTO_MIN_PARAMETER]: "the retransmission timeout's lower bound, ms (RFC 6298 (2.4) asks 1 s; Linux has 200 ms)",
  [GRANULARITY_PARAMETER]: 'the timer granularity, ms: a timer may fire up to this late, never early',
  [KEEPALIVE_PARAMETER]:
    'the keep-alive idle time, ms: a probe may come after this long without a segment received (absent: keep-alives off)',
  [TLP_PARAMETER]:
    '1: it sends tail loss probes (RACK-TLP, RFC 8985): once per flight, the tail again before the RTO (absent: it does not)',
  [ISN_TICK_PARAMETER]:
    'the tick of its ISN clock, ns: the ISN of a new connection on the same addresses is the last one plus the ticks passed (absent: only checked to differ)',
};

/** The MSS option has 16 bits; everything else fits in 32 (a window, a time in ms, a count). */
const MAX_MSS = 0xffff;
const MAX_VALUE = 0xffff_ffff;
/** A segment size, a window, a time or an ISN tick of 0 would make every case (or ISN check) meaningless. */
const NOT_ZERO = ['MSS', 'RCV.WND', 'MSL', 'RTO', ISN_TICK_PARAMETER];

/**
 * What is wrong with the reported parameters, one clause each ("unknown parameter "MSl""),
 * given the names the spec declares; empty when nothing is.
 */
export function paramProblems(params: unknown, declared: readonly string[]): string[] {
  if (typeof params !== 'object' || params === null || Array.isArray(params))
    return ['params must be an object of names and numbers'];
  const known = [...declared, ...Object.keys(TOOL_PARAMETERS)];
  const problems: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (!known.includes(name)) {
      const near = known.find((k) => k.toLowerCase() === name.toLowerCase());
      problems.push(
        `unknown parameter "${name}"${near ? ` (did you mean "${near}"?)` : ''}; known: ${known.join(', ')}`,
      );
      continue;
    }
    const max = name === 'MSS' ? MAX_MSS : MAX_VALUE;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max)
      problems.push(`${name} must be a whole number from 0 to ${max}, got ${JSON.stringify(value)}`);
    else if (value === 0 && NOT_ZERO.includes(name)) problems.push(`${name} must not be 0`);
  }
  return problems;
}

/** The implementation's parameters cannot be used: exit 2 with what is wrong, as for any bad input. */
export class ParamsError extends UsageError {}

/** Throw ParamsError naming the implementation and each problem, if there is one. */
export function checkParams(implementation: string, params: unknown, declared: readonly string[]): void {
  const problems = paramProblems(params, declared);
  if (problems.length > 0)
    throw new ParamsError(`the implementation (${implementation}) reports bad parameters: ${problems.join('; ')}`);
}
