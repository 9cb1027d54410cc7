/**
 * The lock: what `wheelhouse lock` decides and every later stage reads. Plain data,
 * no behaviour: the resolver produces it, the writers (requirements.txt, pylock.toml,
 * JSON) and readers convert it, the downloader and the verifier consume it.
 *
 * One lock serves several targets: a package pinned identically for every target that
 * needs it appears once; pins that differ between targets appear once per version, each
 * with the marker that selects its targets (`marker`) and the names of those targets.
 */
import type { MarkerEnvironment } from '../pep508/environment.js';

export type DistributionKind = 'wheel' | 'sdist';

/** Lowercase hex digests by algorithm name; sha256 is always present in a lock. */
export type FileHashes = { sha256: string } & Record<string, string>;

/** One file of a pinned version. */
export interface LockedFile {
  /** The file name, e.g. `idna-3.6-py3-none-any.whl`. */
  filename: string;
  kind: DistributionKind;
  /** Where it was found, without credentials. */
  url: string;
  /** The index (simple URL) or find-links location it was found through, without credentials. */
  index?: string;
  hashes: FileHashes;
  size?: number;
  /** PEP 700 upload time, ISO 8601 UTC. */
  uploadTime?: string;
  /** Requires-Python of the file as the index gave it (data-requires-python). */
  requiresPython?: string;
  /** PEP 592: false, or the reason (possibly empty). */
  yanked?: false | string;
}

/** A dependency edge, informational (PEP 751 `packages.dependencies`). */
export interface LockedDependency {
  name: string;
  extras?: string[];
  /** The marker of the requirement, as written by the depending package. */
  marker?: string;
}

/** A direct reference (`name @ URL`, a path, a VCS URL) instead of an index pin. */
export interface DirectReference {
  kind: 'url' | 'path' | 'vcs';
  url: string;
  subdirectory?: string;
  editable?: boolean;
  /** For VCS: the commit the reference resolved to, when known. */
  commit?: string;
}

export interface LockedPackage {
  /** PEP 503 canonical name. */
  name: string;
  /** Canonical PEP 440 version. */
  version: string;
  /** A PEP 508 marker selecting exactly the targets this pin serves; absent = every target. */
  marker?: string;
  /** Names of the targets this pin serves (LockTarget.name). */
  targets: string[];
  /** Extras of this package that something in the graph asked for. */
  extras: string[];
  /** Requires-Python of the pinned version (from its metadata). */
  requiresPython?: string;
  direct?: DirectReference;
  /** The files recorded for the pin (which ones depends on the hash policy). */
  files: LockedFile[];
  dependencies: LockedDependency[];
  /** Why it is pinned: `-r requirements.in`, `-c constraints.txt`, parent names; sorted. */
  via: string[];
}

/** A target the lock was made for. */
export interface LockTarget {
  /** Stable name used in `LockedPackage.targets`, e.g. `cp312-manylinux_2_28_x86_64`. */
  name: string;
  markerEnvironment: MarkerEnvironment;
  /** PEP 425 tags the target supports, most preferred first. */
  tags: string[];
}

/** Options the lock was made with that an installer needs too. */
export interface LockOptions {
  indexUrl?: string;
  extraIndexUrls: string[];
  findLinks: string[];
  noIndex: boolean;
  onlyBinary: string[];
  noBinary: string[];
  preferBinary: boolean;
  pre: boolean;
}

export type HashPolicy = 'all' | 'targets';

export interface Lock {
  targets: LockTarget[];
  /** Sorted by name, then version. */
  packages: LockedPackage[];
  requiresPython?: string;
  hashPolicy: HashPolicy;
  options: LockOptions;
  /** The input files the lock was made from, relative to the lock's directory. */
  inputs: string[];
}
