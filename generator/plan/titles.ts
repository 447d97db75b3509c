/**
 * How tests are titled: the rule IDs first, then the transition (state + input → state) and
 * what it checks; and where in the spec the transition is.
 */
import { positionOf } from '../../core/spec/source.js';
import type { Loc, Transition } from '../../core/spec/types.js';

export function inputLabel(t: Transition): string {
  switch (t.input.kind) {
    case 'call':
      return `${t.input.call}()`;
    case 'segment':
      return t.input.ctl.join('+') || 'segment without flags';
    case 'timer':
      return `${t.input.timer} timer`;
  }
}

export function titleOf(t: Transition, rules: readonly string[], what = t.title): string {
  return `[${rules.join(' ')}] ${t.from} + ${inputLabel(t)} → ${t.to}: ${what}`;
}

/** Where a transition (or a variation) is written: spec/FILE.yaml:LINE. */
export function sourceOf(t: { readonly loc: Loc }): string {
  return `${t.loc.file.name}:${positionOf(t.loc.file, t.loc.path).line}`;
}

/** The end of a title: the role the IUT plays, and what the variant changes. */
export function roleText(role: 'client' | 'server' | 'none', suffix = ''): string {
  return `(${role === 'none' ? 'no connection' : `IUT as ${role}`}${suffix})`;
}
