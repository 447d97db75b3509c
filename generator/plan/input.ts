/**
 * Choosing the input a test gives a transition: the call and its data, the timer to let
 * expire, or a segment whose fields satisfy the transition's guard (see expr/search.ts).
 */
import type { CallName, SegmentSpec } from '../../core/case.js';
import type { Flag } from '../../core/segment.js';
import * as seq from '../../core/seq.js';
import { SpecError } from '../../core/spec/errors.js';
import { abs, isSym, type Sym, type Value } from '../../core/expr/evaluate.js';
import { boundaries, findAssignment, holds, uniqueValues, type Boundary } from '../expr/search.js';
import { positionInScalar } from '../../core/spec/source.js';
import type { Parameter, Spec, Transition } from '../../core/spec/types.js';
import { remembered } from '../../core/memo.js';
import { envOf, termOf, UnsetVariable, type InputValues } from './execute.js';
import { appData, peerData } from './payload.js';
import { worldKey, type Choices, type World } from './world.js';

/** What the step does, before its expectation is known. */
export type StepAction =
  | { readonly kind: 'call'; readonly call: CallName; readonly data?: string }
  | { readonly kind: 'inject'; readonly segment: SegmentSpec }
  | { readonly kind: 'advance'; readonly ms: Sym };

export interface PlannedInput {
  readonly action: StepAction;
  readonly values: InputValues;
  /** The world with the tester's side updated (its next sequence number, the role). */
  readonly world: World;
}

const TESTER_WINDOW = 65535;
/**
 * ACK number the tester uses when nothing constrains it and the IUT has no ISN yet: with no
 * sequence space on the IUT's side, any number means the same.
 */
const ARBITRARY_ACK = 1000;

/**
 * The ACK number the tester uses when the guard does not constrain it: SND.NXT, what a peer
 * that has seen everything sent acknowledges. It is a term over the IUT's live ISN, so the
 * segment means the same whatever that ISN is; a plain number would acknowledge unsent data
 * for some ISNs and old data for others.
 */
function defaultAck(world: World): Sym {
  return world.vars.get('SND.NXT') ?? abs(ARBITRARY_ACK);
}

export function chooseInput(spec: Spec, t: Transition, world: World, choices: Choices): PlannedInput | undefined {
  const input = t.input;
  switch (input.kind) {
    case 'timer': {
      const left = world.timers.get(input.timer);
      if (!left || !guardHolds(t, envOf(spec, world, new Map()))) return undefined;
      return { action: { kind: 'advance', ms: left }, values: { fields: new Map(), data: '' }, world };
    }
    case 'call': {
      const data = input.call === 'send' ? appData(choices.sendLen) : '';
      const fields = new Map<string, Value>(input.call === 'send' ? [['CALL.LEN', abs(data.length)]] : []);
      if (!guardHolds(t, envOf(spec, world, fields))) return undefined;
      const role = world.role ?? (input.call === 'listen' ? 'server' : input.call === 'connect' ? 'client' : undefined);
      return {
        action: input.call === 'send' ? { kind: 'call', call: input.call, data } : { kind: 'call', call: input.call },
        values: { fields, data },
        world: { ...world, role },
      };
    }
    case 'segment':
      return chooseSegment(spec, t, input.ctl as readonly Flag[], world, choices);
  }
}

function guardHolds(t: Transition, env: ReturnType<typeof envOf>): boolean {
  const g = t.input.guard;
  if (!g) return true;
  try {
    return holds(g.tree, env);
  } catch (err) {
    if (err instanceof UnsetVariable) {
      throw new SpecError(
        positionInScalar(g.loc.file, g.loc.path, 0),
        `guard of "${t.id}" in ${t.from}: ${err.message}`,
      );
    }
    throw err;
  }
}

/**
 * The boundary values of a segment field in a transition's guard, in a world; none while the
 * guard reads a variable not yet set. Remembered by world: the plan chooses many inputs for
 * one transition in one world (variants, boundaries), and most guards read an unset variable
 * somewhere.
 */
export function guardBoundaries(spec: Spec, t: Transition, field: string, world: World): readonly Boundary[] {
  const byTransition = remembered(BOUNDARIES, spec.parameters, () => new WeakMap());
  const byWorld = remembered(byTransition, t, () => new Map());
  const byField = remembered(byWorld, worldKey(world), () => new Map());
  return remembered(byField, field, () => {
    try {
      return boundaries(t.input.guard?.tree, field, envOf(spec, world, NO_FIELDS));
    } catch (err) {
      if (err instanceof UnsetVariable) return [];
      throw err;
    }
  });
}

const BOUNDARIES = new WeakMap<
  readonly Parameter[],
  WeakMap<Transition, Map<string, Map<string, readonly Boundary[]>>>
>();
const NO_FIELDS: ReadonlyMap<string, Value> = new Map();

function chooseSegment(
  spec: Spec,
  t: Transition,
  flags: readonly Flag[],
  world: World,
  choices: Choices,
): PlannedInput | undefined {
  const safeBoundary = (field: string) => guardBoundaries(spec, t, field, world).map((b) => b.value);
  const syn = flags.includes('SYN');
  const candidates = new Map<string, Value[]>([
    ['SEG.SEQ', uniqueValues([...safeBoundary('SEG.SEQ'), world.peerNext])],
    ['SEG.ACK', flags.includes('ACK') ? uniqueValues([...safeBoundary('SEG.ACK'), defaultAck(world)]) : [abs(0)]],
    [
      'SEG.DATA',
      uniqueValues([
        abs(0),
        abs(choices.injectLen),
        ...safeBoundary('SEG.DATA').filter((v) => v.base === null && v.off > 0 && v.off < 1500),
      ]),
    ],
    ['SEG.MSS', [syn && choices.peerMss !== null ? abs(choices.peerMss) : undefined]],
    ['SEG.WND', [abs(TESTER_WINDOW)]],
  ]);
  for (const [field, value] of choices.fixed ?? []) candidates.set(field, [value]);
  const lenOf = (a: ReadonlyMap<string, Value>): Sym =>
    abs((a.get('SEG.DATA') as Sym).off + (syn ? 1 : 0) + (flags.includes('FIN') ? 1 : 0));
  // One environment for every combination tried: it reads the one assignment findAssignment updates.
  let tried: ReadonlyMap<string, Value> = new Map();
  const env = envOf(spec, world, {
    has: (n) => n === 'SEG.LEN' || tried.has(n),
    get: (n) => (n === 'SEG.LEN' ? lenOf(tried) : tried.get(n)),
  });
  const hit = findAssignment(candidates, (a) => {
    tried = a;
    return guardHolds(t, env);
  });
  if (!hit) return undefined;
  const fields = new Map([...hit, ['SEG.LEN', lenOf(hit)]]);
  const seqNo = fields.get('SEG.SEQ') as Sym;
  const dataLen = (fields.get('SEG.DATA') as Sym).off;
  const injected = dataLen > 0 ? world.injected + 1 : world.injected;
  const data = dataLen > 0 ? peerData(dataLen, injected) : '';
  const mss = fields.get('SEG.MSS');
  const segment: SegmentSpec = {
    flags,
    seq: termOf(seqNo),
    ...(flags.includes('ACK') ? { ack: termOf(fields.get('SEG.ACK') as Sym) } : {}),
    ...(isSym(mss) ? { mss: mss.off } : {}),
    data,
  };
  const len = (fields.get('SEG.LEN') as Sym).off;
  return {
    action: { kind: 'inject', segment },
    values: { fields, data },
    world: { ...world, peerNext: { ...seqNo, off: seq.add(seqNo.off, len) }, injected },
  };
}
