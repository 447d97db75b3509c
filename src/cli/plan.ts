/**
 * The plan (every test case of every profile) made at most once per process, and kept across
 * processes in the tool cache under the digest of everything generation reads
 * (generator/inputs.ts), so `run`, `coverage` and `mutate` read it instead of planning again.
 * Planning takes seconds; reading one profile's cases back takes milliseconds.
 *
 * A run against an implementation whose parameters differ from the spec's defaults, or that
 * cannot make some calls, plans again for it (plan-for-adapter.ts): that plan is kept under
 * the digest of the inputs and what it was made for, so the next run against it plans nothing.
 *
 * Each plan is a directory, plan/DIGEST/PROFILE.json, written under a name of its own and then
 * renamed: a reader sees all of a plan or none of it. A plan that is missing, unreadable or
 * not a list of cases is simply made again. The build also ships the memo profile's plan of
 * the package's own spec in dist/plan/, so the first `run` after an install plans nothing.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROFILES, type Profile, type TestCase } from '../../core/case.js';
import type { Generated } from '../../generator/index.js';
import { isDefault, type PlanFor } from '../../generator/plan/plan-for.js';
import type { Spec } from '../../core/spec/types.js';
import { inputsDigest } from '../../generator/inputs.js';
import { PACKAGE_ROOT } from '../../core/package-root.js';
import { CACHE_DIR } from '../cache-dir.js';
import { DEFAULT_SPEC_DIR } from './paths.js';

/** Plans of other inputs (an earlier spec, other generator sources, another implementation's values) kept besides the newest. */
const KEEP = 8;

/** This process's plans and generations, by digest. */
const generations = new Map<string, Generated>();
const read = new Map<string, readonly TestCase[]>();

/** The digest of specDir's inputs; undefined when they cannot be read, which generating then reports. */
function digestOf(specDir: string): string | undefined {
  try {
    return inputsDigest(specDir).trim();
  } catch {
    return undefined;
  }
}

/**
 * Generate from specDir once per process (loading the generator only then), and keep its
 * plan in the cache. Throws SpecErrors on a bad spec, like generate().
 */
export async function generateOnce(specDir: string): Promise<Generated> {
  const digest = digestOf(specDir);
  let g = digest === undefined ? undefined : generations.get(digest);
  if (!g) {
    const { generate } = await import('../../generator/index.js');
    g = generate(specDir);
    if (digest === undefined) return g;
    generations.set(digest, g);
    cache.store(digest, g.cases);
  }
  return g;
}

/** The spec model: generated already in this process, or read (without planning and emitting). */
async function specOnce(specDir: string, digest: string | undefined): Promise<Spec> {
  const known = digest === undefined ? undefined : generations.get(digest);
  return known?.spec ?? (await import('../../generator/index.js')).readSpec(specDir);
}

/** A profile's cases from the cache, read at most once per process. */
function readOnce(digest: string, profile: Profile): readonly TestCase[] | undefined {
  const key = `${digest}/${profile}`;
  const cases = read.get(key) ?? cache.read(digest, profile) ?? shipped.read(digest, profile);
  if (cases) read.set(key, cases);
  return cases;
}

/** The cases of these profiles in specDir's plan: from memory, the cache, or by planning. */
export async function casesOf(specDir: string, profiles: readonly Profile[]): Promise<readonly TestCase[]> {
  const digest = digestOf(specDir);
  const known = digest === undefined ? undefined : generations.get(digest);
  if (known) return known.cases.filter((c) => profiles.includes(c.profile));
  const parts = digest === undefined ? [] : profiles.map((p) => readOnce(digest, p));
  if (parts.length > 0 && parts.every((p) => p !== undefined)) return parts.flat();
  return (await generateOnce(specDir)).cases.filter((c) => profiles.includes(c.profile));
}

/** The spec with an implementation's declared variations (generator/declared.ts), and their digest. */
export interface DeclaredSpec {
  readonly spec: Spec;
  readonly digest: string;
}

/**
 * The cases of these profiles planned for `at` (an implementation's parameter values, the
 * calls it cannot make) and with its declared variations: the spec's own plan when neither
 * asks anything else; otherwise from memory, the cache, or by planning again.
 */
