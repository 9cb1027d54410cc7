/**
 * The network layer of the index client: HTTP(S) and file:// through one API, with
 * retries, redirects, credentials (userinfo, netrc), proxies, extra CAs, conditional and
 * range requests, streaming, a cache, and remote zip reading by ranges.
 */
export { HttpClient } from './client.js';
export type {
  CacheOutcome,
  DownloadOptions,
  FetchBytesOptions,
  FetchPageOptions,
  HttpBytes,
  HttpResponseInfo,
  HttpText,
  PageResponse,
  RangeBytes,
  RequestOptions,
  StoredFile,
  StreamOptions,
} from './types.js';
export type { ByteRange } from './byte-range.js';
export { HTTP_DEFAULTS, type Environment, type HttpClientOptions, type ResolvedHttpOptions, type RetryEvent } from './options.js';
export { HttpStatusError, RangeNotSupportedError } from './errors.js';
export { centralDirectoryRange, HttpRangeReader, openRangeReader, openRemoteZip, ZIP_TAIL_BYTES, type RangeReaderOptions, type RemoteZip, type RemoteZipOptions } from './range-reader.js';
export { loadNetrc, netrcCredentials, netrcPath, parseNetrc, type BasicCredentials, type Netrc, type NetrcEntry } from './netrc.js';
export { GENERATED_LISTING_HEADER } from './local-file.js';
export { contentTypeCharset, decodeBodyText } from './text.js';
export { locationToUrl } from './url.js';
export { defaultUserAgent } from './user-agent.js';
