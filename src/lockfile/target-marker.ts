/**
 * Markers that select targets. A lock made for several targets pins some packages only for
 * some of them; each such pin needs a PEP 508 marker that is true on every target it serves
 * and false on every other target of the lock. This module finds the simplest one:
 *
 * 1. one variable (`sys_platform == "win32"`, `python_version >= "3.12"`, a version range,
 *    `platform_machine != "aarch64"`, or a short disjunction of values);
 * 2. a conjunction of two such atoms (`sys_platform == "linux" and python_version < "3.12"`);
 * 3. a disjunction of conjunctions, chosen greedily to cover the subset.
 *
 * "Simplest" is the fewest comparisons, then the fewest variables, then the variables in
 * the order of DISTINGUISHING_VARIABLES. Only the variables every target determines are
 * used: a value a target leaves unknown ('' or listed in `unknownMarkers`) could be
 * anything on the real machine. Two targets whose known values are all equal (targets that
 * differ only in their tags, such as manylinux_2_17 and manylinux_2_28) cannot be told
 * apart by any marker: the result says so, naming them.
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

/** A comparison or a short formula over one variable, and the targets it is true on. */
interface Atom {
  text: string;
  /** Number of comparisons. */
  cost: number;
  variable: DistinguishingVariable;
  /** An "or" of comparisons: parenthesised inside a conjunction. */
  disjunction: boolean;
  /** Indexes of the targets it is true on. */
  trueOn: ReadonlySet<number>;
  /** Preference among atoms of equal cost: `==` (0), ranges (1), `!=` (2). */
  form: number;
}

interface Candidate {
  atoms: Atom[];
  cost: number;
}

function quote(value: string): string {
  // PEP 508 strings have no escapes: pick the quote the value does not contain.
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}

function comparison(variable: string, op: string, value: string): string {
  return `${variable} ${op} ${quote(value)}`;
}

/** Variables every target determines. */
function usableVariables(targets: readonly LockTarget[]): DistinguishingVariable[] {
  return DISTINGUISHING_VARIABLES.filter((v) =>
    targets.every((t) => {
      const value = t.markerEnvironment[v];
      if (typeof value !== 'string' || value === '' || (t.unknownMarkers ?? []).includes(v)) return false;
      return !VERSION_VARIABLES.has(v) || isVersionText(value);
    }),
  );
}

function setOf(indexes: Iterable<number>): Set<number> {
  return new Set(indexes);
}

