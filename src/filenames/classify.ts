/**
 * What a link's file name is, as pip's finder sees it (`LinkEvaluator.evaluate_link`,
 * pip 23.2.1): a wheel, an sdist, or something pip skips — an installer (`.exe`, `.msi`),
 * an egg, an unknown archive format, a name that does not parse, a file of another project,
 * or (wheelhouse's own rule) a name that is not safe to write to disk. Tag compatibility,
 * yanking and Requires-Python are the index client's business, not the name's.
 */
import { FilenameError } from '../errors.js';
import { canonicalizeName } from '../pep508/name.js';
import { unsafeFilenameReason } from './safe-filename.js';
import { parseSdistFilename, pipSplitExtension, SDIST_EXTENSIONS, type SdistFilename } from './sdist-filename.js';
import { parseWheelFilename, type WheelFilename } from './wheel-filename.js';

export type IgnoredCategory =
  /** not an archive pip installs from: .egg, .exe, .msi, .rpm, .whl.metadata, no extension */
  | 'unsupported-format'
  /** a wheel or sdist extension, but a name that does not parse */
  | 'invalid-name'
  /** a valid name, but of another project than the one asked for */
  | 'different-project'
  /** a name that could escape the download directory or hide in output */
  | 'unsafe-name';

export type FileClassification =
  | { readonly kind: 'wheel'; readonly wheel: WheelFilename }
  | { readonly kind: 'sdist'; readonly sdist: SdistFilename }
  | { readonly kind: 'ignored'; readonly category: IgnoredCategory; readonly reason: string };

const WHY_UNSUPPORTED: Record<string, string> = {
  '.egg': 'eggs are not installable by pip',
  '.exe': 'a Windows installer',
  '.msi': 'a Windows installer',
  '.rpm': 'a Linux package',
  '.deb': 'a Linux package',
  '.dmg': 'a macOS disk image',
};

function ignored(category: IgnoredCategory, reason: string): FileClassification {
  return Object.freeze({ kind: 'ignored', category, reason });
}

function detail(err: unknown): string {
  return err instanceof FilenameError ? err.message : String(err);
}

/**
 * Classifies a file name found on an index page or in a find-links directory. Never
 * throws: whatever pip would skip is `ignored` with a reason in pip's words where pip has them.
 */
export function classifyDistributionFilename(filename: string, expectedProject?: string): FileClassification {
  const unsafe = unsafeFilenameReason(filename);
  if (unsafe !== undefined) return ignored('unsafe-name', `unsafe file name: ${unsafe}`);
  const { extension } = pipSplitExtension(filename);
  if (extension === '') return ignored('unsupported-format', 'not a file');
  if (extension === '.whl') {
    let wheel: WheelFilename;
    try {
      wheel = parseWheelFilename(filename);
    } catch (err) {
      return ignored('invalid-name', `invalid wheel filename: ${detail(err)}`);
    }
    if (expectedProject !== undefined && wheel.normalizedName !== canonicalizeName(expectedProject)) {
      return ignored('different-project', `wrong project name (not ${expectedProject})`);
    }
    return Object.freeze({ kind: 'wheel', wheel });
  }
  if (!(SDIST_EXTENSIONS as readonly string[]).includes(extension)) {
    const why = WHY_UNSUPPORTED[extension.toLowerCase()];
    return ignored('unsupported-format', `unsupported archive format: ${extension}${why ? ` (${why})` : ''}`);
  }
  // pip skips .zip files with "macosx10" in their path: old bdist_mac archives, not sdists.
  if (extension === '.zip' && filename.includes('macosx10')) return ignored('unsupported-format', 'macosx10 one (a macOS binary archive, not an sdist)');
  try {
    return Object.freeze({ kind: 'sdist', sdist: parseSdistFilename(filename, expectedProject) });
  } catch (err) {
    // pip reports these as "Missing project version"; when the name reads as another
    // project's sdist, say so.
    if (expectedProject !== undefined && belongsToAnotherProject(filename, expectedProject)) {
      return ignored('different-project', `wrong project name (not ${expectedProject})`);
    }
    return ignored('invalid-name', `Missing project version: ${detail(err)}`);
  }
}

function belongsToAnotherProject(filename: string, expectedProject: string): boolean {
  try {
    return parseSdistFilename(filename).normalizedName !== canonicalizeName(expectedProject);
  } catch {
    return false;
  }
}
