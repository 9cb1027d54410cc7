/**
 * What the resolver knows about projects, shared by the resolutions of every target: each
 * project's files grouped into releases, and each file's core metadata with its
 * Requires-Dist parsed. Everything is asked of the PackageIndex once (it memoises too;
 * here the parsing is shared) and as early as possible.
 */
import { ArchiveError, MetadataError, RequirementError, VersionError } from '../errors.js';
import type { DistributionFile, PackageIndex, ProjectListing } from '../index/package-index.js';
import { SpecifierSet } from '../pep440/specifier-set.js';
import { Version } from '../pep440/version.js';
import { canonicalizeExtra, canonicalizeName } from '../pep508/name.js';
import { Requirement } from '../pep508/requirement.js';
import type { Warnings } from './warnings.js';

/** The files of one version of a project. */
export interface Release {
  version: Version;
  files: readonly DistributionFile[];
}

export interface ProjectReleases {
  name: string;
  listing: ProjectListing;
  /** Highest version first. */
  releases: readonly Release[];
  /** Every release is a pre-release (and there is at least one): `if-necessary` allows them. */
  onlyPrereleases: boolean;
}

/** The parts of a file's core metadata the resolver reads, already parsed. */
export interface DistributionMetadata {
  /** Requires-Python, when present and valid. */
  requiresPython?: SpecifierSet;
  requiresPythonText?: string;
  requirements: readonly Requirement[];
  /** Provides-Extra, PEP 685-normalised. */
  providesExtras: ReadonlySet<string>;
  /** Set when the metadata cannot be used: the version is then unavailable for this reason. */
  problem?: string;
}

export class ProjectCatalog {
  private readonly projects = new Map<string, Promise<ProjectReleases>>();
  private readonly metadata = new Map<string, Promise<DistributionMetadata>>();
  private readonly specifiers = new Map<string, SpecifierSet | null>();
  private readonly digests = new Map<string, Promise<string>>();
  private readonly prefetchedProjects = new Set<string>();
  private readonly prefetchedMetadata = new Set<string>();
  /** How many metadata reads were started (for statistics). */
  metadataReads = 0;

  constructor(
    readonly index: PackageIndex,
    private readonly warnings: Warnings,
  ) {}

  /** The releases of a project (canonical name), fetched once. */
  project(name: string): Promise<ProjectReleases> {
    let p = this.projects.get(name);
    if (p === undefined) {
      p = this.index.getProject(name).then((listing) => groupReleases(name, listing));
      // Rejections are seen by whoever awaits; do not let a prefetch make them "unhandled".
      p.catch(() => undefined);
      this.projects.set(name, p);
    }
    return p;
  }

  /** Tells the index to start fetching a project's page (once per project). */
  prefetchProject(name: string): void {
    if (this.projects.has(name) || this.prefetchedProjects.has(name)) return;
    this.prefetchedProjects.add(name);
    this.index.prefetchProject(name);
  }

  /** Tells the index to start fetching a file's metadata (once per file). */
  prefetchMetadata(file: DistributionFile): void {
    if (this.metadata.has(file.url) || this.prefetchedMetadata.has(file.url)) return;
    this.prefetchedMetadata.add(file.url);
    this.index.prefetchMetadata(file);
  }

  /** A file's metadata, read once; metadata that cannot be used has a `problem`. */
  fileMetadata(file: DistributionFile): Promise<DistributionMetadata> {
    let p = this.metadata.get(file.url);
    if (p === undefined) {
      this.metadataReads++;
      p = this.index.getMetadata(file).then(
        (m) => this.digest(file, m),
        (err: unknown) => {
          // Metadata that cannot be had without a build, or a broken archive: pip skips
          // such candidates; anything else (the network) stops the resolution.
          if (err instanceof MetadataError || err instanceof ArchiveError) {
            return { requirements: [], providesExtras: new Set<string>(), problem: err.message };
          }
          throw err;
        },
      );
      p.catch(() => undefined);
      this.metadata.set(file.url, p);
    }
    return p;
  }

  /** A file's sha256: the index's, or the index hashes the file (once per file). */
  sha256(file: DistributionFile): Promise<string> {
    const given = file.hashes['sha256'];
    if (given !== undefined) return Promise.resolve(given.toLowerCase());
    let p = this.digests.get(file.url);
    if (p === undefined) {
      p = this.index.sha256Of(file).then((d) => d.toLowerCase());
      p.catch(() => undefined);
      this.digests.set(file.url, p);
    }
    return p;
  }

  /** A Requires-Python text parsed once; null when invalid. */
  specifierSet(text: string): SpecifierSet | null {
    let s = this.specifiers.get(text);
    if (s === undefined) {
      s = SpecifierSet.tryParse(text);
      this.specifiers.set(text, s);
    }
    return s;
  }

  private digest(file: DistributionFile, m: { name: string; version: string; requiresPython?: string; requiresDist: string[]; providesExtra: string[] }): DistributionMetadata {
    const providesExtras = new Set(m.providesExtra.map(canonicalizeExtra));
    const unusable = (problem: string): DistributionMetadata => ({ requirements: [], providesExtras, problem });
    if (canonicalizeName(m.name) !== file.project) {
      return unusable(`the metadata of ${file.filename} names the project ${JSON.stringify(m.name)}`);
    }
    const version = Version.tryParse(m.version);
    if (version === null || !version.equals(file.version)) {
      return unusable(`the metadata of ${file.filename} gives the version ${JSON.stringify(m.version)}`);
    }
    const requirements: Requirement[] = [];
    for (const text of m.requiresDist) {
      try {
        requirements.push(Requirement.parse(text));
      } catch (err) {
        if (!(err instanceof RequirementError) && !(err instanceof VersionError)) throw err;
        return unusable(`invalid Requires-Dist ${JSON.stringify(text)} in ${file.filename}: ${err.message}`);
      }
    }
    const out: DistributionMetadata = { requirements, providesExtras };
    if (m.requiresPython !== undefined && m.requiresPython.trim() !== '') {
      const spec = this.specifierSet(m.requiresPython);
      if (spec === null) {
        this.warnings.add(`ignored the invalid Requires-Python ${JSON.stringify(m.requiresPython)} in the metadata of ${file.filename}`);
      } else {
        out.requiresPython = spec;
        out.requiresPythonText = m.requiresPython.trim();
      }
    }
    return out;
  }
}

/** Groups a listing's files by version (equal versions such as 1.0 and 1.0.0 together). */
function groupReleases(name: string, listing: ProjectListing): ProjectReleases {
  const byKey = new Map<string, { version: Version; files: DistributionFile[] }>();
  for (const file of listing.files) {
    const entry = byKey.get(file.version.key);
    if (entry === undefined) byKey.set(file.version.key, { version: file.version, files: [file] });
    else {
      entry.files.push(file);
      // The same version spelled two ways: keep one spelling, whatever the order of the page.
      if (file.version.toString() < entry.version.toString()) entry.version = file.version;
    }
  }
  const releases = [...byKey.values()].sort((a, b) => Version.compare(b.version, a.version));
  for (const r of releases) r.files.sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
  return {
    name,
    listing,
    releases,
    onlyPrereleases: releases.length > 0 && releases.every((r) => r.version.isPrerelease),
  };
}
