/**
 * Limits that keep reading a hostile wheel or sdist cheap: nothing here is ever
 * extracted to disk, entries are streamed, and these caps bound what is read at all.
 * The defaults clear every real wheel of the machine's PyPI mirror (the largest has
 * 16,235 entries, a 788 MB member and 1.27 GB in all; one real member compresses
 * 1,016:1) with room to spare.
 */
export interface ArchiveLimits {
  /** Entries in a zip's central directory, or members of a tar. */
  maxEntries: number;
  /** Declared (and actual) uncompressed size of one entry that is read. */
  maxEntryBytes: number;
  /** Sum of the declared uncompressed sizes of all entries of a zip. */
  maxTotalBytes: number;
  /** Bytes inflated from a `.tar.gz` (a gzip bomb stops here). */
  maxTarBytes: number;
  /**
   * Uncompressed/compressed ratio for entries over 1 MiB. Deflate cannot expand more
   * than about 1,032:1, so a higher declared ratio is a lie (or another method's bomb).
   */
  maxCompressionRatio: number;
  /** METADATA or PKG-INFO. */
  maxMetadataBytes: number;
  /** RECORD. */
  maxRecordBytes: number;
  /** WHEEL, pyproject.toml and other small text members. */
  maxSmallFileBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: Readonly<ArchiveLimits> = Object.freeze({
  maxEntries: 100_000,
  maxEntryBytes: 4 * 1024 ** 3,
  maxTotalBytes: 8 * 1024 ** 3,
  maxTarBytes: 2 * 1024 ** 3,
  maxCompressionRatio: 1100,
  maxMetadataBytes: 16 * 1024 ** 2,
  maxRecordBytes: 64 * 1024 ** 2,
  maxSmallFileBytes: 1024 ** 2,
});

/** Entries smaller than this are exempt from the compression-ratio check. */
export const RATIO_CHECK_MIN_BYTES = 1024 ** 2;

export function resolveLimits(partial: Partial<ArchiveLimits> | undefined): ArchiveLimits {
  return { ...DEFAULT_ARCHIVE_LIMITS, ...(partial ?? {}) };
}
