/**
 * Counters of what the index client asked the network (and its caches) for, so that
 * tests can assert "one page request per project per source" or "no wheel downloaded when
 * PEP 658 or ranges are offered", and a verbose run can say what it cost.
 */

export interface PackageIndexStats {
  /** Project pages of indexes. */
  pages: {
    /** Requests sent (conditional ones included). */
    requests: number;
    /** Of those, answered 304 Not Modified. */
    notModified: number;
    /** Served fresh from the cache: no request. */
    fresh: number;
    /** Read from local (file://) trees. */
    local: number;
    /** Answered 404: the index does not have the project. */
    notFound: number;
    /** Body bytes received (304s and cache hits count 0). */
    bytes: number;
  };
  /** Find-links pages and folders. */
  findLinks: { requests: number; local: number; bytes: number };
  /** How each `getMetadata` was answered (one count per file). */
  metadata: {
    /** From the cache (by the file's or the metadata file's sha256): no request. */
    cached: number;
    /** From the PEP 658 `.metadata` file. */
    metadataFile: number;
    /** By HTTP range requests on the wheel. */
    rangeRead: number;
    /** By downloading the whole file. */
    wholeFile: number;
    /** From a local (file://) file. */
    local: number;
  };
  /** Requests and bytes by kind. */
  requests: { metadataFile: number; range: number; download: number };
  bytes: { metadataFile: number; range: number; download: number };
  /** Whole files wanted and already in the content store (no request). */
  downloadsFromCache: number;
  /**
   * Every project page asked for, with the number of times it was asked (credentials
   * stripped): each is 1, however many callers asked for the project.
   */
  pageFetches: Record<string, number>;
}

export function emptyStats(): PackageIndexStats {
  return {
    pages: { requests: 0, notModified: 0, fresh: 0, local: 0, notFound: 0, bytes: 0 },
    findLinks: { requests: 0, local: 0, bytes: 0 },
    metadata: { cached: 0, metadataFile: 0, rangeRead: 0, wholeFile: 0, local: 0 },
    requests: { metadataFile: 0, range: 0, download: 0 },
    bytes: { metadataFile: 0, range: 0, download: 0 },
    downloadsFromCache: 0,
    pageFetches: {},
  };
}

/** A deep copy (the live counters keep moving). */
export function copyStats(stats: PackageIndexStats): PackageIndexStats {
  return structuredClone(stats);
}