function equalSets(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function intersect(a: ReadonlySet<number>, b: ReadonlySet<number>): Set<number> {
  return setOf([...a].filter((x) => b.has(x)));
}

function isSubset(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/** Atoms over `variable` that are true on every target of `inside` (and maybe others). */
function atomsCovering(variable: DistinguishingVariable, values: readonly string[], inside: ReadonlySet<number>): Atom[] {
  const all = values.map((_, i) => i);
  const where = (test: (v: string) => boolean) => setOf(all.filter((i) => test(values[i] as string)));
  const insideValues = [...new Set([...inside].map((i) => values[i] as string))];
  const outsideValues = [...new Set(all.filter((i) => !inside.has(i)).map((i) => values[i] as string))].filter((v) => !insideValues.includes(v));
  const atoms: Atom[] = [];
  const add = (text: string, cost: number, trueOn: Set<number>, form: number, disjunction = false) => atoms.push({ text, cost, variable, disjunction, trueOn, form });
  const isVersion = VERSION_VARIABLES.has(variable);

  if (isVersion) {
    const sorted = [...new Set(values)].sort((a, b) => compareVersionText(a, b) as number);
    const byOrder = (v: string) => sorted.findIndex((s) => compareVersionText(s, v) === 0);
    const low = Math.min(...insideValues.map(byOrder));
    const high = Math.max(...insideValues.map(byOrder));
    const lowest = sorted[low] as string;
    const above = sorted[high + 1];
    // Ranges first: a target's python_full_version is often a floor ("3.12" is "3.12.0").
    if (low > 0) add(comparison(variable, '>=', lowest), 1, where((v) => (compareVersionText(v, lowest) as number) >= 0), 1);
    if (above !== undefined) add(comparison(variable, '<', above), 1, where((v) => (compareVersionText(v, above) as number) < 0), 1);
  }
  if (insideValues.length === 1) {
    const only = insideValues[0] as string;
    // A python_full_version of a target is often a floor: prefer a range to `==` there.
    const form = variable === 'python_full_version' ? 1.5 : 0;
    add(comparison(variable, '==', only), 1, where((v) => (isVersion ? compareVersionText(v, only) === 0 : v === only)), form);
  }
  for (const excluded of outsideValues) {
    add(comparison(variable, '!=', excluded), 1, where((v) => (isVersion ? compareVersionText(v, excluded) !== 0 : v !== excluded)), 2);
  }
  if (insideValues.length === 2) {
    const [a, b] = [...insideValues].sort(isVersion ? (x, y) => compareVersionText(x, y) as number : undefined) as [string, string];
    add(`${comparison(variable, '==', a)} or ${comparison(variable, '==', b)}`, 2, where((v) => v === a || v === b), 0, true);
  }
  if (outsideValues.length === 2) {
    const [a, b] = [...outsideValues].sort(isVersion ? (x, y) => compareVersionText(x, y) as number : undefined) as [string, string];
    add(`${comparison(variable, '!=', a)} and ${comparison(variable, '!=', b)}`, 2, where((v) => v !== a && v !== b), 2);
  }
  return atoms;
}

function variableRank(v: DistinguishingVariable): number {
  return DISTINGUISHING_VARIABLES.indexOf(v);
}

/** Orders candidates: fewest comparisons, fewest variables, preferred variables, then text. */
function compareCandidates(a: Candidate, b: Candidate): number {
  const vars = (c: Candidate) => new Set(c.atoms.map((x) => x.variable)).size;
  const ranks = (c: Candidate) => c.atoms.map((x) => variableRank(x.variable));
  const forms = (c: Candidate) => c.atoms.reduce((sum, x) => sum + x.form, 0);
  const d = a.cost - b.cost || vars(a) - vars(b) || forms(a) - forms(b);
  if (d !== 0) return d;
  const ra = ranks(a);
  const rb = ranks(b);
  for (let i = 0; i < Math.max(ra.length, rb.length); i++) {
    const r = (ra[i] ?? -1) - (rb[i] ?? -1);
    if (r !== 0) return r;
  }
  const ta = conjunctionText(a.atoms);
  const tb = conjunctionText(b.atoms);
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

function conjunctionText(atoms: readonly Atom[]): string {
  if (atoms.length === 1) return (atoms[0] as Atom).text;
  return atoms.map((a) => (a.disjunction ? `(${a.text})` : a.text)).join(' and ');
}

/** The cheapest single atom or pair of atoms true exactly on `inside`, among `candidates`. */
function bestConjunction(atoms: readonly Atom[], inside: ReadonlySet<number>): Candidate | undefined {
  const found: Candidate[] = [];
  for (const a of atoms) if (equalSets(a.trueOn, inside)) found.push({ atoms: [a], cost: a.cost });
  for (let i = 0; i < atoms.length; i++) {
    for (let j = i + 1; j < atoms.length; j++) {
      const a = atoms[i] as Atom;
      const b = atoms[j] as Atom;
      if (isSubset(a.trueOn, b.trueOn) || isSubset(b.trueOn, a.trueOn)) continue;
      if (!equalSets(intersect(a.trueOn, b.trueOn), inside)) continue;
      const pair = variableRank(a.variable) <= variableRank(b.variable) ? [a, b] : [b, a];
      found.push({ atoms: pair, cost: a.cost + b.cost });
    }
  }
  return found.sort(compareCandidates)[0];
}

/** Every atom over the usable variables that is true on all of `inside`. */
function atomsFor(targets: readonly LockTarget[], variables: readonly DistinguishingVariable[], inside: ReadonlySet<number>): Atom[] {
  return variables.flatMap((v) => atomsCovering(v, targets.map((t) => t.markerEnvironment[v]), inside));
}

/** A conjunction of `==` comparisons true on target `index` and on no target outside `allowed`. */
function clausesFor(targets: readonly LockTarget[], variables: readonly DistinguishingVariable[], index: number, allowed: ReadonlySet<number>): Candidate[] {
  const env = (targets[index] as LockTarget).markerEnvironment;
  const clauses: Candidate[] = [];
  // Subsets of variables by size, so that the smallest clauses come first.
  const subsets: DistinguishingVariable[][] = [[]];
  for (const v of variables) for (const s of [...subsets]) subsets.push([...s, v]);
  subsets.sort((a, b) => a.length - b.length);
  let size: number | undefined;
  for (const subset of subsets) {
    if (subset.length === 0 || (size !== undefined && subset.length > size)) continue;
    const trueOn = setOf(targets.map((_, i) => i).filter((i) => subset.every((v) => (targets[i] as LockTarget).markerEnvironment[v] === env[v])));
    if (!isSubset(trueOn, allowed)) continue;
    size = subset.length;
    const atoms = subset.map<Atom>((v) => ({ text: comparison(v, '==', env[v]), cost: 1, variable: v, disjunction: false, trueOn, form: 0 }));
    clauses.push({ atoms, cost: subset.length });
  }
  return clauses;
}

/** Greedy cover of `inside` by conjunctions true only inside it. */
function disjunction(targets: readonly LockTarget[], variables: readonly DistinguishingVariable[], inside: ReadonlySet<number>): string {
  const uncovered = new Set(inside);
  const chosen: Candidate[] = [];
  while (uncovered.size > 0) {
    const options: Array<{ clause: Candidate; covers: number }> = [];
    for (const i of uncovered) {
      for (const clause of clausesFor(targets, variables, i, inside)) {
        const trueOn = (clause.atoms[0] as Atom).trueOn;
        options.push({ clause, covers: [...trueOn].filter((x) => uncovered.has(x)).length });
      }
    }
    options.sort((a, b) => b.covers - a.covers || compareCandidates(a.clause, b.clause));
    const best = options[0];
    if (!best) break;
    chosen.push(best.clause);
    for (const x of (best.clause.atoms[0] as Atom).trueOn) uncovered.delete(x);
  }
  const texts = chosen.map((c) => conjunctionText(c.atoms)).sort();
  return texts.map((t) => (texts.length > 1 && / and /.test(t) ? `(${t})` : t)).join(' or ');
}

function describe(t: LockTarget, variables: readonly DistinguishingVariable[]): string {
  const values = variables.map((v) => `${v}=${JSON.stringify(t.markerEnvironment[v])}`);
  return values.length === 0 ? 'no marker variable known for every target' : values.join(', ');
}

/**
 * The simplest PEP 508 marker true on every target named in `subset` and false on every
 * other target of `targets`. Throws a LockfileError for an empty subset or a name that is
 * not a target.
 */
export function markerForTargets(targets: readonly LockTarget[], subset: Iterable<string>): TargetMarkerResult {
  const names = targets.map((t) => t.name);
  const inside = new Set<number>();
  for (const name of subset) {
    const i = names.indexOf(name);
    if (i === -1) throw new LockfileError(`unknown target ${JSON.stringify(name)}`, { text: name, expected: `one of the lock's targets: ${names.join(', ')}` });
    inside.add(i);
  }
  if (inside.size === 0) throw new LockfileError('no marker selects an empty set of targets', { expected: 'at least one target' });
  if (inside.size === targets.length) return { kind: 'all' };
  const variables = usableVariables(targets);
  for (const i of inside) {
    for (let o = 0; o < targets.length; o++) {
      if (inside.has(o)) continue;
      const a = targets[i] as LockTarget;
      const b = targets[o] as LockTarget;
      if (variables.every((v) => a.markerEnvironment[v] === b.markerEnvironment[v])) {
        return {
          kind: 'inseparable',
          inside: a.name,
          outside: b.name,
          message:
            `no environment marker tells target ${a.name} from target ${b.name}: ` +
            `they agree on every marker variable both determine (${describe(a, variables)}); they differ only in their tags`,
        };
      }
    }
  }
  const best = bestConjunction(atomsFor(targets, variables, inside), inside);
  if (best) return { kind: 'marker', marker: conjunctionText(best.atoms) };
  return { kind: 'marker', marker: disjunction(targets, variables, inside) };
}

/**
 * A marker describing one target by the values it determines of implementation_name,
 * python_version, sys_platform and platform_machine, plus what else tells it from the
 * other targets when those four do not: used for PEP 751 `environments`, where a machine
 * that none of the targets describes must not pass. Undefined when the target determines
 * none of the four and nothing separates it from the others.
 */
export function describeTargetMarker(targets: readonly LockTarget[], name: string): string | undefined {
  const target = targets.find((t) => t.name === name);
  if (!target) throw new LockfileError(`unknown target ${JSON.stringify(name)}`, { text: name, expected: `one of the lock's targets: ${targets.map((t) => t.name).join(', ')}` });
  const own = usableVariables([target]);
  const described = (['implementation_name', 'python_version', 'sys_platform', 'platform_machine'] as const).filter((v) => own.includes(v));
  const parts = described.map((v) => comparison(v, '==', target.markerEnvironment[v]));
  const alike = targets.filter((t) => t !== target && described.every((v) => t.markerEnvironment[v] === target.markerEnvironment[v]));
  if (alike.length > 0) {
    const separating = markerForTargets(targets, [name]);
    if (separating.kind === 'marker') parts.push(separating.marker.includes(' or ') ? `(${separating.marker})` : separating.marker);
  }
  return parts.length === 0 ? undefined : parts.join(' and ');
}
