/**
 * From the links a page (or a find-links folder) lists to the `DistributionFile`s of one
 * project, as pip's link evaluator sees them: wheels and sdists of that project only, each
 * file name parsed once (src/filenames) and its version parsed once (PEP 440). Files of
 * other projects or formats, invalid names and invalid versions are skipped, each with a
 * warning (pip logs them in verbose mode; unsafe names are worth a real warning).
 */
import { classifyDistributionFilename } from '../../filenames/classify.js';
import { Version } from '../../pep440/version.js';
import type { DistributionFile } from '../package-index.js';
import type { ProjectFile } from '../pages/model.js';
import type { IndexWarnings } from './warnings.js';

/** A link as pages give it; find-links folders make the same shape (no hashes, no metadata). */
export type FileLink = Pick<ProjectFile, 'filename' | 'url' | 'hashes' | 'yanked' | 'coreMetadata'> & Partial<Pick<ProjectFile, 'requiresPython' | 'size' | 'uploadTime'>>;

export function distributionFiles(project: string, links: readonly FileLink[], origin: string, pageUrl: string, warnings: IndexWarnings): DistributionFile[] {
  const out: DistributionFile[] = [];
  // Files of one version share one parsed Version (a page lists many wheels per version).
  const versions = new Map<string, Version | null>();
  for (const link of links) {
    const file = distributionFile(project, link, origin, pageUrl, warnings, versions);
    if (file !== undefined) out.push(file);
  }
  return out;
}

function distributionFile(project: string, link: FileLink, origin: string, pageUrl: string, warnings: IndexWarnings, versions: Map<string, Version | null>): DistributionFile | undefined {
  const c = classifyDistributionFilename(link.filename, project);
  if (c.kind === 'ignored') {
    warnings.add({
      level: c.category === 'unsafe-name' ? 'warning' : 'info',
      code: 'ignored-file',
      message: `Skipped ${link.filename}: ${c.reason}`,
      url: pageUrl,
      text: link.filename,
    });
    return undefined;
  }
  const versionText = c.kind === 'wheel' ? c.wheel.unescapedVersion : c.sdist.version;
  let version = versions.get(versionText);
  if (version === undefined) {
    version = Version.tryParse(versionText);
    versions.set(versionText, version);
  }
  if (version === null) {
    warnings.add({ level: 'info', code: 'invalid-version', message: `Skipped ${link.filename}: ${JSON.stringify(versionText)} is not a PEP 440 version`, url: pageUrl, text: link.filename });
    return undefined;
  }
  const file: DistributionFile = {
    project,
    filename: link.filename,
    kind: c.kind,
    version,
    url: link.url,
    origin,
    hashes: link.hashes,
    yanked: link.yanked,
    coreMetadata: link.coreMetadata,
  };
  if (c.kind === 'wheel') file.wheel = c.wheel;
  else file.sdist = c.sdist;
  if (link.requiresPython !== undefined) file.requiresPython = link.requiresPython;
  if (link.size !== undefined) file.size = link.size;
  if (link.uploadTime !== undefined) file.uploadTime = link.uploadTime;
  return file;
}
