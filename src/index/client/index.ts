/**
 * The index client proper: `createPackageIndex` implements `PackageIndex` over indexes
 * (PEP 503/691, with PEP 658/714 metadata) and find-links locations, with the options
 * every command shares.
 */
export { createPackageIndex, type PackageIndexClient, type PackageIndexOptions } from './package-index-client.js';
export {
  DEFAULT_INDEX_URL,
  INDEX_STRATEGIES,
  httpClientOptions,
  indexOptionsFromEnv,
  resolveSourceOptions,
  type IndexOptions,
  type IndexSourceOptions,
  type IndexStrategy,
} from './options.js';
export { findLinksLocation, indexLocation, projectPageUrl, type FindLinksLocation, type IndexLocation } from './locations.js';
export { METADATA_REF_NAMESPACE, metadataUrl } from './metadata-fetcher.js';
export type { PackageIndexStats } from './stats.js';
export type { IndexWarning, IndexWarningCode } from './warnings.js';
export { inspectUrl, type InspectUrlOptions } from './inspect-url.js';
