/**
 * The generated suite, written to be read: each test shows its own steps, one to a line in the
 * notation of core/notation.ts, after a named fixture that brings the IUT to the state under
 * test (fixtures.ts, each one built on another where it can, as smoltcp's tests chain theirs);
 * the sequences that identify a state are named sets (identify.ts). The memo's tests follow its
 * spec files; the larger profiles' go one file per state and kind of input.
 */
import { PROFILES, type Identify, type Profile, type Step, type TestCase } from '../../core/case.js';
import { toIdentification, toStep, type ScriptStep } from '../../core/script.js';
import type { Spec, Transition } from '../../core/spec/types.js';
import { template } from './templates.js';
import { literal } from './helpers.js';

/** Where a profile's suite files go: suite/ for the memo, suite/PROFILE/ for the larger ones. */
export function suiteDir(profile: Profile): string {
  return profile === 'memo' ? 'suite' : `suite/${profile}`;
}

export function emitSuite(spec: Spec, cases: readonly TestCase[]): Map<string, string> {
  const files = new Map<string, string>();
  const fixtures = nameFixtures(cases, spec.initial);
  const identifications = nameIdentifications(spec, cases);
  files.set('suite/conform.ts', template('suite/conform.ts.hbs')({ sources: spec.files }));
  files.set(
    'suite/fixtures.ts',
    template('suite/fixtures.ts.hbs')({
      sources: spec.files,
      fixtures: fixtures.list.map((f) => ({ name: f.name, from: f.from ?? false, steps: f.steps.map(stepLine) })),
    }),
  );
  files.set(
    'suite/identify.ts',
    template('suite/identify.ts.hbs')({
      sources: spec.files,
      sets: identifications.list.map(({ name, id }) => {
        const s = toIdentification(id);
        return {
          name,
          head: `profile: ${literal(s.profile)}, state: ${literal(s.state)}, weak: ${literal(s.weak)}, none: ${literal(s.none)}`,
          sequences: s.sequences.map((q) => q.map((step) => literal(step))),
        };
      }),
    }),
  );
  const file = template('suite/suite.test.ts.hbs');
  for (const group of groups(spec, cases)) {
    const here = group.profile === 'memo' ? './' : '../';
    const scripts = group.cases.map((c) => caseScript(c, fixtures.byCase.get(c), identifications.byKey));
    files.set(
      `${suiteDir(group.profile)}/${group.name}.test.ts`,
      file({
        sources: group.sources,
        title: group.title,
        runtime: `${here}conform.js`,
        fixtures: scripts.some((s) => s.usesFixtures) ? `${here}fixtures.js` : false,
        identify: scripts.some((s) => s.usesIdentify) ? `${here}identify.js` : false,
        cases: group.cases.map((c, i) => ({ title: c.title, script: scripts[i]!.text })),
      }),
    );
  }
  return files;
}

interface Group {
  readonly profile: Profile;
  readonly name: string;
  readonly title: string;
  readonly sources: readonly string[];
  readonly cases: readonly TestCase[];
}

/**
 * The memo's tests by spec file (handshake, data, teardown: the memo's own sections); a larger
 * profile's by the state its transition under test leaves and the kind of input
 * (rfc9293/fin-wait-1.rst.test.ts: what FIN_WAIT_1 must do with a RST).
 */
function groups(spec: Spec, cases: readonly TestCase[]): Group[] {
  const byId = new Map(spec.transitions.map((t) => [t.id, t]));
  const out = new Map<string, { profile: Profile; name: string; label: string; cases: TestCase[] }>();
  for (const c of cases) {
    const t = byId.get(c.transition)!;
    const kind = inputKind(t);
    const [name, label] =
      c.profile === 'memo'
        ? [t.group, t.group]
        : [`${t.from.toLowerCase().replaceAll('_', '-')}.${kind.file}`, `${t.from} + ${kind.label}`];
    const key = `${c.profile}/${name}`;
    const g = out.get(key) ?? out.set(key, { profile: c.profile, name, label, cases: [] }).get(key)!;
    g.cases.push(c);
  }
  return [...out.values()].map(({ label, ...g }) => {
    const sources = [...new Set(g.cases.map((c) => byId.get(c.transition)!.specFile))].sort();
    return { ...g, sources, title: `${label} (${g.profile} profile; ${sources.join(', ')})` };
  });
}

