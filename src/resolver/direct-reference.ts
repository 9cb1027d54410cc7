/**
 * Direct references (`name @ https://host/name-1.0-py3-none-any.whl`,
 * `name @ file:///path/name-1.0.tar.gz`): the requirement names one archive, which is the
 * project's only candidate; its metadata comes through the PackageIndex like any other
 * file's. Directories and VCS URLs need a build, which wheelhouse does not do yet: they get
 * a ResolutionError naming the requirement.
 */
import { ResolutionError } from '../errors.js';
import { classifyDistributionFilename } from '../filenames/classify.js';
import type { DistributionFile } from '../index/package-index.js';
import type { DirectReference } from '../lockfile/model.js';
import { Version } from '../pep440/version.js';
import type { Requirement } from '../pep508/requirement.js';
import { stripCredentials } from '../util/redact.js';

export interface DirectCandidate {
  file: DistributionFile;
  reference: DirectReference;
}

const VCS_SCHEMES = /^(git|hg|svn|bzr)\+/i;

function unsupported(req: Requirement, source: string, why: string): ResolutionError {
  return new ResolutionError(`cannot resolve ${req.name} @ ${req.url} (${source}): ${why}`, {
    location: { url: req.url ?? '' },
    text: req.toString(),
    expected: 'a direct reference to a wheel or an sdist archive (https://… or file:///…), or a requirement on an index',
    hint: 'build the project into a wheel (pip wheel, python -m build) and point the requirement at the wheel',
  });
}

/** The single file a direct-reference requirement names, or a ResolutionError saying why it cannot be used. */
export function directCandidate(req: Requirement, source: string): DirectCandidate {
  const raw = req.url!;
  if (VCS_SCHEMES.test(raw)) throw unsupported(req, source, 'a VCS URL needs a checkout and a build, and building is not supported yet');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw unsupported(req, source, 'not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:' && url.protocol !== 'file:') {
    throw unsupported(req, source, `the URL scheme ${url.protocol} is not supported`);
  }
  const fragment = new URLSearchParams(url.hash.slice(1));
  url.hash = '';
  const segments = url.pathname.split('/');
  const last = decodeURIComponent(segments[segments.length - 1] ?? '');
  if (last === '') throw unsupported(req, source, 'a directory needs a build, and building is not supported yet');
  const classified = classifyDistributionFilename(last, req.name);
  if (classified.kind === 'ignored') {
    const why =
      classified.category === 'unsupported-format' && url.protocol === 'file:'
        ? 'not a wheel or sdist archive (a project directory needs a build, and building is not supported yet)'
        : classified.reason;
    throw unsupported(req, source, why);
  }
  if (classified.kind === 'sdist' && fragment.has('subdirectory')) {
    throw unsupported(req, source, 'a project in a subdirectory of an archive needs a build, and building is not supported yet');
  }
  const versionText = classified.kind === 'wheel' ? classified.wheel.unescapedVersion : classified.sdist.version;
  const version = Version.tryParse(versionText);
  if (version === null) throw unsupported(req, source, `the version ${JSON.stringify(versionText)} in the file name is not a PEP 440 version`);
  const hashes: Record<string, string> = {};
  for (const [k, v] of fragment) {
    if (/^(sha256|sha384|sha512|md5|sha1|sha224|blake2b)$/.test(k) && /^[0-9a-fA-F]+$/.test(v)) hashes[k] = v.toLowerCase();
  }
  const href = url.toString();
  const file: DistributionFile = {
    project: classified.kind === 'wheel' ? classified.wheel.normalizedName : classified.sdist.normalizedName,
    filename: last,
    kind: classified.kind,
    version,
    ...(classified.kind === 'wheel' ? { wheel: classified.wheel } : { sdist: classified.sdist }),
    url: href,
    origin: stripCredentials(href),
    hashes,
    yanked: false,
    coreMetadata: false,
  };
  const reference: DirectReference = { kind: url.protocol === 'file:' ? 'path' : 'url', url: stripCredentials(raw) };
  return { file, reference };
}
