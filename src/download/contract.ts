/**
 * The contract of the downloader: what `wheelhouse download` and `wheelhouse build` ask it,
 * and what they get back. Plain data in, plain data out; the command renders the report.
 *
 * The wheelhouse layout it produces (and `verify` reads):
 *   DIR/<filename>          every chosen wheel and sdist, flat (as `pip download` does), each
 *                           checked against the lock's sha256 before it is renamed into place
 *   DIR/requirements.txt    `--no-index`, `--find-links .`, then the pins with their hashes
 *   DIR/pylock.toml         PEP 751 with `path` entries relative to DIR (original `url`s kept)
 *   DIR/manifest.json       every file: size, sha256, upload-time, source index, targets served
 *   DIR/simple/             with `writeIndex`: a PEP 503 tree (hashes, .metadata files)
 *   DIR/<filename>.metadata with `writeIndex`: the PEP 658 core metadata of each file that
 *                           has trustworthy metadata (the tree links files as ../../<filename>)
 *   DIR/.wheelhouse-tmp-<sha256>  only while a file is in flight, or after a killed run (the
 *                           next run continues it with Range, or deletes it); never a
 *                           wheel/sdist name, so pip's --find-links ignores it
 *
 * manifest.json is `Manifest` (src/download/wheelhouse-files.ts): `{ manifestVersion: 1,
 * targets, files: [{ filename, package, version, kind, size, sha256, uploadTime?, index?,
 * url, targets, buildDependency? }], needsBuild }`. requirements.txt and pylock.toml list
 * the installed packages only; the build requirements of sdists are in DIR and in the
 * manifest (`buildDependency: true`), where pip's build environments find them through
 * `--find-links`.
 */
import type { Lock } from '../lockfile/model.js';
import type { PackageIndexClient } from '../index/client/package-index-client.js';
import type { FormatControl } from '../requirements-txt/format-control.js';

export interface DownloadRequest {
  /** What to fetch: the lock (read from a lockfile, or made in memory from unpinned inputs). */
  lock: Lock;
  /** The wheelhouse directory (created when missing). */
  dest: string;
  /** Names of the lock's targets to download for; default every target of the lock. */
  targets?: readonly string[];
  /** `--only-binary` / `--no-binary`, as pip; default: wheels preferred, sdist as the fallback. */
  formatControl?: FormatControl;
  /** Resolve and download the build requirements of every sdist (default true; `--no-build-deps` sets false). */
  buildDeps?: boolean;
  /** Also write DIR/simple/ (PEP 503). */
  writeIndex?: boolean;
  /** Files in flight at once. */
  concurrency?: number;
  /** Progress events for the display; never required. */
  onProgress?: (event: DownloadProgress) => void;
  signal?: AbortSignal;
}

export type DownloadProgress =
  | { kind: 'plan'; files: number; bytes: number }
  /** A transfer from the network begins (at `offset` when it continues a partial file); files present or cached have no start. */
  | { kind: 'start'; filename: string; size?: number; offset?: number }
  | { kind: 'bytes'; filename: string; received: number; size?: number }
  | { kind: 'done'; filename: string; status: DownloadedFileStatus };

export type DownloadedFileStatus = 'downloaded' | 'present' | 'cached' | 'resumed';

export interface DownloadedFile {
  filename: string;
  /** Relative to DIR, "/" separators. */
  path: string;
  package: string;
  version: string;
  kind: 'wheel' | 'sdist';
  sha256: string;
  size: number;
  status: DownloadedFileStatus;
  /** Lock target names this file serves. */
  targets: string[];
  /** True when the file is a build requirement of an sdist, not a locked package. */
  buildDependency?: boolean;
}

/** A package that has no compatible wheel for a target and will be built from its sdist there. */
export interface NeedsBuild {
  package: string;
  version: string;
  target: string;
  sdist: string;
}

export interface DownloadReport {
  dest: string;
  files: DownloadedFile[];
  needsBuild: NeedsBuild[];
  /** Bytes transferred from the network in this run. */
  bytesDownloaded: number;
  /** The files DIR/requirements.txt, DIR/pylock.toml, DIR/manifest.json (and DIR/simple when written), relative to DIR. */
  written: string[];
  warnings: string[];
}

/** The downloader's entry point, implemented in src/download/. */
export type DownloadWheelhouse = (request: DownloadRequest, index: PackageIndexClient) => Promise<DownloadReport>;