export async function casesFor(
  specDir: string,
  profiles: readonly Profile[],
  at: PlanFor,
  plans: PlanCache = cache,
  declared?: DeclaredSpec,
): Promise<readonly TestCase[]> {
  if (isDefault(at) && !declared) return casesOf(specDir, profiles);
  const inputs = digestOf(specDir);
  const key = declared ? { ...at, declared: declared.digest } : at;
  const digest = inputs === undefined ? undefined : planForDigest(inputs, key);
  const parts = digest === undefined ? [] : profiles.map((p) => read.get(`${digest}/${p}`) ?? plans.read(digest, p));
  if (parts.length > 0 && parts.every((p) => p !== undefined)) {
    profiles.forEach((p, i) => {
      read.set(`${digest}/${p}`, parts[i]!);
    });
    return parts.flat();
  }
  const [{ planCases }, spec] = await Promise.all([
    import('../../generator/plan/cases.js'),
    declared?.spec ?? specOnce(specDir, inputs),
  ]);
  const cases = planCases(spec, at);
  if (digest !== undefined) {
    plans.store(digest, cases);
    for (const p of PROFILES)
      read.set(
        `${digest}/${p}`,
        cases.filter((c) => c.profile === p),
      );
  }
  return cases.filter((c) => profiles.includes(c.profile));
}

/** The key of a plan made for `at`: the inputs' digest and what it was made for, hashed into a digest of the same form. */
export function planForDigest(inputs: string, at: PlanFor): string {
  return createHash('sha256')
    .update(`${inputs}\n${JSON.stringify(at)}`)
    .digest('hex');
}

/** The plans in one directory (the tool cache's plan/ for the CLI; a test's own for tests). */
export class PlanCache {
  constructor(readonly dir: string) {}

  /** One profile's cases of the plan with this digest, or undefined when there is none to trust. */
  read(digest: string, profile: Profile): readonly TestCase[] | undefined {
    try {
      const cases: unknown = JSON.parse(readFileSync(join(this.dir, digest, `${profile}.json`), 'utf8'));
      const trusted = Array.isArray(cases) && cases.every((c) => (c as Partial<TestCase> | null)?.profile === profile);
      return trusted ? (cases as TestCase[]) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Store the plan's cases of these profiles (all by default). */
  store(digest: string, cases: readonly TestCase[], profiles: readonly Profile[] = PROFILES): void {
    const partial = join(this.dir, `.${digest}.${process.pid}.tmp`);
    try {
      mkdirSync(partial, { recursive: true });
      for (const p of profiles)
        writeFileSync(join(partial, `${p}.json`), JSON.stringify(cases.filter((c) => c.profile === p)));
      renameSync(partial, join(this.dir, digest));
      this.prune(digest);
    } catch {
      // Not writable, or another process stored the same plan first: either way nothing is lost
      // but what this call wrote, if anything.
      try {
        rmSync(partial, { recursive: true, force: true });
      } catch {}
    }
  }

  /** Drop all but the newest few plans, so a checkout whose sources keep changing keeps a small cache. */
  private prune(newest: string): void {
    const old = readdirSync(this.dir)
      .filter((name) => /^[0-9a-f]{64}$/.test(name) && name !== newest)
      .map((name) => ({ name, at: statSync(join(this.dir, name)).mtimeMs }))
      .sort((a, b) => b.at - a.at)
      .slice(KEEP - 1);
    for (const { name } of old) rmSync(join(this.dir, name), { recursive: true, force: true });
  }
}

const cache = new PlanCache(join(CACHE_DIR, 'plan'));
/** Plans that come with the package (dist/plan/), read only. */
const shipped = new PlanCache(join(PACKAGE_ROOT, 'dist', 'plan'));

/** The build's last step: ship the memo profile's plan of the package's own spec (what `run` runs by default). */
export async function shipPlan(): Promise<void> {
  const digest = digestOf(DEFAULT_SPEC_DIR)!;
  shipped.store(digest, await casesOf(DEFAULT_SPEC_DIR, ['memo']), ['memo']);
  if (!shipped.read(digest, 'memo')) throw new Error(`could not write the plan into ${shipped.dir}`);
}
