/**
 * An independent judge of a scenario's outcome (the corpus's judging rules, written here
 * again rather than trusting the resolver's own bookkeeping):
 *
 * - unsatisfiable: the resolution must fail with a ResolutionError;
 * - satisfiable: the pins equal `expected.packages` when given, and in any case form a
 *   resolution of the scenario: every requirement reached from the root (markers evaluated
 *   for the target, extras followed, missing extras ignored) is met by a pin; every pin is
 *   reached; its Requires-Python admits the target's Python; it is not yanked unless a
 *   root requirement pins it exactly; it has a usable file (a wheel the target's tags
 *   accept, or an sdist, as only_binary / no_binary allow); and every file the lock
 *   records is a file of that release with the sha256 it was written with.
 */
import type { Lock } from '../../../src/lockfile/model.js';
import { ResolutionError } from '../../../src/errors.js';
import { SpecifierSet } from '../../../src/pep440/specifier-set.js';
import { Version } from '../../../src/pep440/version.js';
import { canonicalizeExtra, canonicalizeName } from '../../../src/pep508/name.js';
import { Requirement } from '../../../src/pep508/requirement.js';
import { expandCompressedTag, parseCompressedTag, formatTag } from '../../../src/tags/tag.js';
import type { Target } from '../../../src/tags/target.js';
import type { BuiltIndex } from './build-index.js';
import type { Scenario, ScenarioRelease } from './scenario.js';

export interface Outcome {
  pass: boolean;
  /** What happened: the pins, or the error's first line. */
  got: string;
  /** Why it failed (empty when it passed). */
  detail: string;
}

export type Attempt = { lock: Lock } | { error: unknown };

export function judge(scenario: Scenario, attempt: Attempt, target: Target, built: BuiltIndex): Outcome {
  if ('error' in attempt) {
    const err = attempt.error;
    const first = (err instanceof Error ? err.message : String(err)).split('\n').slice(0, 3).join(' ');
    if (!(err instanceof ResolutionError)) return { pass: false, got: `error: ${first}`, detail: `not a ResolutionError: ${first}` };
    if (scenario.expected.satisfiable) return { pass: false, got: 'unsatisfiable', detail: `expected a resolution; ${first}` };
    return { pass: true, got: 'unsatisfiable', detail: '' };
  }
  const lock = attempt.lock;
  const pins = new Map<string, string>();
  const problems: string[] = [];
  for (const p of lock.packages) {
    if (pins.has(p.name)) problems.push(`${p.name} pinned twice`);
    pins.set(p.name, p.version);
    if (p.marker !== undefined) problems.push(`${p.name} has a marker in a one-target lock`);
  }
  const got = [...pins].map(([n, v]) => `${n}==${v}`).join(', ') || '(nothing)';
  if (!scenario.expected.satisfiable) return { pass: false, got, detail: `expected unsatisfiable, got ${got}` };
  const want = scenario.expected.packages;
  if (want !== undefined) {
    const wanted = Object.entries(want).map(([n, v]) => [canonicalizeName(n), Version.parse(v)] as const);
    const same = wanted.length === pins.size && wanted.every(([n, v]) => pins.has(n) && Version.parse(pins.get(n)!).equals(v));
    if (!same) problems.push(`expected ${wanted.map(([n, v]) => `${n}==${v}`).join(', ')}`);
  }
  problems.push(...verify(scenario, lock, target, built));
  return problems.length === 0 ? { pass: true, got, detail: '' } : { pass: false, got, detail: problems.slice(0, 4).join('; ') };
}

