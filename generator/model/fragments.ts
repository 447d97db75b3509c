/**
 * Guard fragments: conditions declared once under `guards:` (`in_window`) and named in
 * expressions. The model replaces each name by the fragment's tree, so the planner and the
 * emitter read plain expressions, as if the condition were written out; the tree as written is
 * kept, so the type checker can report an error inside a fragment at the fragment's own place.
 * Only fragments have lower-case names: any other lower-case name is an unknown fragment.
 */
import type { Expr } from '../../core/expr/ast.js';
import { didYouMean, type ErrorCollector, SpecError } from '../../core/spec/errors.js';
import { positionInScalar, positionOf } from '../../core/spec/source.js';
import type { Loc } from '../../core/spec/types.js';

export interface FragmentSource {
  readonly name: string;
  /** The fragment as parsed, naming other fragments. */
  readonly tree: Expr;
  /** Where its condition is written (`guards.NAME.if`). */
  readonly loc: Loc;
}

/** Where a fragment is declared: its name. */
const declaredAt = (f: FragmentSource) => positionOf(f.loc.file, f.loc.path.slice(0, -1), { key: true });

export class Fragments {
  private readonly declared = new Map<string, FragmentSource>();
  private readonly expanded = new Map<string, Expr>();
  /** The fragments each fragment names. */
  private readonly names = new Map<string, Set<string>>();
  private readonly used = new Set<string>();
  private readonly cycles = new Set<string>();

  constructor(
    sources: readonly FragmentSource[],
    private readonly errors: ErrorCollector,
  ) {
    for (const s of sources) {
      const first = this.declared.get(s.name);
      if (!first) {
        this.declared.set(s.name, s);
        continue;
      }
      const p = declaredAt(first);
      errors.add(
        new SpecError(declaredAt(s), `duplicate guard fragment "${s.name}" (first at ${p.file}:${p.line}:${p.col})`),
      );
    }
    // Each fragment is expanded once, so a mistake inside it is reported once, at its place.
    for (const name of this.declared.keys()) this.resolve(name, []);
  }

  /** The expanded tree of a declared fragment. */
  tree(name: string): Expr {
    return this.expanded.get(name)!;
  }

  /** The tree with every fragment it names replaced (the same object when it names none). */
  expand(tree: Expr, loc: Loc): Expr {
    const named = new Set<string>();
    const out = this.walk(tree, loc, [], named);
    for (const n of named) this.markUsed(n);
    return out;
  }

  /** Report every declared fragment that no expression outside the fragments names. */
  checkUsed(): void {
    for (const [name, f] of this.declared)
      if (!this.used.has(name))
        this.errors.add(new SpecError(declaredAt(f), `guard fragment "${name}" is named by no expression`));
  }

  private resolve(name: string, within: readonly string[]): Expr {
    const done = this.expanded.get(name);
    if (done) return done;
    const f = this.declared.get(name)!;
    const named = new Set<string>();
    const tree = this.walk(f.tree, f.loc, [...within, name], named);
    this.names.set(name, named);
    this.expanded.set(name, tree);
    return tree;
  }

  private walk(tree: Expr, loc: Loc, within: readonly string[], named: Set<string>): Expr {
    switch (tree.kind) {
      case 'name':
        return /^[a-z]/.test(tree.name) ? this.reference(tree, loc, within, named) : tree;
      case 'call': {
        const args = tree.args.map((a) => this.walk(a, loc, within, named));
        return args.every((a, i) => a === tree.args[i]) ? tree : { ...tree, args };
      }
      case 'not': {
        const arg = this.walk(tree.arg, loc, within, named);
        return arg === tree.arg ? tree : { ...tree, arg };
      }
      case 'binary': {
        const left = this.walk(tree.left, loc, within, named);
        const right = this.walk(tree.right, loc, within, named);
        return left === tree.left && right === tree.right ? tree : { ...tree, left, right };
      }
      default:
        return tree;
    }
  }

  private reference(ref: Expr & { kind: 'name' }, loc: Loc, within: readonly string[], named: Set<string>): Expr {
    const at = positionInScalar(loc.file, loc.path, ref.at);
    if (!this.declared.has(ref.name)) {
      this.errors.add(
        new SpecError(at, `unknown guard fragment "${ref.name}"${didYouMean(ref.name, [...this.declared.keys()])}`),
      );
      return ref;
    }
    named.add(ref.name);
    if (within.includes(ref.name)) {
      const cycle = [...within.slice(within.indexOf(ref.name)), ref.name];
      // One message per cycle, wherever the expansion entered it.
      const key = [...new Set(cycle)].sort().join(' ');
      if (!this.cycles.has(key)) {
        this.cycles.add(key);
        this.errors.add(new SpecError(at, `guard fragment "${cycle[0]}" names itself: ${cycle.join(' -> ')}`));
      }
      return { kind: 'bool', value: false, at: ref.at };
    }
    return this.resolve(ref.name, within);
  }

  private markUsed(name: string): void {
    if (this.used.has(name)) return;
    this.used.add(name);
    for (const n of this.names.get(name) ?? []) this.markUsed(n);
  }
}
