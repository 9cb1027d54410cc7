/**
 * The downloader: a lock's files for every target into one folder that installs offline
 * (`pip install -r DIR/requirements.txt`), with what its sdists need to build.
 */
export type { DownloadRequest, DownloadReport, DownloadProgress, DownloadedFile, DownloadedFileStatus, NeedsBuild, DownloadWheelhouse } from './contract.js';
export { downloadWheelhouse, formatControlOfLock, DEFAULT_DOWNLOAD_CONCURRENCY } from './download-wheelhouse.js';
export { chooseFile, packageAppliesTo, planDownloads, type DownloadPlan, type FileChoice, type PlannedFile } from './choose-files.js';
export { lockFromRequirements } from './requirements-lock.js';
export { targetFromLockTarget } from './targets.js';
export { readBuildRequirements, resolveBuildDependencies, type BuildRequirements, type SdistToBuild } from './build-deps.js';
export { fetchIntoWheelhouse, type FetchContext, type FetchResult } from './fetch-file.js';
export { removeStaleDownloadTemps, isDownloadTempName, TEMP_PREFIX as DOWNLOAD_TEMP_PREFIX } from './temp-files.js';
export { buildManifest, wheelhouseLock, wheelhouseRequirementsTxt, wheelhousePylock, writeWheelhouseFiles, writeWheelhouseIndex, MANIFEST_VERSION, type Manifest, type ManifestFile } from './wheelhouse-files.js';
