/**
 * Spec mutants: the spec with one planted fault in one transition, of the kinds a TCP
 * implementation gets wrong — a wrong next state, a segment missing or extra, a sequence or
 * acknowledgment number off by one, a wrong flag, a missing MSS option, a timer not started
 * (or not restarted). Each mutant is a whole spec model, ready to be interpreted.
 */
import type { Expr } from '../../core/expr/ast.js';
import { positionOf } from '../../core/spec/source.js';
import { statesOf } from '../../core/spec/profiles.js';
import type { Action, ParsedExpr, SendAction, SendFlag, Spec, Transition } from '../../core/spec/types.js';

export type MutantKind =
  | 'next-state'
  | 'missing-segment'
  | 'extra-segment'
  | 'seq-off-by-one'
  | 'ack-off-by-one'
  | 'wrong-flag'
  | 'missing-mss'
  | 'timer-not-started';

export interface SpecMutant {
  /** Stable and unique: the transition, the action, what changed. */
  readonly id: string;
  readonly kind: MutantKind;
  /** The transition the fault is planted in (as the original spec has it). */
  readonly transition: Transition;
  /** What the mutant does differently, as a sentence. */
  readonly description: string;
  /** Where in the spec: the action changed, or the transition. */
  readonly where: string;
  readonly spec: Spec;
  /** A next-state mutant's wrong state; a timer mutant's timer. */
  readonly to?: string;
  readonly timer?: string;
}

const FLAGS: readonly SendFlag[] = ['SYN', 'ACK', 'FIN', 'RST'];

/** Every mutant of every transition of the spec, in spec order. */
export function specMutants(spec: Spec): SpecMutant[] {
  const states = statesOf(spec);
  return spec.transitions.flatMap((t) => mutantsOf(spec, t, states));
}

interface Change {
  readonly key: string;
  readonly kind: MutantKind;
  readonly description: string;
  readonly at: Transition | Action;
  readonly replaced: Transition;
  readonly to?: string;
  readonly timer?: string;
}

function mutantsOf(spec: Spec, t: Transition, states: readonly string[]): SpecMutant[] {
  const changes: Change[] = [];
  for (const s of states.filter((x) => x !== t.to)) {
    changes.push({
      key: `to:${s}`,
      kind: 'next-state',
      description: `goes to ${s} instead of ${t.to}`,
      at: t,
      replaced: { ...t, to: s },
      to: s,
    });
  }
  const withActions = (actions: readonly Action[]): Transition => ({ ...t, actions });
  const sends = t.actions.filter((a): a is SendAction => a.kind === 'send');
  t.actions.forEach((a, i) => {
    const replace = (b: Action) => withActions(t.actions.map((x, j) => (j === i ? b : x)));
    const remove = () => withActions(t.actions.filter((_, j) => j !== i));
    const key = (what: string) => `${i}:${what}`;
    if (a.kind === 'resend') {
      changes.push({
        key: key('missing'),
        kind: 'missing-segment',
        description: 'does not resend the unacknowledged data',
        at: a,
        replaced: remove(),
      });
    }
    if (a.kind === 'start_timer') {
      changes.push({
        key: key('no-timer'),
        kind: 'timer-not-started',
        description: `does not start (or restart) the ${a.timer} timer`,
        at: a,
        replaced: remove(),
        timer: a.timer,
      });
    }
    if (a.kind !== 'send') return;
    const seg = segmentName(a);
    changes.push(
      {
        key: key('missing'),
        kind: 'missing-segment',
        description: `does not send its ${seg}`,
        at: a,
        replaced: remove(),
      },
      {
        key: key('extra'),
        kind: 'extra-segment',
        description: `sends its ${seg} twice`,
        at: a,
        replaced: withActions([...t.actions.slice(0, i + 1), a, ...t.actions.slice(i + 1)]),
      },
    );
    for (const d of [1, -1] as const) {
      const sign = d > 0 ? '+1' : '-1';
      changes.push({
        key: key(`seq${sign}`),
        kind: 'seq-off-by-one',
        description: `sends its ${seg} with SN ${a.seq.src} ${sign}`,
        at: a,
        replaced: replace({ ...a, seq: offByOne(a.seq, d) }),
      });
      if (a.ack) {
        changes.push({
          key: key(`ack${sign}`),
          kind: 'ack-off-by-one',
          description: `sends its ${seg} with AN ${a.ack.src} ${sign}`,
          at: a,
          replaced: replace({ ...a, ack: offByOne(a.ack, d) }),
        });
      }
    }
    for (const f of FLAGS) {
      const ctl = a.ctl.includes(f) ? a.ctl.filter((x) => x !== f) : FLAGS.filter((x) => x === f || a.ctl.includes(x));
      const what = a.ctl.includes(f) ? `without ${f}` : `with ${f} added`;
      changes.push({
        key: key(`flag:${f}`),
        kind: 'wrong-flag',
        description: `sends its ${seg} ${what}`,
        at: a,
        replaced: replace({ ...a, ctl }),
      });
    }
    if (a.mss) {
      changes.push({
        key: key('no-mss'),
        kind: 'missing-mss',
        description: `sends its ${seg} without the MSS option`,
        at: a,
        replaced: replace({ ...a, mss: undefined }),
      });
    }
  });
  if (sends.length === 0 && !t.actions.some((a) => a.kind === 'resend')) {
    // A transition that stays silent: the commonest extra segment is a needless ACK.
    changes.push({
      key: 'extra-ack',
      kind: 'extra-segment',
      description: 'also sends an ACK <SEQ=SND.NXT><ACK=RCV.NXT>',
      at: t,
      replaced: withActions([...t.actions, bareAck(t)]),
    });
  }
  return changes.map((c) => ({
    id: `${t.id}/${c.key}`,
    kind: c.kind,
    transition: t,
    description: `${t.id} ${c.description}`,
    where: where(c.at),
    spec: { ...spec, transitions: spec.transitions.map((x) => (x === t ? c.replaced : x)) },
    ...(c.to ? { to: c.to } : {}),
    ...(c.timer ? { timer: c.timer } : {}),
  }));
}

function segmentName(a: SendAction): string {
  return a.ctl.length > 0 ? a.ctl.join('+') : 'segment';
}

function offByOne(e: ParsedExpr, d: 1 | -1): ParsedExpr {
  const one: Expr = { kind: 'num', value: 1, at: 0 };
  return {
    ...e,
    src: `${e.src} ${d > 0 ? '+' : '-'} 1`,
    tree: { kind: 'binary', op: d > 0 ? '+' : '-', left: e.tree, right: one, at: 0 },
  };
}

function bareAck(t: Transition): SendAction {
  const name = (n: string): ParsedExpr => ({ src: n, tree: { kind: 'name', name: n, at: 0 }, loc: t.loc });
  return { kind: 'send', ctl: ['ACK'], seq: name('SND.NXT'), ack: name('RCV.NXT'), data: false, loc: t.loc };
}

function where(at: Transition | Action): string {
  const p = positionOf(at.loc.file, at.loc.path);
  return `${at.loc.file.name}:${p.line}`;
}