/**
 * Calls, timers, and segments by the flag that decides what happens to them: SYN (with or
 * without ACK), RST, FIN, and the rest (ACK, with or without data).
 */
function inputKind({ input }: Transition): { file: string; label: string } {
  if (input.kind === 'call') return { file: 'calls', label: 'application calls' };
  if (input.kind === 'timer') return { file: 'timers', label: 'timers' };
  const flag = (['SYN', 'RST', 'FIN'] as const).find((f) => input.ctl.includes(f)) ?? 'ACK';
  return { file: flag.toLowerCase(), label: flag === 'ACK' ? 'other segments (ACK)' : `segments with ${flag}` };
}

interface NamedFixture {
  readonly name: string;
  readonly from?: string;
  /** The steps after those of `from`. */
  readonly steps: readonly Step[];
}

/**
 * One fixture per distinct setup (the steps before the one under test, and the role): named by
 * role and the state it reaches (client/FIN_WAIT_1; client/ESTABLISHED#2 for another way
 * there), and built on the longest other fixture whose steps it begins with.
 */
function nameFixtures(cases: readonly TestCase[], initial: string) {
  const setups = new Map<string, Named & { role: TestCase['role']; steps: readonly Step[] }>();
  const keyOf = (c: TestCase) => `${c.role} ${JSON.stringify(c.steps.slice(0, c.focus))}`;
  cases.forEach((c, i) => {
    if (c.focus === 0) return;
    const key = keyOf(c);
    const steps = c.steps.slice(0, c.focus);
    const known = setups.get(key) ?? {
      base: `${c.role}/${stateAfter(steps, initial)}`,
      uses: 0,
      first: i,
      role: c.role,
      steps,
    };
    setups.set(key, { ...known, uses: known.uses + 1 });
  });
  const names = nameByUse(setups);
  const stepKeys = new Map([...setups].map(([key, s]) => [key, s.steps.map((x) => JSON.stringify(x))]));
  const ROLES = ['client', 'server', 'none'];
  const list: NamedFixture[] = [...setups]
    .sort(
      ([, a], [, b]) =>
        ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || a.steps.length - b.steps.length || a.first - b.first,
    )
    .map(([key, s]) => {
      const own = stepKeys.get(key)!;
      let base: string | undefined;
      for (const [other, o] of setups) {
        if (o.role !== s.role || o.steps.length >= s.steps.length) continue;
        if (base !== undefined && setups.get(base)!.steps.length >= o.steps.length) continue;
        if (stepKeys.get(other)!.every((k, i) => k === own[i])) base = other;
      }
      const from = base === undefined ? 0 : setups.get(base)!.steps.length;
      return {
        name: names.get(key)!,
        ...(base !== undefined ? { from: names.get(base)! } : {}),
        steps: s.steps.slice(from),
      };
    });
  const byCase = new Map(cases.filter((c) => c.focus > 0).map((c) => [c, names.get(keyOf(c))!]));
  return { list, byCase };
}

/** The state the steps leave the IUT in: the last one a step expects, or where a case starts. */
function stateAfter(steps: readonly Step[], initial: string): string {
  const last = [...steps].reverse().find((s) => 'expect' in s);
  return last && 'expect' in last ? last.expect.state : initial;
}

/**
 * One set per distinct identification (the same sequences, told and untold states), named by
 * profile and state (rfc9293/FIN_WAIT_1; rfc9293/FIN_WAIT_1#2 for another set there), listed
 * by profile and the spec's order of states.
 */
