/**
 * Markers that select targets. A lock made for several targets pins some packages only for
 * some of them; each such pin needs a PEP 508 marker that is true on every target it serves
 * and false on every other target of the lock. This module finds the simplest one:
 *
 * 1. one variable (`sys_platform == "win32"`, `python_version >= "3.12"`, a version range,
 *    `platform_machine != "aarch64"`, or a disjunction of two values);
 * 2. a conjunction of two such atoms (`sys_platform == "linux" and python_version < "3.12"`);
 * 3. a disjunction of conjunctions of `==` comparisons, chosen greedily to cover the subset.
 *
 * "Simplest" is the fewest comparisons, then the fewest variables, then `==` before ranges
 * before `!=`, then the variables in the order of DISTINGUISHING_VARIABLES.
 *
 * A value a target leaves unknown ('' or listed in `unknownMarkers`, e.g. the machine of a
 * macOS universal2 target) could be anything on the real machine, so a comparison on it is
 * neither true nor false there: the marker must come out true on every target of the subset
 * and false on every other target whatever their unknown values are. Two targets that agree
 * on every variable both determine (targets that differ only in their tags, such as
 * manylinux_2_17 and manylinux_2_28) cannot be told apart by any marker: the result says so,
 * naming them.
 */
import { LockfileError } from '../errors.js';
import type { MarkerEnvironment } from '../pep508/environment.js';
import type { LockTarget } from './model.js';
import { compareVersionText, isVersionText } from './version-text.js';

/** The marker variables that tell targets apart, in the order they are preferred. */
export const DISTINGUISHING_VARIABLES = [
  'sys_platform',
  'platform_machine',
  'python_version',
  'python_full_version',
  'implementation_name',
  'os_name',
  'platform_system',
] as const satisfies readonly (keyof MarkerEnvironment)[];
export type DistinguishingVariable = (typeof DISTINGUISHING_VARIABLES)[number];

const VERSION_VARIABLES: ReadonlySet<string> = new Set(['python_version', 'python_full_version']);

export type TargetMarkerResult =
  /** The subset is every target: the pin needs no marker. */
  | { kind: 'all' }
  | { kind: 'marker'; marker: string }
  /** No marker separates `inside` (in the subset) from `outside` (not in it). */
  | { kind: 'inseparable'; inside: string; outside: string; message: string };

/** A comparison, or a short formula over one variable, and where it is surely true or false. */
interface Atom {
  text: string;
  /** Number of comparisons. */
  cost: number;
  variable: DistinguishingVariable;
  /** An "or" of comparisons: parenthesised inside a conjunction. */
  disjunction: boolean;
  /** Preference among atoms of equal cost: `==` first, then ranges, then `!=`. */
  form: number;
  /** Indexes of the targets it is true on, whatever their unknown values. */
  trueOn: ReadonlySet<number>;
  /** Indexes of the targets it is false on, whatever their unknown values. */
  falseOn: ReadonlySet<number>;
}

interface Candidate {
  atoms: Atom[];
  cost: number;
  trueOn: ReadonlySet<number>;
}

/** The value of `v` on `t`, or undefined when the target does not determine it. */
function known(t: LockTarget, v: DistinguishingVariable): string | undefined {
  const value = t.markerEnvironment[v];
  if (typeof value !== 'string' || value === '' || (t.unknownMarkers ?? []).includes(v)) return undefined;
  if (VERSION_VARIABLES.has(v) && !isVersionText(value)) return undefined;
  return value;
}

function quote(value: string): string {
  // PEP 508 strings have no escapes: pick the quote the value does not contain.
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}

function comparison(variable: string, op: string, value: string): string {
  return `${variable} ${op} ${quote(value)}`;
}

