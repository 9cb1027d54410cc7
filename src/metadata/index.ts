/**
 * Core metadata, and reading wheels and sdists safely.
 *
 * File names come from src/filenames (`WheelFilename`, `SdistFilename`); reading over
 * HTTP ranges plugs `HttpRangeReader` (src/index/http) into `readWheelFromReader`.
 */
export { parseCoreMetadata, getMetadataField, isDynamic, compareMetadataVersion, KNOWN_METADATA_VERSIONS } from './core-metadata.js';
export type { CoreMetadata, MetadataWarning, ParseMetadataOptions } from './core-metadata.js';
export { parseHeaders, unfold } from './email-headers.js';
export type { HeaderField, ParsedHeaders } from './email-headers.js';
export { parseWheelInfo, SUPPORTED_WHEEL_MAJOR } from './wheel-info.js';
export type { WheelInfo } from './wheel-info.js';
export { parseRecord, recordDigest, RECORD_HASH_ALGORITHMS } from './record.js';
export type { RecordEntry } from './record.js';
export { readWheelFile, readWheelBuffer, readWheelFromReader } from './wheel-reader.js';
export type { ReadWheelOptions, RecordCheck, WheelReadResult } from './wheel-reader.js';
export { readSdistFile, readSdistBuffer, sdistStaticMetadata, staticMetadataVerdict } from './sdist-reader.js';
export type { ReadSdistOptions, SdistFormat, SdistReadResult, StaticMetadataVerdict } from './sdist-reader.js';
export { parsePyprojectBuildSystem } from './pyproject.js';
export type { PyprojectBuildSystem } from './pyproject.js';
export { effectiveBuildSystem, LEGACY_BUILD_BACKEND, LEGACY_BUILD_REQUIRES } from './build-system.js';
export type { BuildSystem } from './build-system.js';
export { DEFAULT_ARCHIVE_LIMITS } from './limits.js';
export type { ArchiveLimits } from './limits.js';
export { unsafeEntryNameReason } from './entry-name.js';
export { hashFile } from './file-hash.js';
export type { FileDigest } from './file-hash.js';
export type { ArchiveSource } from './source.js';
export { inspectFile, sdistInspectReport, wheelInspectReport } from './inspect.js';
export type { InspectOptions, InspectReport } from './inspect.js';
