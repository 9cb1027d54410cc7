/**
 * `wheelhouse inspect URL`: the same report as for a local file, read over HTTP. A remote
 * wheel is read by range requests (its central directory, METADATA and WHEEL: usually a
 * small part of it; RECORD cannot be checked and the sha256 is unknown, unless the URL's
 * `#sha256=` fragment gives it) or, with `download` (or a server without ranges), whole:
 * then it is hashed and checked against RECORD like a local file. A remote sdist is always
 * downloaded (a tar.gz cannot be read by ranges). Downloads land in the client's content
 * store; a `#sha256=` fragment is checked.
 */
import { UsageError } from '../../errors.js';
import { classifyDistributionFilename } from '../../filenames/classify.js';
import { sdistInspectReport, wheelInspectReport, type InspectReport } from '../../metadata/inspect.js';
import type { ArchiveLimits } from '../../metadata/limits.js';
import { readSdistFile } from '../../metadata/sdist-reader.js';
import { readWheelFile, readWheelFromReader } from '../../metadata/wheel-reader.js';
import { redactCredentials } from '../../util/redact.js';
import type { HttpClient } from '../http/client.js';
import { RangeNotSupportedError } from '../http/errors.js';
import { openRangeReader } from '../http/range-reader.js';
import { locationToUrl } from '../http/url.js';
import { parseHashFragment } from '../pages/hashes.js';
import { filenameFromUrl } from '../pages/links.js';

export interface InspectUrlOptions {
  client: HttpClient;
  /** Read a remote wheel whole (hash it, check RECORD) instead of by ranges. */
  download?: boolean;
  /** With the whole file: check every file against RECORD (default true). */
  verifyRecord?: boolean;
  limits?: Partial<ArchiveLimits>;
}

export async function inspectUrl(input: string, options: InspectUrlOptions): Promise<InspectReport> {
  const url = locationToUrl(input);
  const shown = redactCredentials(url.href);
  const name = filenameFromUrl(url);
  const filename = name.ok ? name.filename : '';
  const c = classifyDistributionFilename(filename);
  if (c.kind === 'ignored') {
    throw new UsageError(`${shown} does not name a wheel or sdist: ${c.reason}`, { text: filename || shown, expected: 'a URL ending in a .whl, .tar.gz, .tgz or .zip file name' });
  }
  const sha256 = parseHashFragment(url.hash.slice(1)).hashes['sha256'];
  url.hash = '';
  const limits = options.limits === undefined ? {} : { limits: options.limits };
  if (c.kind === 'wheel' && !options.download) {
    try {
      const reader = await openRangeReader(options.client, url);
      const r = await readWheelFromReader(reader, reader.size, filename, { verifyRecord: false, url: shown, ...limits });
      const report = wheelInspectReport(r, shown);
      if (sha256 !== undefined) report.sha256 = sha256;
      report.fetched = { method: 'ranges', bytes: reader.bytesFetched, requests: reader.requestCount };
      return report;
    } catch (err) {
      if (!(err instanceof RangeNotSupportedError)) throw err;
    }
  }
  const stored = await options.client.downloadFile(url, sha256 === undefined ? {} : { sha256 });
  const fetched = { method: 'download' as const, bytes: stored.fromCache ? 0 : stored.size, requests: stored.fromCache ? 0 : 1 };
  const report =
    c.kind === 'wheel'
      ? wheelInspectReport(await readWheelFile(stored.path, { filename, url: shown, verifyRecord: options.verifyRecord ?? true, ...limits }), shown)
      : sdistInspectReport(await readSdistFile(stored.path, { filename, url: shown, fullScan: true, ...limits }), shown);
  report.fetched = fetched;
  return report;
}