function verify(scenario: Scenario, lock: Lock, target: Target, built: BuiltIndex): string[] {
  const problems: string[] = [];
  const index = new Map<string, Map<string, { text: string; release: ScenarioRelease }>>();
  for (const [name, releases] of Object.entries(scenario.packages)) {
    const m = new Map<string, { text: string; release: ScenarioRelease }>();
    for (const [v, release] of Object.entries(releases)) m.set(Version.parse(v).key, { text: v, release });
    index.set(canonicalizeName(name), m);
  }
  const pinned = new Map<string, { version: Version; release: ScenarioRelease; text: string }>();
  for (const p of lock.packages) {
    const v = Version.parse(p.version);
    const entry = index.get(p.name)?.get(v.key);
    if (entry === undefined) problems.push(`${p.name}==${p.version} is not a release on the index`);
    else pinned.set(p.name, { version: v, ...entry });
  }

  // Walk the requirements from the root.
  const env = target.markers;
  const reached = new Set<string>();
  const seen = new Set<string>();
  const queue: { req: Requirement; from: string }[] = scenario.root.requires.map((t) => ({ req: Requirement.parse(t), from: 'the root' }));
  while (queue.length > 0) {
    const { req, from } = queue.pop()!;
    if (!req.evaluateMarker(env)) continue;
    const name = canonicalizeName(req.name);
    const pin = pinned.get(name);
    if (pin === undefined) {
      problems.push(`${name} is required by ${from} (${req}) but not pinned`);
      continue;
    }
    if (!req.specifier.contains(pin.version, { prereleases: true })) problems.push(`${name}==${pin.version} does not meet ${req} (from ${from})`);
    reached.add(name);
    for (const extra of [undefined, ...req.extras.map(canonicalizeExtra)]) {
      const key = `${name}[${extra ?? ''}]`;
      if (seen.has(key)) continue;
      seen.add(key);
      const label = `${name}==${pin.text}${extra === undefined ? '' : `[${extra}]`}`;
      let reqs: string[];
      if (extra === undefined) reqs = pin.release.requires;
      else reqs = Object.entries(pin.release.extras).find(([e]) => canonicalizeExtra(e) === extra)?.[1] ?? [];
      for (const t of reqs) queue.push({ req: Requirement.parse(t), from: label });
    }
  }

  const exactRoot = new Map<string, SpecifierSet[]>();
  for (const t of scenario.root.requires) {
    const r = Requirement.parse(t);
    const exact = r.specifier.specifiers.filter((s) => (s.operator === '==' && !s.wildcard) || s.operator === '===');
    if (exact.length > 0) exactRoot.set(canonicalizeName(r.name), [...(exactRoot.get(canonicalizeName(r.name)) ?? []), SpecifierSet.fromSpecifiers(exact)]);
  }
  const supported = new Set(target.tags.map(formatTag));
  const onlyBinary = new Set((scenario.options.only_binary ?? []).map(canonicalizeName));
  const noBinary = new Set((scenario.options.no_binary ?? []).map(canonicalizeName));
  const python = Version.parse(target.markers.python_full_version);
  for (const [name, pin] of pinned) {
    const label = `${name}==${pin.text}`;
    if (!reached.has(name)) problems.push(`${label} is pinned but nothing requires it`);
    const rp = pin.release.requires_python;
    if (rp !== undefined && !SpecifierSet.parse(rp).contains(python, { prereleases: true })) problems.push(`${label} requires Python ${rp}, the target has ${python}`);
    if (pin.release.yanked && !(exactRoot.get(name) ?? []).some((s) => s.contains(pin.version, { prereleases: true }))) {
      problems.push(`${label} is yanked and not pinned exactly by the root`);
    }
    const wheelOk = pin.release.wheel && !noBinary.has(name) && pin.release.wheel_tags.some((t) => expandCompressedTag(parseCompressedTag(t)).some((tag) => supported.has(formatTag(tag))));
    const sdistOk = pin.release.sdist && !onlyBinary.has(name);
    if (!wheelOk && !sdistOk) problems.push(`${label} has no file the target can use`);
  }

  // The files the lock records: files of the pinned release, with their real sha256.
  for (const p of lock.packages) {
    if (p.files.length === 0) problems.push(`${p.name}==${p.version} records no file`);
    for (const f of p.files) {
      const b = built.get(f.filename);
      if (b === undefined) problems.push(`${f.filename} is not a file of the index`);
      else if (canonicalizeName(b.project) !== p.name || !Version.parse(b.version).equals(Version.parse(p.version))) problems.push(`${f.filename} is not a file of ${p.name}==${p.version}`);
      else if (f.hashes.sha256 !== b.sha256) problems.push(`${f.filename} has the wrong sha256 in the lock`);
    }
  }
  return problems;
}
