/**
 * Searching the input space of one (state, input) pair: values of the connection variables
 * and segment fields that two guards both accept (an overlap, an error), or that no guard
 * accepts (an open region, which the rfc9293 profile must cover or mark unspecified).
 * Sequence-number variables range over every ordering of up to three values, flags such as
 * PASSIVE over the numbers the spec sets them to, counters over 0, 1 and the values around
 * the parameters they are compared with; segment fields over the boundaries their
 * comparisons name.
 */
import type { Expr } from '../../core/expr/ast.js';
import { callsFn, namesIn } from '../../core/expr/ast.js';
import * as seq from '../../core/seq.js';
import {
  abs,
  evaluate,
  IncomparableError,
  isSym,
  sym,
  type Env,
  type Sym,
  type Value,
} from '../../core/expr/evaluate.js';
import { boundaryValues, findAssignment, uniqueValues } from '../expr/search.js';
import type { Input, Spec, Transition, Unspecified } from '../../core/spec/types.js';
import { inputKey } from '../../core/input-key.js';
import { remembered } from '../../core/memo.js';

/** true or false, or undefined when the guard compares unrelated unknowns. */
function truth(guard: Expr | undefined, env: Env): boolean | undefined {
  if (!guard) return true;
  try {
    return evaluate(guard, env) === true;
  } catch (err) {
    if (err instanceof IncomparableError) return undefined;
    throw err;
  }
}

const showValue = (v: Value) =>
  v === undefined ? 'absent' : typeof v === 'boolean' ? String(v) : v.base ? `x+${v.off}` : String(v.off);

/**
 * Values for which `want(truths)` holds, where truths are the guards' answers in order, as
 * ", e.g. when A=x+0, SEG.SEQ=x+1" (empty when the guards read nothing); undefined if none.
 */
export function witness(
  spec: Spec,
  guards: readonly (Expr | undefined)[],
  want: (truths: readonly (boolean | undefined)[]) => boolean,
): string | undefined {
  return lazyWitness(spec, guards, (truth) => want(guards.map((_, k) => truth(k))));
}

/**
 * As witness, but `want` asks for the answer of guard k only when it needs it, so a search
 * over many guards that most values rule out on the first few stays fast.
 */
function lazyWitness(
  spec: Spec,
  guards: readonly (Expr | undefined)[],
  want: (truth: (k: number) => boolean | undefined) => boolean,
): string | undefined {
  const params = new Map(spec.parameters.map((p) => [p.name, abs(p.default)]));
  const used = [...new Set(guards.flatMap((g) => (g ? namesIn(g) : [])))];
  const isField = (n: string) => /^(SEG|CALL)\./.test(n);
  const vars = used.filter((n) => !isField(n) && !params.has(n));
  const fields = used.filter(isField);
  // A variable the spec only ever sets to numbers (PASSIVE) takes those; a sequence number,
  // values relative to the others (a plain number beside them would make every comparison
  // unanswerable); a counter, 0, 1 and the values around a parameter it is compared with
  // (RETRIES >= MAX_RETRIES).
  const paramsOnly: Env = { get: (n) => params.get(n), isn: () => sym('isn') };
  const { domains, sequences } = kindsOf(spec);
  const varCands = new Map<string, Value[]>(
    vars.map((v) => [
      v,
      domains.get(v)?.map((k) => abs(k)) ??
        (sequences.has(v)
          ? [0, 1, 2].map((k) => sym('v', k))
          : uniqueValues([
              abs(0),
              abs(1),
              ...guards.flatMap((g) => boundaryValues(g, v, paramsOnly)).filter(isLength),
            ])),
    ]),
  );
  // Where the fields each guard reads are among the fields.
  const readsAt = guards.map((g) =>
    g
      ? namesIn(g)
          .filter(isField)
          .map((n) => fields.indexOf(n))
      : [],
  );
  let found: string | undefined;
  findAssignment(varCands, (va) => {
    if (!sendOrdered(va)) return false;
    // One environment over the field values tried (none at first): findAssignment updates one map in place.
    let fa: ReadonlyMap<string, Value> = NO_VALUES;
    const env: Env = {
      get: (n) => (fa.has(n) ? fa.get(n) : va.has(n) ? va.get(n) : params.get(n)),
      isn: () => sym('isn'),
    };
    const fieldCands = new Map<string, Value[]>(
      fields.map((f) => [
        f,
        uniqueValues([
          ...guards.flatMap((g) => boundaryValues(g, f, env)).filter((v) => SEQUENCE_FIELDS.has(f) || isLength(v)),
          ...(f === 'SEG.MSS'
            ? [undefined, abs(536)]
            : SEQUENCE_FIELDS.has(f)
              ? [sym('v', 0), sym('v', 3)]
              : [abs(0), abs(1)]),
        ]),
      ]),
    );
    // A guard's answer depends only on the fields it reads: remembered by their values' places
    // in the candidate lists, it is worked out once per combination of those, not per combination tried.
    const sizes = fields.map((f) => fieldCands.get(f)!.length);
    const answers = guards.map(() => new Map<number, boolean | undefined>());
    let at: readonly number[] = [];
    const truthOf = (k: number) => {
      let key = 0;
      for (const i of readsAt[k]!) key = key * sizes[i]! + at[i]!;
      return remembered(answers[k]!, key, () => truth(guards[k], env));
    };
    const hit = findAssignment(
      fieldCands,
      (tried, indices) => {
        fa = tried;
        at = indices;
        return want(truthOf);
      },
      50_000,
    );
    if (!hit) return false;
    const shown = [...va, ...hit].map(([n, v]) => `${n}=${showValue(v)}`);
    found = shown.length > 0 ? `, e.g. when ${shown.join(', ')}` : '';
    return true;
  });
  return found;
}

