/**
 * Type checking of the spec's expressions, each reported where it is written. An expression
 * that names a guard fragment is checked as written, the fragment standing for a value of its
 * own type. Each fragment is checked once, at its own place, with every name an expression may
 * read; where it is named, the input must give it every field it reads.
 */
import type { Expr, ExprType } from '../../core/expr/ast.js';
import { namesIn } from '../../core/expr/ast.js';
import { ExprTypeError, type Scope, typeCheck } from '../../core/expr/check.js';
import { type ErrorCollector, SpecError } from '../../core/spec/errors.js';
import { positionInScalar } from '../../core/spec/source.js';
import { CALL_FIELDS, type Input, type ParsedExpr, SEGMENT_FIELDS, type Spec } from '../../core/spec/types.js';

/** Only guard fragments have lower-case names. */
const isFragment = (name: string) => /^[a-z]/.test(name);

export class ExprTypes {
  /** Each fragment's type; null when it has an error (reported once, at the fragment). */
  private readonly types = new Map<string, ExprType | null>();
  private readonly fragments: ReadonlyMap<string, ParsedExpr>;

  constructor(
    private readonly spec: Spec,
    private readonly errors: ErrorCollector,
  ) {
    this.fragments = new Map(spec.guards.map((g) => [g.name, g.expr]));
    for (const g of spec.guards) this.fragmentType(g.name);
  }

  /** The names an expression may use for a given input, the guard fragments among them. */
  scopeFor(input: Input | 'any'): Scope {
    const names = new Map<string, ExprType>();
    for (const v of this.spec.variables) names.set(v.name, 'num');
    for (const p of this.spec.parameters) names.set(p.name, 'num');
    if (input === 'any' || input.kind === 'segment')
      for (const [n, t] of Object.entries(SEGMENT_FIELDS)) names.set(n, t);
    if (input === 'any' || (input.kind === 'call' && input.call === 'send'))
      for (const [n, t] of Object.entries(CALL_FIELDS)) names.set(n, t);
    return {
      typeOf: (n) => names.get(n) ?? (this.fragments.has(n) ? (this.fragmentType(n) ?? undefined) : undefined),
      known: () => [...names.keys()],
    };
  }

  /** Report an expression that is not of type `want` in `scope`, or that a fragment it names cannot be used in. */
  check(e: ParsedExpr, want: ExprType, scope: Scope): void {
    const named = e.written ? namesIn(e.written).filter(isFragment) : [];
    // A broken fragment's error is already reported at the fragment.
    if (named.some((n) => this.fragmentType(n) === null)) return;
    for (const name of named) {
      const unknown = namesIn(this.fragments.get(name)!.tree).find((v) => scope.typeOf(v) === undefined);
      if (unknown !== undefined) {
        this.errors.add(
          new SpecError(
            positionInScalar(e.loc.file, e.loc.path, offsetOf(e.written!, name)),
            `guard fragment "${name}" reads ${unknown}, which this input does not have`,
          ),
        );
        return;
      }
    }
    const got = this.typeOf(e, scope);
    if (got === undefined || got === want) return;
    const what = want === 'bool' ? 'a condition' : 'a number';
    const hint = got === 'opt' ? ' (an optional value needs a default: X ?? 536)' : '';
    this.errors.add(
      new SpecError(positionInScalar(e.loc.file, e.loc.path, 0), `expression "${e.src}" must be ${what}${hint}`),
    );
  }

  private fragmentType(name: string): ExprType | null {
    const known = this.types.get(name);
    if (known !== undefined) return known;
    const e = this.fragments.get(name)!;
    const named = e.written ? namesIn(e.written).filter(isFragment) : [];
    // The model rejects a fragment that names itself, so this recursion ends.
    const type = named.some((n) => this.fragmentType(n) === null)
      ? null
      : (this.typeOf(e, this.scopeFor('any')) ?? null);
    this.types.set(name, type);
    return type;
  }

  /** The expression's type as written, or undefined after reporting why it has none. */
  private typeOf(e: ParsedExpr, scope: Scope): ExprType | undefined {
    try {
      return typeCheck(e.written ?? e.tree, scope);
    } catch (err) {
      if (!(err instanceof ExprTypeError)) throw err;
      this.errors.add(new SpecError(positionInScalar(e.loc.file, e.loc.path, err.at), err.message));
      return undefined;
    }
  }
}

/** Where a name first appears in an expression. */
function offsetOf(e: Expr, name: string): number {
  switch (e.kind) {
    case 'name':
      return e.name === name ? e.at : -1;
    case 'call':
      return firstFound(e.args.map((a) => offsetOf(a, name)));
    case 'not':
      return offsetOf(e.arg, name);
    case 'binary':
      return firstFound([offsetOf(e.left, name), offsetOf(e.right, name)]);
    default:
      return -1;
  }
}

const firstFound = (offsets: readonly number[]) => offsets.find((o) => o >= 0) ?? -1;
