/**
 * Wheel and sdist file names: parsing, building, and telling distributions from the other
 * files an index links to.
 */
export { escapeFilenameName } from './names.js';
export { assertSafeFilename, isSafeFilename, unsafeFilenameReason, MAX_FILENAME_BYTES } from './safe-filename.js';
export {
  type WheelFilename,
  type WheelFilenameParts,
  type BuildTag,
  parseWheelFilename,
  buildWheelFilename,
  parseBuildTag,
  compareBuildTags,
} from './wheel-filename.js';
export { type SdistFilename, type SdistExtension, SDIST_EXTENSIONS, parseSdistFilename, buildSdistFilename, pipSplitExtension } from './sdist-filename.js';
export { type FileClassification, type IgnoredCategory, classifyDistributionFilename } from './classify.js';
