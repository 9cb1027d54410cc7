/**
 * The JSON report of `wheelhouse lock --json`: the pins with their files and hashes, why
 * each package is there, the targets, the options, and the resolution's diagnostics.
 *
 * Schema, version 1 (stable: fields may be added in version 1; a field removed or changed
 * in meaning makes version 2). Every field is always present unless marked optional; lists
 * are sorted as the lock sorts them; nothing in it holds credentials.
 *
 *     {
 *       "version": 1,
 *       "tool": { "name": "wheelhouse", "version"?: string },
 *       "command"?: string,
 *       "requiresPython"?: string,
 *       "hashPolicy": "all" | "targets",
 *       "inputs": string[],
 *       "options": { "indexUrl"?: string, "extraIndexUrls": string[], "findLinks": string[],
 *                    "noIndex": bool, "onlyBinary": string[], "noBinary": string[],
 *                    "preferBinary": bool, "pre": bool },
 *       "targets": [ { "name": string, "markerEnvironment": { variable: value },
 *                      "unknownMarkers": string[], "tags": string[] } ],
 *       "packages": [ {
 *         "name": string, "version": string ('' for a source tree of unknown version),
 *         "marker"?: string (the marker it is written with; absent: every target),
 *         "targets": string[], "extras": string[], "requiresPython"?: string,
 *         "direct"?: { "kind": "url" | "path" | "vcs", "url": string, "subdirectory"?: string,
 *                      "editable": bool, "commit"?: string },
 *         "files": [ { "filename": string, "kind": "wheel" | "sdist", "url": string,
 *                      "index"?: string, "path"?: string, "size"?: int, "uploadTime"?: string,
 *                      "requiresPython"?: string, "yanked": false | string,
 *                      "hashes": { algorithm: hex } } ],
 *         "dependencies": [ { "name": string, "extras": string[], "marker"?: string } ],
 *         "why": { "requested": bool (named by an input file), "inputs": string[] ("-r x.in", "-c c.txt"),
 *                  "requiredBy": string[] (package names), "via": string[] (as in requirements.txt) }
 *       } ],
 *       "diagnostics": { "warnings": [ { "message": string, "package"?: string, "target"?: string,
 *                                         "code"?: string } ] }
 *     }
 */
import { stripCredentials } from '../util/redact.js';
import type { Lock, LockedFile, LockedPackage, LockOptions, LockTarget } from './model.js';
import { packageMarker } from './package-markers.js';

export const LOCK_REPORT_VERSION = 1;

export interface LockDiagnostic {
  message: string;
  /** The package it is about, if any. */
  package?: string;
  /** The target it is about, if any. */
  target?: string;
  /** A stable code, when the producer has one. */
  code?: string;
}

export interface LockReportExtra {
  /** The version of wheelhouse that made the lock. */
  toolVersion?: string;
  /** The command line, shown as the requirements.txt header shows it. */
  command?: string;
  warnings?: readonly LockDiagnostic[];
}

export interface LockReportFile {
  filename: string;
  kind: 'wheel' | 'sdist';
  url: string;
  index?: string;
  path?: string;
  size?: number;
  uploadTime?: string;
  requiresPython?: string;
  yanked: false | string;
  hashes: Record<string, string>;
}

export interface LockReportPackage {
  name: string;
  version: string;
  marker?: string;
  targets: string[];
  extras: string[];
  requiresPython?: string;
  direct?: { kind: 'url' | 'path' | 'vcs'; url: string; subdirectory?: string; editable: boolean; commit?: string };
  files: LockReportFile[];
  dependencies: Array<{ name: string; extras: string[]; marker?: string }>;
  why: { requested: boolean; inputs: string[]; requiredBy: string[]; via: string[] };
}

export interface LockReport {
  version: typeof LOCK_REPORT_VERSION;
  tool: { name: 'wheelhouse'; version?: string };
  command?: string;
  requiresPython?: string;
  hashPolicy: Lock['hashPolicy'];
  inputs: string[];
  options: LockOptions;
  targets: Array<{ name: string; markerEnvironment: LockTarget['markerEnvironment']; unknownMarkers: string[]; tags: string[] }>;
  packages: LockReportPackage[];
  diagnostics: { warnings: LockDiagnostic[] };
}

