/**
 * PEP 425 tags and target environments: the tags a target machine's pip accepts, in
 * pip's priority order, and the PEP 508 marker environment of that machine.
 */
export { type Tag, type CompressedTag, makeTag, formatTag, tagsEqual, parseTag, parseCompressedTag, expandCompressedTag, formatCompressedTag } from './tag.js';
export {
  type PythonVersion,
  parsePythonVersion,
  formatPythonVersion,
  pythonVersionNodot,
  pythonFullVersion,
  pythonShortVersion,
  comparePythonVersions,
} from './python-version.js';
export { cpythonTags, cpythonAbis, isFreeThreadedAbi, RELEASE_BUILD, type CpythonBuildFlags } from './cpython-tags.js';
export { genericTags } from './generic-tags.js';
export { compatibleTags, pythonInterpreterRange } from './compatible-tags.js';
export { manylinuxPlatforms, LEGACY_MANYLINUX, MANYLINUX_ARCHS, type GlibcVersion } from './manylinux.js';
export { musllinuxPlatforms, MUSLLINUX_ARCHS, type MuslVersion } from './musllinux.js';
export { macPlatforms, macBinaryFormats, MACOS_ARCHS, type MacVersion } from './macos.js';
export { expandPlatform, describePlatform, PLATFORM_FORMS, WINDOWS_PLATFORMS, LINUX_ARCHS, type PlatformInfo, type PlatformFamily } from './platform.js';
export { pipExpandPlatforms } from './pip-platforms.js';
export { IMPLEMENTATIONS, IMPLEMENTATION_ABBREVIATIONS, implementationInfo, type ImplementationInfo } from './implementation.js';
export { targetMarkers, platformMarkers, commonPlatformMarkers, type TargetMarkers, type PlatformMarkers } from './target-markers.js';
export { type Target, type TargetOptions, createTarget, defaultAbis, supportedTags } from './target.js';
export { parseTarget, TARGET_FORMS } from './parse-target.js';
export { TARGET_PRESETS, findPreset, type TargetPreset } from './presets.js';
export { targetFromPipOptions, hasPipTargetOptions, type PipTargetOptions, type PipHostDefaults } from './pip-options.js';
export { detectHostTarget, HOST_SCRIPT, type HostTarget, type DetectHostOptions } from './host.js';
export { tagPriorities, bestTagRank, isCompatible } from './ranking.js';
export { PACKAGING_DEVIATIONS, type PackagingDeviation } from './deviations.js';
