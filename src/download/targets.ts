/**
 * Targets in the two forms the downloader meets: `LockTarget` (what a lock records: a name,
 * the tag list as text, the marker environment) and `Target` (what the resolver takes).
 * A lock read back from a file has only the first; resolving the build requirements of its
 * sdists needs the second, rebuilt here from the same data.
 */
import type { LockTarget } from '../lockfile/model.js';
import { lockTarget } from '../resolver/merge-lock.js';
import type { PythonVersion } from '../tags/python-version.js';
import { parseTag, type Tag } from '../tags/tag.js';
import type { Target } from '../tags/target.js';

export { lockTarget };

function pythonOf(t: LockTarget): PythonVersion {
  const text = t.markerEnvironment.python_full_version || t.markerEnvironment.python_version;
  const [major, minor, micro] = text.split('.').map((p) => Number.parseInt(p, 10));
  return {
    major: Number.isFinite(major) ? (major as number) : 3,
    ...(minor !== undefined && Number.isFinite(minor) ? { minor } : {}),
    ...(micro !== undefined && Number.isFinite(micro) ? { micro } : {}),
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** The resolver's Target for a lock's target: same name, tags (in order) and markers. */
export function targetFromLockTarget(t: LockTarget): Target {
  const tags: Tag[] = t.tags.flatMap((text) => parseTag(text));
  const first = tags[0];
  const interpreter = first?.interpreter ?? 'py3';
  const implementation = /^[a-z]+/.exec(interpreter)?.[0] ?? 'py';
  return {
    name: t.name,
    implementation: implementation === 'py' ? 'py' : implementation,
    python: pythonOf(t),
    interpreter,
    abis: unique(tags.map((tag) => tag.abi).filter((a) => a !== 'none' && a !== 'abi3')),
    platforms: unique(tags.map((tag) => tag.platform).filter((p) => p !== 'any')),
    tags,
    markers: { ...t.markerEnvironment },
    unknownMarkers: [...(t.unknownMarkers ?? [])],
  };
}