function nameIdentifications(spec: Spec, cases: readonly TestCase[]) {
  const sets = new Map<string, Named & { id: Omit<Identify, 'at'> }>();
  cases.forEach((c, i) => {
    for (const { at: _, ...id } of c.identify ?? []) {
      const key = JSON.stringify(id);
      const known = sets.get(key) ?? { base: `${id.profile}/${id.state}`, uses: 0, first: i, id };
      sets.set(key, { ...known, uses: known.uses + 1 });
    }
  });
  const names = nameByUse(sets);
  const states = spec.states.map((s) => s.name);
  const rank = (n: string) => Number(n.split('#')[1] ?? 1);
  const list = [...sets]
    .map(([key, s]) => ({ name: names.get(key)!, id: s.id }))
    .sort(
      (a, b) =>
        PROFILES.indexOf(a.id.profile) - PROFILES.indexOf(b.id.profile) ||
        states.indexOf(a.id.state) - states.indexOf(b.id.state) ||
        rank(a.name) - rank(b.name),
    );
  return { list, byKey: names };
}

/** Something named by a base name that others may share, with how many cases use it and the first. */
interface Named {
  readonly base: string;
  readonly uses: number;
  readonly first: number;
}

/**
 * Names for things that may share a base name: the one most cases use gets the base name
 * (client/ESTABLISHED), the others #2, #3, … by how many use them, then in the plan's order.
 */
function nameByUse<K>(items: ReadonlyMap<K, Named>): Map<K, string> {
  const byBase = new Map<string, [K, Named][]>();
  for (const entry of items) byBase.set(entry[1].base, [...(byBase.get(entry[1].base) ?? []), entry]);
  const names = new Map<K, string>();
  for (const [base, entries] of byBase) {
    entries.sort(([, a], [, b]) => b.uses - a.uses || a.first - b.first);
    for (const [i, [key]] of entries.entries()) names.set(key, i === 0 ? base : `${base}#${i + 1}`);
  }
  return names;
}

/** A step on one line: what the tester does, what the IUT must answer, and what it checks. */
function stepLine(step: Step): string {
  return literal(toStep(step) satisfies ScriptStep);
}

/** A test's script: the case's fields, its fixture, its own steps one to a line, its identifications. */
function caseScript(c: TestCase, fixture: string | undefined, identifications: ReadonlyMap<string, string>) {
  const pad = ' '.repeat(6);
  const fields = [
    `id: ${literal(c.id)}, profile: ${literal(c.profile)}, transition: ${literal(c.transition)}, rules: ${literal(c.rules)},${c.labels.length > 0 ? ` labels: ${literal(c.labels)},` : ''}`,
    `rfc: ${literal(c.rfc)}, source: ${literal(c.source)}, role: ${literal(c.role)}, peerIsn: ${c.peerIsn},${c.iutIsn !== undefined ? ` iutIsn: ${c.iutIsn},` : ''} needs: ${literal(c.needs)},${c.assumes ? ` assumes: ${literal(c.assumes)},` : ''}`,
    ...(fixture !== undefined ? [`setup: FIXTURES[${literal(fixture)}],`] : []),
    'steps: [',
    ...c.steps.slice(c.focus).map((s) => `  ${stepLine(s)},`),
    '],',
    ...(c.identify
      ? [
          `identify: [${c.identify
            .map(
              ({ at, ...id }) =>
                `{ after: ${at - c.focus}, by: IDENTIFY[${literal(identifications.get(JSON.stringify(id))!)}] }`,
            )
            .join(', ')}],`,
        ]
      : []),
  ];
  return {
    text: `{\n${fields.map((f) => `${pad}${f}`).join('\n')}\n${' '.repeat(4)}}`,
    usesFixtures: fixture !== undefined,
    usesIdentify: c.identify !== undefined,
  };
}
