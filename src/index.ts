/**
 * tcpconform's public entry: the adapter interface, the test-case format, the harness, the
 * adapters that ship with it, and the trace checker for packet captures.
 */
export type { Adapter, AppCall, Capabilities, Endpoints, RealClock, ResetOptions } from './adapter.js';
export type { AppEvent, Reaction } from '../core/reaction.js';
export { DEFAULT_ENDPOINTS } from './adapter.js';
export type {
  Capability,
  Step,
  StepVariation,
  TestCase,
  Term,
  SegmentPattern,
  SegmentSpec,
  Expectation,
  Variant,
} from '../core/case.js';
export { VARIANTS } from '../core/case.js';
export type { Flag, Segment } from '../core/segment.js';
export { bytes, text, segLen, controlKey } from '../core/segment.js';
export * as seq from '../core/seq.js';
export { runCase, type CaseResult, type Verdict, type TranscriptEntry } from './harness/run-case.js';
export {
  conformance,
  runConformanceCase,
  setRunContext,
  type RunContext,
  type SuiteSpec,
  type TestContext,
} from './harness/context.js';
export { formatFailure, type RuleText } from './harness/format.js';
export {
  fixtures,
  identifications,
  testCase,
  type CaseScript,
  type Fixture,
  type FixtureScript,
  type Identification,
  type IdentificationScript,
  type ScriptStep,
  type SpecFacts,
} from '../core/script.js';
export {
  NotationError,
  parseApp,
  parsePattern,
  parseSegment,
  parseTerm,
  formatApp,
  formatPattern,
  formatSegment,
  formatTerm,
} from '../core/notation.js';
export { ReferenceAdapter, type ReferenceOptions } from './adapters/reference.js';
export { KernelAdapter, type KernelOptions } from './adapters/kernel/adapter.js';
export { checkCapture, type CheckResult, type ConnectionResult } from './check/check.js';
export { formatCheck, checkJson } from './check/report.js';
export { readCapture, CaptureError, type Frame } from './check/capture.js';
export { decodePackets, type Packet } from './check/packets.js';
export { groupConnections, type TcpConnection } from './check/connections.js';
export { Checker, type EndpointResult, type Finding } from './check/checker.js';
