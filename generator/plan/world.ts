/**
 * The planner's symbolic view of one connection: the IUT's state and variables as the spec
 * defines them, with ISNs and implementation parameters kept as unknowns, plus what the
 * tester itself has sent. Immutable: every step makes a new one.
 */
import type { Sym, Value } from '../../core/expr/evaluate.js';
import { sym } from '../../core/expr/evaluate.js';
import { remembered } from '../../core/memo.js';

/** The tester's choices for one test case. */
export interface Choices {
  /** MSS option the tester announces in its SYN or SYN+ACK; null for none. */
  readonly peerMss: number | null;
  /** Length of the data the application sends in a send call. */
  readonly sendLen: number;
  /** Length of the data the tester puts in a segment that must carry data. */
  readonly injectLen: number;
  /** Segment fields the tester sets whatever the guard prefers (a case on a guard's boundary). */
  readonly fixed?: ReadonlyMap<string, Value>;
}

export const DEFAULT_CHOICES: Choices = { peerMss: 1460, sendLen: 12, injectLen: 9 };

export interface World {
  readonly state: string;
  readonly vars: ReadonlyMap<string, Sym>;
  /** Pending timers and the time left on each. */
  readonly timers: ReadonlyMap<string, Sym>;
  /** How the IUT's connection was opened, once it has been. */
  readonly role?: 'client' | 'server' | undefined;
  /** The tester's next sequence number. */
  readonly peerNext: Sym;
  /** How many ISNs the IUT has chosen so far (the n-th is the unknown "iss#n"). */
  readonly isns: number;
  /** How many data segments the tester has sent (to vary their text). */
  readonly injected: number;
  /** The data the IUT has sent on this connection, from the sequence number of its first octet. */
  readonly sent?: { readonly start: Sym; readonly data: string } | undefined;
}

export function initialWorld(state: string): World {
  return { state, vars: new Map(), timers: new Map(), peerNext: sym('peer'), isns: 0, injected: 0 };
}

/** The name of the n-th ISN the IUT chooses in a test (1-based). */
export function isnBase(n: number): string {
  return n === 1 ? 'iss' : `iss#${n}`;
}

const WORLD_KEYS = new WeakMap<World, string>();

/**
 * Everything in a world, as a string: equal strings, equal worlds (variables in the same
 * order). Made once per world, by hand (JSON takes three times as long), from the keys of its
 * variables and timers, which many worlds share.
 */
export function worldKey(world: World): string {
  return remembered(WORLD_KEYS, world, () => {
    const { peerNext: p, sent } = world;
    const parts = [world.state, world.role ?? '-', valuesKey(world.vars), valuesKey(world.timers)];
    parts.push(`${p.base}*${p.k}+${p.off}`, `${world.isns}`, `${world.injected}`);
    if (sent) parts.push(`${sent.start.base}*${sent.start.k}+${sent.start.off}`, `${dataId(sent.data)}`);
    return parts.join('|');
  });
}

const VALUES_KEYS = new WeakMap<ReadonlyMap<string, Sym>, string>();

/**
 * Named values (a world's variables or timers) as a string, in their order: made once per map,
 * which the worlds a transition leaves alone share.
 */
export function valuesKey(values: ReadonlyMap<string, Sym>): string {
  return remembered(VALUES_KEYS, values, () => {
    const parts: (string | number | null)[] = [];
    values.forEach((v, name) => {
      parts.push(name, '=', v.base, '*', v.k, '+', v.off, ',');
    });
    return parts.join('');
  });
}

const DATA_IDS = new Map<string, number>();
/** A number for each text sent: the key stays short however much data a world has sent. */
const dataId = (data: string) => remembered(DATA_IDS, data, () => DATA_IDS.size);

const CHOICE_KEYS = new WeakMap<Choices, string>();

/** The tester's choices as a string, fixed fields included. Made once per choices. */
export function choicesKey(choices: Choices): string {
  return remembered(CHOICE_KEYS, choices, () =>
    JSON.stringify([choices.peerMss, choices.sendLen, choices.injectLen, [...(choices.fixed ?? [])]]),
  );
}