function isSubset(a: Iterable<number>, b: ReadonlySet<number>): boolean {
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function union(a: ReadonlySet<number>, b: ReadonlySet<number>): Set<number> {
  return new Set([...a, ...b]);
}

function intersect(a: ReadonlySet<number>, b: ReadonlySet<number>): Set<number> {
  return new Set([...a].filter((x) => b.has(x)));
}

function versionOrder(a: string, b: string): number {
  return compareVersionText(a, b) as number;
}

/**
 * Atoms over `variable` true on every target of `inside`. Empty when some target of
 * `inside` leaves the variable unknown.
 */
function atomsCovering(variable: DistinguishingVariable, targets: readonly LockTarget[], inside: ReadonlySet<number>): Atom[] {
  const values = targets.map((t) => known(t, variable));
  if ([...inside].some((i) => values[i] === undefined)) return [];
  const isVersion = VERSION_VARIABLES.has(variable);
  const same = (a: string, b: string) => (isVersion ? versionOrder(a, b) === 0 : a === b);
  /** Targets where `test` is surely true and surely false (unknown values are neither). */
  const split = (test: (v: string) => boolean) => {
    const trueOn = new Set<number>();
    const falseOn = new Set<number>();
    values.forEach((v, i) => {
      if (v !== undefined) (test(v) ? trueOn : falseOn).add(i);
    });
    return { trueOn, falseOn };
  };
  const insideValues = [...new Set([...inside].map((i) => values[i] as string))].sort(isVersion ? versionOrder : undefined);
  const outsideValues = [...new Set(values.filter((v, i): v is string => v !== undefined && !inside.has(i)))]
    .filter((v) => !insideValues.some((w) => same(v, w)))
    .sort(isVersion ? versionOrder : undefined);
  const atoms: Atom[] = [];
  const add = (text: string, cost: number, form: number, test: (v: string) => boolean, disjunction = false) =>
    atoms.push({ text, cost, variable, disjunction, form, ...split(test) });

  if (isVersion) {
    const all = [...new Set(values.filter((v): v is string => v !== undefined))].sort(versionOrder);
    const lowest = insideValues[0] as string;
    const highest = insideValues[insideValues.length - 1] as string;
    const above = all.find((v) => versionOrder(v, highest) > 0);
    if (all.some((v) => versionOrder(v, lowest) < 0)) add(comparison(variable, '>=', lowest), 1, 1, (v) => versionOrder(v, lowest) >= 0);
    if (above !== undefined) add(comparison(variable, '<', above), 1, 1, (v) => versionOrder(v, above) < 0);
  }
  if (insideValues.length === 1) {
    const only = insideValues[0] as string;
    // A target's python_full_version is often a floor ("3.12" is "3.12.0"): prefer a range there.
    add(comparison(variable, '==', only), 1, variable === 'python_full_version' ? 1.5 : 0, (v) => same(v, only));
  }
  for (const excluded of outsideValues) add(comparison(variable, '!=', excluded), 1, 2, (v) => !same(v, excluded));
  if (insideValues.length === 2) {
    const [a, b] = insideValues as [string, string];
    // For versions a range of two comparisons reads better than two values.
    add(`${comparison(variable, '==', a)} or ${comparison(variable, '==', b)}`, 2, isVersion ? 3 : 0, (v) => same(v, a) || same(v, b), true);
  }
  if (outsideValues.length === 2) {
    const [a, b] = outsideValues as [string, string];
    add(`${comparison(variable, '!=', a)} and ${comparison(variable, '!=', b)}`, 2, 4, (v) => !same(v, a) && !same(v, b));
  }
  return atoms;
}

function variableRank(v: DistinguishingVariable): number {
  return DISTINGUISHING_VARIABLES.indexOf(v);
}

function conjunctionText(atoms: readonly Atom[]): string {
  if (atoms.length === 1) return (atoms[0] as Atom).text;
  return atoms.map((a) => (a.disjunction ? `(${a.text})` : a.text)).join(' and ');
}

/** Fewest comparisons, fewest variables, preferred forms, preferred variables, then text. */
function compareCandidates(a: Candidate, b: Candidate): number {
  const vars = (c: Candidate) => new Set(c.atoms.map((x) => x.variable)).size;
  const forms = (c: Candidate) => c.atoms.reduce((sum, x) => sum + x.form, 0);
  const d = a.cost - b.cost || vars(a) - vars(b) || forms(a) - forms(b);
  if (d !== 0) return d;
  const ra = a.atoms.map((x) => variableRank(x.variable));
  const rb = b.atoms.map((x) => variableRank(x.variable));
  for (let i = 0; i < Math.max(ra.length, rb.length); i++) {
    const r = (ra[i] ?? -1) - (rb[i] ?? -1);
    if (r !== 0) return r;
  }
  const ta = conjunctionText(a.atoms);
  const tb = conjunctionText(b.atoms);
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

/** The cheapest atom, or pair of atoms, true on all of `inside` and false on all of `outside`. */
function bestConjunction(atoms: readonly Atom[], outside: readonly number[]): Candidate | undefined {
  const found: Candidate[] = [];
  for (const a of atoms) if (isSubset(outside, a.falseOn)) found.push({ atoms: [a], cost: a.cost, trueOn: a.trueOn });
  for (let i = 0; i < atoms.length; i++) {
    for (let j = i + 1; j < atoms.length; j++) {
      const a = atoms[i] as Atom;
      const b = atoms[j] as Atom;
      if (isSubset(outside, a.falseOn) || isSubset(outside, b.falseOn)) continue;
      if (!isSubset(outside, union(a.falseOn, b.falseOn))) continue;
      const pair = variableRank(a.variable) <= variableRank(b.variable) ? [a, b] : [b, a];
      found.push({ atoms: pair, cost: a.cost + b.cost, trueOn: intersect(a.trueOn, b.trueOn) });
    }
  }
  return found.sort(compareCandidates)[0];
}

/** The smallest conjunctions of `==` comparisons true on target `index` and surely false outside `inside`. */
function clausesFor(targets: readonly LockTarget[], index: number, outside: readonly number[]): Candidate[] {
  const target = targets[index] as LockTarget;
  const variables = DISTINGUISHING_VARIABLES.filter((v) => known(target, v) !== undefined);
  const subsets: DistinguishingVariable[][] = [[]];
  for (const v of variables) for (const s of [...subsets]) subsets.push([...s, v]);
  subsets.sort((a, b) => a.length - b.length);
  const clauses: Candidate[] = [];
  let size: number | undefined;
  for (const subset of subsets) {
    if (subset.length === 0 || (size !== undefined && subset.length > size)) continue;
    const equal = (i: number, v: DistinguishingVariable) => {
      const value = known(targets[i] as LockTarget, v);
      const own = known(target, v) as string;
      return value === undefined ? undefined : VERSION_VARIABLES.has(v) ? versionOrder(value, own) === 0 : value === own;
    };
    const trueOn = new Set(targets.map((_, i) => i).filter((i) => subset.every((v) => equal(i, v) === true)));
    const falseOn = new Set(targets.map((_, i) => i).filter((i) => subset.some((v) => equal(i, v) === false)));
    if (!isSubset(outside, falseOn)) continue;
    size = subset.length;
    const atoms = subset.map<Atom>((v) => ({ text: comparison(v, '==', known(target, v) as string), cost: 1, variable: v, disjunction: false, form: 0, trueOn, falseOn }));
    clauses.push({ atoms, cost: subset.length, trueOn });
  }
  return clauses;
}

/** A greedy cover of `inside` by conjunctions surely false outside it. */
function disjunction(targets: readonly LockTarget[], inside: ReadonlySet<number>, outside: readonly number[]): string {
  const uncovered = new Set(inside);
  const chosen: Candidate[] = [];
  while (uncovered.size > 0) {
    const options = [...uncovered].flatMap((i) =>
      clausesFor(targets, i, outside).map((clause) => ({ clause, covers: [...clause.trueOn].filter((x) => uncovered.has(x)).length })),
    );
    options.sort((a, b) => b.covers - a.covers || compareCandidates(a.clause, b.clause));
    const best = options[0];
    if (!best) break;
    chosen.push(best.clause);
    for (const x of best.clause.trueOn) uncovered.delete(x);
  }
  const texts = chosen.map((c) => conjunctionText(c.atoms)).sort();
  return texts.map((t) => (texts.length > 1 && / and /.test(t) ? `(${t})` : t)).join(' or ');
}

/** A target of `inside` and one outside it that no known variable tells apart, if any. */
function inseparablePair(targets: readonly LockTarget[], inside: ReadonlySet<number>, outside: readonly number[]): [LockTarget, LockTarget] | undefined {
  for (const i of inside) {
    for (const o of outside) {
      const a = targets[i] as LockTarget;
      const b = targets[o] as LockTarget;
      const differ = DISTINGUISHING_VARIABLES.some((v) => {
        const x = known(a, v);
        const y = known(b, v);
        return x !== undefined && y !== undefined && !(VERSION_VARIABLES.has(v) ? versionOrder(x, y) === 0 : x === y);
      });
      if (!differ) return [a, b];
    }
  }
  return undefined;
}

/** Why no marker tells `a` from `b`: the values they share, and what one of them leaves unknown. */
function whyInseparable(a: LockTarget, b: LockTarget): string {
  const shared = DISTINGUISHING_VARIABLES.filter((v) => known(a, v) !== undefined && known(b, v) !== undefined);
  const agree = shared.length === 0 ? 'neither determines a marker variable the other does' : `they agree on every marker variable both determine (${shared.map((v) => `${v}=${JSON.stringify(a.markerEnvironment[v])}`).join(', ')})`;
  const unknown = DISTINGUISHING_VARIABLES.filter((v) => !shared.includes(v)).map((v) => `${v} of ${known(a, v) === undefined ? a.name : b.name}`);
  return unknown.length === 0 ? `${agree}; they differ only in their tags` : `${agree}; a marker cannot test what a target leaves unknown (${unknown.join(', ')})`;
}

function targetIndexes(targets: readonly LockTarget[], subset: Iterable<string>): Set<number> {
  const names = targets.map((t) => t.name);
  const inside = new Set<number>();
  for (const name of subset) {
    const i = names.indexOf(name);
    if (i === -1) throw new LockfileError(`unknown target ${JSON.stringify(name)}`, { text: name, expected: `one of the lock's targets: ${names.join(', ')}` });
    inside.add(i);
  }
  return inside;
}

/**
 * The simplest PEP 508 marker true on every target named in `subset` and false on every
 * other target of `targets`. Throws a LockfileError for an empty subset or a name that is
 * not a target.
 */
export function markerForTargets(targets: readonly LockTarget[], subset: Iterable<string>): TargetMarkerResult {
  const inside = targetIndexes(targets, subset);
  if (inside.size === 0) throw new LockfileError('no marker selects an empty set of targets', { expected: 'at least one target' });
  if (inside.size === targets.length) return { kind: 'all' };
  const outside = targets.map((_, i) => i).filter((i) => !inside.has(i));
  const twins = inseparablePair(targets, inside, outside);
  if (twins) {
    const [a, b] = twins;
    return {
      kind: 'inseparable',
      inside: a.name,
      outside: b.name,
      message: `no environment marker tells target ${a.name} from target ${b.name}: ${whyInseparable(a, b)}`,
    };
  }
  const atoms = DISTINGUISHING_VARIABLES.flatMap((v) => atomsCovering(v, targets, inside));
  const best = bestConjunction(atoms, outside);
  if (best) return { kind: 'marker', marker: conjunctionText(best.atoms) };
  return { kind: 'marker', marker: disjunction(targets, inside, outside) };
}

/**
 * A marker describing one target by the values it determines of implementation_name,
 * python_version, sys_platform and platform_machine, plus what else tells it from the
 * other targets when those do not: used for PEP 751 `environments`, where a machine that
 * none of the targets describes must not pass. Undefined when the target determines none
 * of the four and no marker separates it from the others.
 */
export function describeTargetMarker(targets: readonly LockTarget[], name: string): string | undefined {
  const [index] = targetIndexes(targets, [name]);
  const target = targets[index as number] as LockTarget;
  const described = (['implementation_name', 'python_version', 'sys_platform', 'platform_machine'] as const).filter((v) => known(target, v) !== undefined);
  const parts = described.map((v) => comparison(v, '==', known(target, v) as string));
  const others = targets.map((_, i) => i).filter((i) => i !== index);
  const separated = others.every((i) =>
    described.some((v) => {
      const value = known(targets[i] as LockTarget, v);
      return value !== undefined && value !== known(target, v);
    }),
  );
  if (!separated) {
    const separating = markerForTargets(targets, [name]);
    if (separating.kind === 'marker') parts.push(separating.marker.includes(' or ') ? `(${separating.marker})` : separating.marker);
  }
  return parts.length === 0 ? undefined : parts.join(' and ');
}
