/**
 * The lock: what `wheelhouse lock` decides and every later stage reads. Plain data,
 * no behaviour: the resolver produces it, the writers (requirements.txt, pylock.toml,
 * JSON) and readers convert it, the downloader and the verifier consume it.
 *
 * One lock serves several targets: a package pinned identically for every target that
 * needs it appears once; pins that differ between targets appear once per version, each
 * with the marker that selects its targets (`marker`) and the names of those targets.
 *
 * Additions made for the lockfile formats (all optional, so existing producers are
 * unaffected): `LockedFile.path`, `LockedPackage.attestationIdentities`,
 * `LockTarget.unknownMarkers`, `Lock.extras`, `Lock.dependencyGroups`,
 * `Lock.defaultGroups`; and the conventions documented on `LockedFile.uploadTime`,
 * `DirectReference.url` and `LockedPackage.version` for source trees.
 */
import type { MarkerEnvironment, MarkerVariable } from '../pep508/environment.js';

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
  /**
   * PEP 700 upload time, ISO 8601 UTC. The lockfile writers accept any ISO 8601 date-time
   * with an offset and write it in UTC to the millisecond (`normalizeUploadTime`): TOML
   * readers need keep no more than milliseconds, and smol-toml keeps exactly that.
   */
  uploadTime?: string;
  /** Requires-Python of the file as the index gave it (data-requires-python). */
  requiresPython?: string;
  /** PEP 592: false, or the reason (possibly empty). */
  yanked?: false | string;
  /**
   * Where the file is in a wheelhouse, relative to the lockfile's directory, with "/"
   * separators (PEP 751 `path`). Set once the file has been downloaded next to the lock.
   */
  path?: string;
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
  /**
   * `url`: the archive's URL. `vcs`: pip's form, `git+https://host/repo@revision` (the
   * revision as requested; `#subdirectory=` goes in `subdirectory`, not here). `path`: a
   * `file:` URL, or a path relative to the lockfile's directory with "/" separators.
   */
  url: string;
  subdirectory?: string;
  editable?: boolean;
  /** For VCS: the commit the reference resolved to, when known. */
  commit?: string;
}

export interface LockedPackage {
  /** PEP 503 canonical name. */
  name: string;
  /**
   * Canonical PEP 440 version. For a source tree (a VCS checkout or a local directory)
   * whose version is not known, ''.
   */
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
  /** PEP 740 Trusted Publisher identities of the files (PEP 751 `attestation-identities`). */
  attestationIdentities?: AttestationIdentity[];
}

/** One PEP 740 publisher identity: `kind` and the publisher's own keys, as the index gives them. */
export type AttestationIdentity = { kind: string } & Record<string, string | number | boolean>;

/** A target the lock was made for. */
export interface LockTarget {
  /** Stable name used in `LockedPackage.targets`, e.g. `cp312-manylinux_2_28_x86_64`. */
  name: string;
  markerEnvironment: MarkerEnvironment;
  /** PEP 425 tags the target supports, most preferred first. */
  tags: string[];
  /**
   * Marker variables the target does not determine (their value in `markerEnvironment`
   * is ''), as `Target.unknownMarkers`. Markers that select targets never use them.
   */
  unknownMarkers?: MarkerVariable[];
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
  /** Extras of the locked project the lock supports (PEP 751 `extras`). */
  extras?: string[];
  /** Dependency groups the lock supports (PEP 751 `dependency-groups`). */
  dependencyGroups?: string[];
  /** Synthetic groups installed by default (PEP 751 `default-groups`). */
  defaultGroups?: string[];
}
