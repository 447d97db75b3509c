/**
 * One state, input by input (`tcpconform coverage --state NAME`): the transitions that take
 * each input there, with their guards as the spec writes them (a guard fragment by its name),
 * their next state, rules and RFC 9293 labels, profile, tests and the spec line they are written on; the entries
 * that leave part of it open on purpose; and what nothing says. A state's transitions may be
 * written in several files, some once for many states (`from:` a list): this gathers them.
 */
import { PROFILES, type TestCase } from '../core/case.js';
import { inProfile, profileView } from '../core/spec/profiles.js';
import { positionOf } from '../core/spec/source.js';
import type { Input, Profile, Spec, Transition, Unspecified } from '../core/spec/types.js';
import { INPUTS } from './coverage.js';
import { sourceOf } from './plan/titles.js';
import { inputKey } from '../core/input-key.js';
import { openRegions } from './validate/regions.js';

export interface StateInput {
  /** The input key: "call send", "segment FIN+ACK", "timer rexmt". */
  readonly input: string;
  readonly transitions: readonly {
    readonly transition: Transition;
    /** Where it is written: spec/FILE.yaml:LINE (a template's line for each of its states). */
    readonly source: string;
    readonly tests: number;
  }[];
  readonly unspecified: readonly { readonly entry: Unspecified; readonly source: string }[];
  /** What no transition and no unspecified entry covers: the whole input, or a region of it. */
  readonly gaps: readonly string[];
}

export interface StateCoverage {
  readonly state: string;
  readonly description: string;
  readonly profile: Profile;
  readonly inputs: readonly StateInput[];
}

/** The state's inputs in the profile's view (its own transitions and those of smaller profiles). */
export function stateCoverage(spec: Spec, cases: readonly TestCase[], state: string, profile: Profile): StateCoverage {
  const view = profileView(spec, profile);
  const here = view.transitions.filter((t) => t.from === state);
  const open = view.unspecified.filter((u) => u.states.includes(state));
  const timers = [...here, ...open].flatMap((x) => (inputOf(x).kind === 'timer' ? [inputKey(inputOf(x))] : []));
  const regions = openRegions(view).filter((r) => r.state === state);
  const inputs = [...INPUTS, ...new Set(timers)].map((input): StateInput => {
    const ts = here.filter((t) => inputKey(t.input) === input);
    const us = open.filter((u) => inputKey(u.input) === input);
    const gaps =
      ts.length === 0 && us.length === 0
        ? ['nothing says what happens']
        : regions.filter((r) => r.input === input).map((r) => `no transition takes it${r.witness}`);
    return {
      input,
      transitions: ts.map((t) => ({
        transition: t,
        source: sourceOf(t),
        tests: cases.filter((c) => c.transition === t.id && inProfile(c, profile)).length,
      })),
      unspecified: us.map((u) => ({
        entry: u,
        source: `${u.loc.file.name}:${positionOf(u.loc.file, u.loc.path).line}`,
      })),
      gaps,
    };
  });
  return {
    state,
    description: spec.states.find((s) => s.name === state)?.description ?? '',
    profile,
    inputs,
  };
}

const inputOf = (x: Transition | Unspecified): Input => x.input;

/** As text: a heading per input, then one entry per transition, its guard on the line below. */
export function stateCoverageText(sc: StateCoverage): string {
  const all = sc.inputs.flatMap((i) => i.transitions);
  const byProfile = PROFILES.filter((p) => all.some((t) => t.transition.profile === p))
    .map((p) => `${all.filter((t) => t.transition.profile === p).length} ${p}`)
    .join(', ');
  const out = [
    `${sc.state}: ${sc.description}`,
    `${all.length} transitions (${byProfile}) with ${all.reduce((n, t) => n + t.tests, 0)} tests in the ${sc.profile} profile; guards as the spec writes them.`,
  ];
  for (const i of sc.inputs) {
    out.push('', i.input);
    for (const { transition: t, source, tests } of i.transitions) {
      const as = t.template === undefined ? '' : ` (as ${t.template})`;
      const labels = t.labels.length > 0 ? ` ${t.labels.join(' ')}` : '';
      out.push(`  ${t.id} -> ${t.to}  [${t.rules.join(' ')}]${labels}  ${t.profile}, ${tests} test(s)  ${source}${as}`);
      if (t.input.guard) out.push(`      if ${t.input.guard.src}`);
    }
    for (const { entry, source } of i.unspecified) {
      out.push(`  unspecified  ${source}`);
      if (entry.input.guard) out.push(`      if ${entry.input.guard.src}`);
      out.push(`      ${entry.why}`);
    }
    for (const g of i.gaps) out.push(`  GAP: ${g}`);
  }
  return `${out.join('\n')}\n`;
}
