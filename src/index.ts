/**
 * tcpconform's public entry: the adapter interface, the test-case format, the harness, and
 * the adapters that ship with it.
 */
export type { Adapter, AppCall, AppEvent, Capabilities, Endpoints, Reaction, RealClock, ResetOptions } from './adapter.js';
export { DEFAULT_ENDPOINTS } from './adapter.js';
export type { Capability, Step, StepVariation, TestCase, Term, SegmentPattern, SegmentSpec, Expectation, Variant } from './case.js';
export { VARIANTS } from './case.js';
export type { Flag, Segment } from './segment.js';
export { bytes, text, segLen, controlKey } from './segment.js';
export * as seq from './seq.js';
export { runCase, type CaseResult, type Verdict, type TranscriptEntry } from './harness/run-case.js';
export { runConformanceCase, setRunContext, type RunContext } from './harness/context.js';
export { formatFailure } from './harness/format.js';
export { ReferenceAdapter, type ReferenceOptions } from './adapters/reference.js';
export { KernelAdapter, type KernelOptions } from './adapters/kernel/adapter.js';
