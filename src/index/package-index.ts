/**
 * The contract between the index client and everything that asks it about packages (the
 * resolver's provider, the downloader, the verifier). The index client lists every file
 * of a project across the configured sources and gets core metadata cheapest first; the
 * policies that choose among files (target tags, Requires-Python, yanked, pre-releases,
 * binary policy, exclude-newer) belong to the caller, not here.
 */
import type { Version } from '../pep440/version.js';
import type { WheelFilename } from '../filenames/wheel-filename.js';
import type { SdistFilename } from '../filenames/sdist-filename.js';
import type { CoreMetadata } from '../metadata/core-metadata.js';

/** One distribution file of a project, as a source listed it. */
export interface DistributionFile {
  /** PEP 503 canonical project name. */
  project: string;
  /** The file name, e.g. `idna-3.6-py3-none-any.whl`; already checked safe. */
  filename: string;
  kind: 'wheel' | 'sdist';
  version: Version;
  /** Set when kind is 'wheel'. */
  wheel?: WheelFilename;
  /** Set when kind is 'sdist'. */
  sdist?: SdistFilename;
  /** Absolute URL (http(s) or file). May carry credentials: redact before showing it. */
  url: string;
  /** The index (simple URL) or find-links location that listed it, without credentials. */
  origin: string;
  /** Lowercase hex digests by algorithm, as the source gave them (may be empty). */
  hashes: Readonly<Record<string, string>>;
  requiresPython?: string;
  /** PEP 592: false, or the reason (possibly empty). */
  yanked: false | string;
  /** PEP 658/714: whether `url + ".metadata"` exists, and its hashes when given. */
  coreMetadata: boolean | Readonly<Record<string, string>>;
  /** PEP 700 */
  size?: number;
  /** PEP 700, ISO 8601 */
  uploadTime?: string;
}

/** Every file of one project that the configured sources offer, after the index strategy. */
export interface ProjectListing {
  /** PEP 503 canonical name. */
  name: string;
  files: readonly DistributionFile[];
  /** The sources (without credentials) that were asked, in order, for error messages. */
  consulted: readonly string[];
}

export interface PackageIndex {
  /**
   * Every file of `name` across the sources (an empty list when none has it). Memoised:
   * concurrent and repeated calls share one fetch per source.
   */
  getProject(name: string): Promise<ProjectListing>;
  /** Starts `getProject(name)` without waiting for it (errors surface on the real call). */
  prefetchProject(name: string): void;
  /**
   * Core metadata of one file, cheapest first: the PEP 658 `.metadata` file (checked
   * against its advertised hash), else HTTP range reads of a remote wheel, else the whole
   * file; for sdists, PKG-INFO when PEP 643 makes it trustworthy, else a MetadataError.
   * Memoised by file.
   */
  getMetadata(file: DistributionFile): Promise<CoreMetadata>;
  /** Starts `getMetadata(file)` without waiting for it. */
  prefetchMetadata(file: DistributionFile): void;
  /**
   * The sha256 of a file whose source gave none: the file is downloaded (into the
   * content-addressed cache) and hashed. Memoised.
   */
  sha256Of(file: DistributionFile): Promise<string>;
}
