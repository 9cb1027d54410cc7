/**
 * PROVISIONAL: a small reading of wheel and sdist file names, enough for the archive
 * readers and `inspect`. The lead replaces it with src/filenames (`WheelFilename`,
 * `SdistFilename`) after merging; nothing else in wheelhouse should import it.
 */
import { FilenameError } from '../errors.js';

export interface ProvisionalWheelFilename {
  filename: string;
  /** As written in the file name (escaped, e.g. `typing_extensions`). */
  name: string;
  version: string;
  build?: string;
  pythonTags: string[];
  abiTags: string[];
  platformTags: string[];
  /** Every `python-abi-platform` combination, in file-name order. */
  tags: string[];
}

export type SdistFormat = 'tar.gz' | 'zip';

export interface ProvisionalSdistFilename {
  filename: string;
  name: string;
  version: string;
  format: SdistFormat;
}

export function parseWheelFilenameLoose(filename: string): ProvisionalWheelFilename {
  if (!filename.endsWith('.whl')) {
    throw new FilenameError('not a wheel file name', { text: filename, expected: 'a name ending in .whl' });
  }
  const parts = filename.slice(0, -4).split('-');
  if (parts.length !== 5 && parts.length !== 6) {
    throw new FilenameError('invalid wheel file name', {
      text: filename,
      expected: '{name}-{version}(-{build})?-{python tag}-{abi tag}-{platform tag}.whl',
    });
  }
  const [name, version] = parts as [string, string];
  const build = parts.length === 6 ? parts[2]! : undefined;
  if (name === '' || version === '' || (build !== undefined && !/^\d/.test(build))) {
    throw new FilenameError('invalid wheel file name', { text: filename, expected: 'a name, a version, and a build tag that starts with a digit' });
  }
  const [py, abi, plat] = parts.slice(-3) as [string, string, string];
  const pythonTags = py.split('.');
  const abiTags = abi.split('.');
  const platformTags = plat.split('.');
  const tags: string[] = [];
  for (const p of pythonTags) for (const a of abiTags) for (const pl of platformTags) tags.push(`${p}-${a}-${pl}`);
  const out: ProvisionalWheelFilename = { filename, name, version, pythonTags, abiTags, platformTags, tags };
  if (build !== undefined) out.build = build;
  return out;
}

export function sdistFormatOf(filename: string): SdistFormat | undefined {
  if (filename.endsWith('.tar.gz') || filename.endsWith('.tgz')) return 'tar.gz';
  if (filename.endsWith('.zip')) return 'zip';
  return undefined;
}

export function parseSdistFilenameLoose(filename: string): ProvisionalSdistFilename {
  const format = sdistFormatOf(filename);
  if (!format) {
    throw new FilenameError('not a supported sdist file name', { text: filename, expected: 'a name ending in .tar.gz, .tgz or .zip' });
  }
  const stem = filename.slice(0, filename.length - (filename.endsWith('.tar.gz') ? 7 : 4));
  const dash = stem.lastIndexOf('-');
  if (dash <= 0 || dash === stem.length - 1) {
    throw new FilenameError('invalid sdist file name', { text: filename, expected: '{name}-{version}.tar.gz' });
  }
  return { filename, name: stem.slice(0, dash), version: stem.slice(dash + 1), format };
}
