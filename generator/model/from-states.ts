/**
 * `from:` names a state, a state set (`SYNCHRONIZED`, declared under machine.state_sets), or
 * a list of them. The model expands it into the states it means, so the planner sees one
 * transition per from-state, as if each were written out.
 */
import { closestName, didYouMean, type ErrorCollector, SpecError } from '../../core/spec/errors.js';
import { type LoadedFile, type PathSegment, positionOf } from '../../core/spec/source.js';
import type { Loc, StateSet } from '../../core/spec/types.js';
import type { FromData } from '../validate/schema.js';

export interface FromState {
  readonly state: string;
  /** Where it is named: the list entry, or the set's name, that stands for it. */
  readonly loc: Loc;
  /** The set that named it, if one did. */
  readonly set?: string | undefined;
}

export interface StateNames {
  readonly states: readonly string[];
  readonly sets: ReadonlyMap<string, StateSet>;
}

/** The states `from:` names, in the order written (a set's in its own order); mistakes are reported. */
export function fromStates(
  value: FromData,
  file: LoadedFile,
  path: readonly PathSegment[],
  names: StateNames,
  errors: ErrorCollector,
): FromState[] {
  const entries =
    typeof value === 'string' ? [{ name: value, path }] : value.map((name, k) => ({ name, path: [...path, k] }));
  const out: FromState[] = [];
  for (const { name, path: at } of entries) {
    const loc = { file, path: at };
    const set = names.sets.get(name);
    const here: FromState[] = set
      ? set.states.map((state) => ({ state, loc, set: name }))
      : names.states.includes(name)
        ? [{ state: name, loc }]
        : [];
    if (!set && here.length === 0) errors.add(new SpecError(positionOf(file, at), unknownFrom(name, names)));
    for (const s of here) {
      const before = out.find((o) => o.state === s.state);
      if (!before) {
        out.push(s);
        continue;
      }
      const how = (x: FromState) => (x.set ? `in ${x.set}` : 'by itself');
      errors.add(
        new SpecError(
          positionOf(file, at),
          `from: names ${s.state} twice (${how(before)} and ${how(s)}); each from-state gets one transition`,
        ),
      );
    }
  }
  return out;
}

/** A state set's members, checked: each a declared state, none twice, and the set's name not a state's. */
export function checkedSet(set: StateSet, states: readonly string[], errors: ErrorCollector): StateSet {
  const at = (...p: PathSegment[]) => positionOf(set.loc.file, [...set.loc.path, ...p], { key: p.length === 0 });
  if (states.includes(set.name))
    errors.add(new SpecError(at(), `state set "${set.name}" has the name of a state; a set needs a name of its own`));
  const members: string[] = [];
  set.states.forEach((s, k) => {
    if (!states.includes(s))
      errors.add(
        new SpecError(at('states', k), `unknown state "${s}" in state set ${set.name}${didYouMean(s, states)}`),
      );
    else if (members.includes(s)) errors.add(new SpecError(at('states', k), `state set ${set.name} names ${s} twice`));
    else members.push(s);
  });
  return { ...set, states: members };
}

/**
 * Most unknown names are a state misspelt, and the message says so as it always has; a name
 * closer to a set is a set misspelt.
 */
function unknownFrom(name: string, { states, sets }: StateNames): string {
  const all = [...states, ...sets.keys()];
  const best = closestName(name, all);
  if (best && sets.has(best)) return `unknown state set "${name}" (did you mean "${best}"?)`;
  if (best) return `unknown from state "${name}" (did you mean "${best}"?)`;
  const setList = sets.size > 0 ? `; state sets: ${[...sets.keys()].join(', ')}` : '';
  return `unknown from state "${name}" (known: ${states.join(', ')}${setList})`;
}