const NO_VALUES: ReadonlyMap<string, Value> = new Map();

interface Kinds {
  readonly domains: ReadonlyMap<string, number[]>;
  readonly sequences: ReadonlySet<string>;
}

/** Per spec (or profile view): a search runs for every pair of guards and every conjunct the emitter tries. */
const KINDS = new WeakMap<Spec, Kinds>();

function kindsOf(spec: Spec): Kinds {
  const known = KINDS.get(spec);
  if (known) return known;
  const kinds = readKinds(spec);
  KINDS.set(spec, kinds);
  return kinds;
}

/**
 * What the spec's assignments say of its variables: the values of each one it only ever sets
 * to numbers (0, which every connection starts with, and those: PASSIVE is 0 or 1), and which
 * ones hold sequence numbers (set from isn(), SEG.SEQ, SEG.ACK or another such variable).
 */
function readKinds(spec: Spec): Kinds {
  const assignments = spec.transitions.flatMap((t) =>
    t.actions.flatMap((a) => (a.kind === 'set' ? a.assignments : [])),
  );
  const values = new Map<string, Set<number> | null>();
  for (const { name, value } of assignments) {
    const known = values.get(name);
    if (known !== null)
      values.set(name, value.tree.kind === 'num' ? (known ?? new Set([0])).add(value.tree.value) : null);
  }
  const sequences = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const { name, value } of assignments) {
      if (sequences.has(name)) continue;
      if (callsFn(value.tree, 'isn') || namesIn(value.tree).some((n) => SEQUENCE_FIELDS.has(n) || sequences.has(n))) {
        sequences.add(name);
        grew = true;
      }
    }
  }
  return {
    domains: new Map([...values].flatMap(([name, set]) => (set ? [[name, [...set]] as const] : []))),
    sequences,
  };
}

/** The fields that hold sequence numbers; the others are lengths, where 0 - 1 is no boundary. */
const SEQUENCE_FIELDS = new Set(['SEG.SEQ', 'SEG.ACK']);
const isLength = (v: Sym) => v.base === null && v.off <= 0xffff;

/** SND.UNA =< SND.NXT in every state (RFC 9293 §3.3.1): values that break it are no witness. */
function sendOrdered(va: ReadonlyMap<string, Value>): boolean {
  const una = va.get('SND.UNA');
  const nxt = va.get('SND.NXT');
  return !isSym(una) || !isSym(nxt) || una.base !== nxt.base || seq.le(una.off, nxt.off);
}

/** Values both guards accept (see witness), or undefined. */
export function overlap(a: Expr | undefined, b: Expr | undefined, spec: Spec): string | undefined {
  if (!a && !b) return ' (neither has a guard)';
  return witness(spec, [a, b], ([x, y]) => x === true && y === true);
}

/** A (state, input) pair some transitions take, with values none of them (nor an unspecified region) accepts. */
export interface OpenRegion {
  readonly state: string;
  readonly input: string;
  readonly transitions: readonly Transition[];
  readonly witness: string;
}

/**
 * The open regions of a spec (or a profile's view of it): for every (state, input) pair
 * with a guarded transition, values that no transition's guard and no unspecified entry of
 * the pair accepts. An unguarded unspecified entry leaves the whole pair open on purpose.
 */
export function openRegions(spec: Spec): OpenRegion[] {
  const groups = new Map<string, Transition[]>();
  for (const t of spec.transitions) {
    const k = `${t.from} / ${inputKey(t.input)}`;
    groups.set(k, [...(groups.get(k) ?? []), t]);
  }
  const out: OpenRegion[] = [];
  for (const ts of groups.values()) {
    const { from: state, input } = ts[0]!;
    if (ts.some((t) => !t.input.guard)) continue;
    const marked = unspecifiedFor(spec, state, input);
    if (marked.some((u) => !u.input.guard)) continue;
    const guards = [...ts, ...marked].map((x) => x.input.guard!.tree);
    const w = witness(spec, guards, (truths) => truths.every((x) => x === false));
    if (w !== undefined) out.push({ state, input: inputKey(input), transitions: ts, witness: w });
  }
  return out;
}

/** The unspecified entries that name this state and input. */
export function unspecifiedFor(spec: Spec, state: string, input: Input): Unspecified[] {
  return spec.unspecified.filter((u) => u.states.includes(state) && inputKey(u.input) === inputKey(input));
}
