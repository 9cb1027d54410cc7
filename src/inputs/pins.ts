/**
 * pip-compile's "keep existing pins": the pins of the lockfile being replaced are
 * preferences — kept while they still satisfy the requirements — unless `--upgrade`
 * (every package may move) or `--upgrade-package NAME` (that package may move; repeatable).
 * `--upgrade-package NAME==VERSION` (or any specifier, as uv accepts) also constrains the
 * package to it. Pins the resolver no longer needs are simply not used.
 */
import { UsageError, WheelhouseError } from '../errors.js';
import { Version } from '../pep440/version.js';
import { canonicalizeName } from '../pep508/name.js';
import { parseRequirement, type Requirement } from '../pep508/requirement.js';
import type { Lock } from '../lockfile/model.js';
import type { RootInput } from '../resolver/lock-request.js';

/** A pin of the existing lockfile (name and version are what matter). */
export interface ExistingPinLike {
  name: string;
  version: string;
  marker?: string;
}

export interface UpgradePackage {
  /** PEP 503 canonical name. */
  name: string;
  requirement: Requirement;
  /** As given. */
  text: string;
}

export interface UpgradeOptions {
  /** `--upgrade` / `-U`. */
  all?: boolean;
  /** `--upgrade-package` / `-P` values. */
  packages?: readonly string[];
}

export interface PinPreferences {
  /** Version to keep by canonical name. */
  preferences: Map<string, Version>;
  /** `-P NAME==VERSION` constraints. */
  constraints: RootInput[];
  warnings: string[];
}

/** Where `-P` constraints come from; their `via` is empty, as pip-compile gives them no `# via`. */
export const UPGRADE_PACKAGE_SOURCE = 'command line (--upgrade-package)';

/** Parses `-P` values: `NAME`, `NAME==VERSION` or NAME with another specifier. */
export function parseUpgradePackages(values: readonly string[]): UpgradePackage[] {
  return values.map((text) => {
    let requirement: Requirement;
    try {
      requirement = parseRequirement(text, { file: '--upgrade-package' });
    } catch (e) {
      if (!(e instanceof WheelhouseError)) throw e;
      throw new UsageError(`invalid --upgrade-package value: ${e.message}`, { text, expected: 'NAME or NAME==VERSION, e.g. -P requests or -P requests==2.32.3', cause: e });
    }
    if (requirement.url !== null || requirement.marker !== null || requirement.extras.length > 0) {
      throw new UsageError('invalid --upgrade-package value: only a name and a version specifier are allowed', {
        text,
        expected: 'NAME or NAME==VERSION, e.g. -P requests or -P requests==2.32.3',
      });
    }
    return { name: requirement.canonicalName, requirement, text };
  });
}

/**
 * The preferences and constraints for a lock from the existing pins and the upgrade
 * options. When a package is pinned at several versions (one per group of targets), the
 * highest is preferred: the contract keeps one preferred version per package.
 */
export function pinPreferences(existing: readonly ExistingPinLike[], upgrade: UpgradeOptions = {}): PinPreferences {
  const packages = parseUpgradePackages(upgrade.packages ?? []);
  const upgraded = new Set(packages.map((p) => p.name));
  const preferences = new Map<string, Version>();
  const warnings: string[] = [];
  if (!upgrade.all) {
    for (const pin of existing) {
      const name = canonicalizeName(pin.name);
      if (upgraded.has(name)) continue;
      const version = Version.tryParse(pin.version);
      if (version === null) {
        warnings.push(`the existing pin ${pin.name}==${pin.version} is not a PEP 440 version; it is not kept`);
        continue;
      }
      const earlier = preferences.get(name);
      if (earlier === undefined || version.compare(earlier) > 0) preferences.set(name, version);
    }
  }
  const constraints = packages
    .filter((p) => !p.requirement.specifier.isEmpty)
    .map((p): RootInput => ({ requirement: p.requirement, source: UPGRADE_PACKAGE_SOURCE, via: '' }));
  return { preferences, constraints, warnings };
}

/**
 * The lock without the empty `# via` words the `-P` constraints carry: pip-compile
 * annotates nothing for them, and a one-off flag must not change the lockfile's text.
 */
export function withoutEmptyVia(lock: Lock): Lock {
  if (!lock.packages.some((p) => p.via.includes(''))) return lock;
  return { ...lock, packages: lock.packages.map((p) => (p.via.includes('') ? { ...p, via: p.via.filter((v) => v !== '') } : p)) };
}
