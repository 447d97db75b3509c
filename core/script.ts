/**
 * Test cases as the generated suite writes them: steps one to a line in the notation of
 * notation.ts, setups as named fixtures that may build on one another, and the sequences that
 * identify a state as named sets. `toStep` and the other writers turn a TestCase's parts into
 * this form for the generator; `testCase` and the other readers turn it back, exactly, for the
 * runtime. A mistake in a script is an error that names the case and the step.
 */
import type {
  CallName,
  Capability,
  Expectation,
  Identify,
  Profile,
  Step,
  StepVariation,
  TestCase,
  Variant,
} from './case.js';
import {
  baseName,
  formatApp,
  formatPattern,
  formatSegment,
  formatTerm,
  NotationError,
  parseApp,
  parsePattern,
  parseSegment,
  parseTerm,
} from './notation.js';
import { caseParameters, type SpecParameters } from './case-parameters.js';

/** What the IUT must do after a step: exactly these segments and events, then be in `state`. */
export interface ScriptExpect {
  /** The segments the IUT sends, in order ("ACK seq=ISS+1 ack=IRS+1"); [] when it must send none. */
  readonly out: readonly string[];
  /** The events its application is told of ("eof", `data "abc"`); none when left out. */
  readonly app?: readonly string[];
  readonly state: string;
}

/** A known variation of an implementation family at this step (spec `variations:`). */
export interface ScriptVariation extends ScriptExpect {
  readonly id: string;
  readonly variant: Variant;
}

/**
 * The transition a step exercises, the rules and the RFC 9293 labels it checks: a failure names
 * them. Labels are written only when there are some.
 */
interface Checks {
  readonly transition: string;
  readonly rules: readonly string[];
  readonly labels?: readonly string[];
}

interface Acting extends ScriptExpect, Checks {
  readonly variations?: readonly ScriptVariation[];
}

/** One step: what the tester does (an application call, a segment in, time passing), and what the IUT must answer. */
export type ScriptStep =
  | (Acting & { readonly call: CallName; readonly data?: string })
  | (Acting & { readonly in: string })
  | (Acting & { readonly wait: string })
  /** Forget the connection and start a new one on the same implementation. */
  | (Checks & { readonly reset: true })
  /** The ISNs learned so far (ISS, ISS#2) must all differ. */
  | (Checks & { readonly distinct: readonly string[] });

/** Steps that bring the IUT to a state, from the steps of another fixture (`from`) or from the start. */
export interface FixtureScript<Name extends string = string> {
  readonly from?: Name;
  readonly steps: readonly ScriptStep[];
}

export interface Fixture {
  readonly name: string;
  readonly steps: readonly Step[];
}

/** Input sequences that tell `state` from every other state by outputs alone (TestCase.identify). */
export interface IdentificationScript {
  readonly profile: Profile;
  readonly state: string;
  readonly sequences: readonly (readonly ScriptStep[])[];
  readonly weak: readonly string[];
  readonly none: readonly string[];
}

export type Identification = Omit<Identify, 'at'> & { readonly name: string };

export interface CaseScript {
  readonly id: string;
  readonly profile: Profile;
  readonly transition: string;
  readonly rules: readonly string[];
  /** The labels of the step under test; [] when left out. */
  readonly labels?: readonly string[];
  readonly rfc: string;
  readonly source: string;
  readonly role: TestCase['role'];
  readonly peerIsn: number;
  readonly iutIsn?: number;
  readonly needs: readonly Capability[];
  readonly assumes?: Readonly<Record<string, number>>;
  /** The fixture the case starts with; none when the step under test is the first. */
  readonly setup?: Fixture;
  /** The case's own steps, from the one under test. */
  readonly steps: readonly ScriptStep[];
  /** Identifications, each run after this many of the case's own steps. */
  readonly identify?: readonly { readonly after: number; readonly by: Identification }[];
}

/** What every case of a spec shares: the state a connection starts in, and the parameters. */
export interface SpecFacts extends SpecParameters {
  readonly initial: string;
}

// Writing: a TestCase's parts as the suite shows them.

/** The step's checks as written: its labels only when it has some. */
function checksOf(step: Checks): Checks {
  return {
    transition: step.transition,
    rules: step.rules,
    ...(step.labels !== undefined && step.labels.length > 0 ? { labels: step.labels } : {}),
  };
}

export function toStep(step: Step): ScriptStep {
  const checks = checksOf(step);
  switch (step.kind) {
    case 'reset':
      return { reset: true, ...checks };
    case 'distinct':
      return { distinct: step.bases.map(baseName), ...checks };
    case 'call':
      return { call: step.call, ...(step.data !== undefined ? { data: step.data } : {}), ...acting(step) };
    case 'inject':
      return { in: formatSegment(step.segment), ...acting(step) };
    case 'advance':
      return { wait: formatTerm(step.ms), ...acting(step) };
  }
}

function acting(step: Extract<Step, { expect: Expectation }>): Acting {
  return {
    ...toExpect(step.expect),
    ...(step.variations
      ? { variations: step.variations.map((v) => ({ id: v.id, variant: v.variant, ...toExpect(v) })) }
      : {}),
    ...checksOf(step),
  };
}

function toExpect(e: Pick<Expectation, 'segments' | 'app' | 'state'>): ScriptExpect {
  return {
    out: e.segments.map(formatPattern),
    ...(e.app.length > 0 ? { app: e.app.map(formatApp) } : {}),
    state: e.state,
  };
}

