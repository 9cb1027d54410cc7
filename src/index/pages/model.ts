/**
 * The Simple Repository API as plain data: what a client needs from a project page, a
 * find-links page or the project list, whichever serialization it came in (PEP 503 HTML,
 * PEP 691 JSON). Parsers produce these; renderers (render-*.ts) write them back.
 */

/**
 * Digests of a file, by hash name (`sha256`, `md5`, `blake2b`, ...), as lowercase hex.
 * Always a plain object built with own properties only (never `__proto__`).
 */
export type FileHashes = Readonly<Record<string, string>>;

/**
 * Whether the index serves the file's core metadata at `<url>.metadata` (PEP 658/714):
 * `false` when it does not say so, `true` when it does without a hash, or the hashes of
 * the metadata file (never empty).
 */
export type CoreMetadataAvailability = boolean | FileHashes;

/** One distribution file listed on a project page or a find-links page. */
export interface ProjectFile {
  /**
   * The file name. HTML: the last path segment of the URL, percent-decoded once (pip
   * derives it the same way; the link text is not used). JSON: the `filename` key.
   * Never contains a path separator, `..`, NUL, a drive or control characters: links
   * that would give such a name are dropped by the parsers (see src/filenames/safe-filename.ts).
   */
  filename: string;
  /** Absolute URL, without fragment (the hash fragment is in `hashes`). Renderers accept relative references. */
  url: string;
  hashes: FileHashes;
  /** `Requires-Python` as the index gives it (HTML entities decoded); absent when none or empty. */
  requiresPython?: string;
  /** PEP 592: `false`, or the reason (possibly empty) when yanked. */
  yanked: false | string;
  coreMetadata: CoreMetadataAvailability;
  /** PEP 700: size in bytes (JSON only). */
  size?: number;
  /** PEP 700: upload time as the index wrote it, a validated ISO 8601 UTC timestamp (JSON only). */
  uploadTime?: string;
}

/** A project page (`/simple/<project>/`). */
export interface ProjectPage {
  /** JSON: the `name` key. HTML: the name the caller asked for (HTML pages do not carry it). */
  name: string;
  /** PEP 700 `versions` (JSON 1.1); absent when the page does not give them. */
  versions?: string[];
  files: ProjectFile[];
}

/** A find-links page: any HTML page whose anchors point at files (no project). */
export interface FindLinksPage {
  files: ProjectFile[];
}

/** One entry of the project list (the root `/simple/`). */
export interface ProjectListEntry {
  /** The name as the index shows it (link text or JSON `name`; not necessarily normalized). */
  name: string;
  /** Absolute URL of the project page. */
  url: string;
}

export interface ProjectList {
  projects: ProjectListEntry[];
}

/** Why a parser dropped or doubted part of a page; the page remains usable. */
export type PageWarningCode =
  /** PEP 629: the page's minor API version is newer than the one supported here. */
  | 'api-version-newer'
  /** A link whose file name could escape a directory (path separators, `..`, NUL, ...). */
  | 'unsafe-filename'
  /** A link whose URL cannot be parsed or resolved, or uses a scheme that cannot be fetched. */
  | 'bad-url'
  /** A malformed hash in a URL fragment or a `data-core-metadata` attribute. */
  | 'bad-hash'
  /** A malformed `data-core-metadata`/`data-dist-info-metadata` value. */
  | 'bad-core-metadata'
  /** A project-list anchor without a project name. */
  | 'bad-project'
  /** An unknown charset in the Content-Type; the page was decoded as UTF-8. */
  | 'unknown-charset';

export interface PageWarning {
  code: PageWarningCode;
  message: string;
  /** The page's URL. */
  url: string;
  /** The offending text (an href, an attribute value), verbatim. */
  text?: string;
}

/** What a parser returns: the page, its declared API version and what it skipped. */
export interface ParseResult<T> {
  page: T;
  /** PEP 629 `Major.Minor` the page declared; "1.0" when it declared none (HTML). */
  apiVersion: string;
  warnings: PageWarning[];
}