function reportFile(f: LockedFile): LockReportFile {
  const sortedHashes: Record<string, string> = {};
  for (const k of Object.keys(f.hashes).sort()) sortedHashes[k] = f.hashes[k] as string;
  return {
    filename: f.filename,
    kind: f.kind,
    url: stripCredentials(f.url),
    ...(f.index === undefined ? {} : { index: stripCredentials(f.index) }),
    ...(f.path === undefined ? {} : { path: f.path }),
    ...(f.size === undefined ? {} : { size: f.size }),
    ...(f.uploadTime === undefined ? {} : { uploadTime: f.uploadTime }),
    ...(f.requiresPython === undefined ? {} : { requiresPython: f.requiresPython }),
    yanked: f.yanked ?? false,
    hashes: sortedHashes,
  };
}

/**
 * A via that names a package of the lock (pip-compile's `# via requests`, maybe with a
 * ` (extra)` suffix) is a dependent; every other via (`-r requirements.in`, `-c c.txt`,
 * `pyproject.toml`, `command line`) is an input.
 */
function why(pkg: LockedPackage, packageNames: ReadonlySet<string>): LockReportPackage['why'] {
  const dependent = (v: string): string | undefined => {
    const name = v.replace(/\s+\(.*\)$/, '');
    return packageNames.has(name) ? name : undefined;
  };
  const inputs = pkg.via.filter((v) => dependent(v) === undefined);
  const requiredBy = pkg.via.map(dependent).filter((n): n is string => n !== undefined);
  return { requested: inputs.some((v) => !v.startsWith('-c ')), inputs, requiredBy: [...new Set(requiredBy)], via: [...pkg.via] };
}

function reportPackage(lock: Lock, pkg: LockedPackage, packageNames: ReadonlySet<string>): LockReportPackage {
  const marker = packageMarker(lock, pkg, { lockFile: true });
  const d = pkg.direct;
  return {
    name: pkg.name,
    version: pkg.version,
    ...(marker === undefined ? {} : { marker }),
    targets: [...pkg.targets],
    extras: [...pkg.extras],
    ...(pkg.requiresPython === undefined ? {} : { requiresPython: pkg.requiresPython }),
    ...(d === undefined
      ? {}
      : {
          direct: {
            kind: d.kind,
            url: stripCredentials(d.url),
            ...(d.subdirectory === undefined ? {} : { subdirectory: d.subdirectory }),
            editable: d.editable ?? false,
            ...(d.commit === undefined ? {} : { commit: d.commit }),
          },
        }),
    files: pkg.files.map(reportFile),
    dependencies: pkg.dependencies.map((dep) => ({ name: dep.name, extras: [...(dep.extras ?? [])], ...(dep.marker === undefined ? {} : { marker: dep.marker }) })),
    why: why(pkg, packageNames),
  };
}

/** The report of `lock` (a plain object: `JSON.stringify(report, null, 2)` writes it). */
export function lockToJson(lock: Lock, extra: LockReportExtra = {}): LockReport {
  const o = lock.options;
  const packageNames = new Set(lock.packages.map((p) => p.name));
  return {
    version: LOCK_REPORT_VERSION,
    tool: { name: 'wheelhouse', ...(extra.toolVersion === undefined ? {} : { version: extra.toolVersion }) },
    ...(extra.command === undefined ? {} : { command: extra.command }),
    ...(lock.requiresPython === undefined ? {} : { requiresPython: lock.requiresPython }),
    hashPolicy: lock.hashPolicy,
    inputs: [...lock.inputs],
    options: {
      ...(o.indexUrl === undefined ? {} : { indexUrl: stripCredentials(o.indexUrl) }),
      extraIndexUrls: o.extraIndexUrls.map(stripCredentials),
      findLinks: o.findLinks.map(stripCredentials),
      noIndex: o.noIndex,
      onlyBinary: [...o.onlyBinary],
      noBinary: [...o.noBinary],
      preferBinary: o.preferBinary,
      pre: o.pre,
    },
    targets: lock.targets.map((t) => ({ name: t.name, markerEnvironment: { ...t.markerEnvironment }, unknownMarkers: [...(t.unknownMarkers ?? [])], tags: [...t.tags] })),
    packages: lock.packages.map((p) => reportPackage(lock, p, packageNames)),
    diagnostics: { warnings: (extra.warnings ?? []).map((w) => ({ ...w })) },
  };
}