export function toIdentification(id: Omit<Identify, 'at'>): IdentificationScript {
  return {
    profile: id.profile,
    state: id.state,
    sequences: id.sequences.map((s) => s.map(toStep)),
    weak: id.weak,
    none: id.none,
  };
}

// Reading: the suite's form back into TestCase parts.

/** Fixtures by name; each one's steps include those of the fixture it builds on. */
export function fixtures<Name extends string>(
  scripts: Readonly<Record<Name, FixtureScript<NoInfer<Name>>>>,
): Readonly<Record<Name, Fixture>> {
  const built = new Map<string, Fixture>();
  const build = (name: Name, seen: readonly string[]): Fixture => {
    const done = built.get(name);
    if (done) return done;
    const script = scripts[name];
    if (!script) throw new NotationError(`fixture ${seen.at(-1)} builds on ${name}, which is not defined`);
    if (seen.includes(name)) throw new NotationError(`fixture ${name} builds on itself`);
    const base = script.from !== undefined ? build(script.from, [...seen, name]).steps : [];
    const fixture = { name, steps: [...base, ...readSteps(script.steps, `fixture ${name}`)] };
    built.set(name, fixture);
    return fixture;
  };
  const out = {} as Record<Name, Fixture>;
  for (const name of Object.keys(scripts) as Name[]) out[name] = build(name, []);
  return out;
}

export function identifications<Name extends string>(
  scripts: Readonly<Record<Name, IdentificationScript>>,
): Readonly<Record<Name, Identification>> {
  const out = {} as Record<Name, Identification>;
  for (const name of Object.keys(scripts) as Name[]) {
    const s: IdentificationScript = scripts[name];
    out[name] = {
      name,
      profile: s.profile,
      state: s.state,
      sequences: s.sequences.map((q, i) => readSteps(q, `identification ${name}, sequence ${i + 1}`)),
      weak: s.weak,
      none: s.none,
    };
  }
  return out;
}

/** The TestCase a script stands for; `title` is the test's (it ends with the case ID). */
export function testCase(script: CaseScript, title: string, spec: SpecFacts): TestCase {
  if (!title.endsWith(`[${script.id}]`))
    throw new NotationError(`case ${script.id}: its title must end with [${script.id}], got "${title}"`);
  const setup = script.setup?.steps ?? [];
  const steps = [...setup, ...readSteps(script.steps, `case ${script.id}`)];
  const identify = script.identify?.map(({ after, by }) => {
    if (!Number.isInteger(after) || after < 0 || after > script.steps.length)
      throw new NotationError(
        `case ${script.id}: identification ${by.name} after step ${after} of ${script.steps.length}`,
      );
    const { name: _, ...id } = by;
    return { ...id, at: setup.length + after };
  });
  const tc = {
    id: script.id,
    profile: script.profile,
    title,
    rules: script.rules,
    labels: script.labels ?? [],
    rfc: script.rfc,
    transition: script.transition,
    source: script.source,
    role: script.role,
    peerIsn: script.peerIsn,
    ...(script.iutIsn !== undefined ? { iutIsn: script.iutIsn } : {}),
    focus: setup.length,
    steps,
    ...(identify ? { identify } : {}),
    needs: script.needs,
    ...(script.assumes ? { assumes: script.assumes } : {}),
    initial: spec.initial,
  };
  return { ...tc, ...caseParameters(tc, spec) };
}

function readSteps(steps: readonly ScriptStep[], where: string): Step[] {
  return steps.map((s, i) => {
    try {
      return readStep(s);
    } catch (err) {
      if (err instanceof NotationError) throw new NotationError(`${where}, step ${i + 1}: ${err.message}`);
      throw err;
    }
  });
}

function readStep(s: ScriptStep): Step {
  const checks = { transition: s.transition, rules: s.rules, labels: s.labels ?? [] };
  if ('reset' in s) return { kind: 'reset', ...checks };
  if ('distinct' in s) return { kind: 'distinct', bases: s.distinct.map((b) => baseOfTerm(b)), ...checks };
  const acted = {
    ...checks,
    expect: readExpect(s),
    ...(s.variations ? { variations: s.variations.map(readVariation) } : {}),
  };
  if ('call' in s) return { ...acted, kind: 'call', call: s.call, ...(s.data !== undefined ? { data: s.data } : {}) };
  if ('in' in s) return { ...acted, kind: 'inject', segment: parseSegment(s.in) };
  if ('wait' in s) return { ...acted, kind: 'advance', ms: parseTerm(s.wait) };
  throw new NotationError('a step is a call, an in (segment), a wait, a reset or a distinct');
}

/** A learned ISN by name (ISS, ISS#2): a term without offset or factor. */
function baseOfTerm(name: string): string {
  const t = parseTerm(name);
  if (t.base === undefined || t.off !== 0 || t.k !== undefined || /^[A-Z]/.test(t.base))
    throw new NotationError(`"${name}" is not a learned ISN (ISS, ISS#2, IRS)`);
  return t.base;
}

function readExpect(e: ScriptExpect): Expectation {
  return { segments: e.out.map(parsePattern), app: (e.app ?? []).map(parseApp), state: e.state };
}

function readVariation(v: ScriptVariation): StepVariation {
  const { segments, app, state } = readExpect(v);
  return { id: v.id, variant: v.variant, segments, app, state };
}
