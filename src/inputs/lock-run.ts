/**
 * What `wheelhouse lock` and `wheelhouse build` do with collected inputs, in one place:
 * the package index for the inputs' sources, the resolution, and the lockfile's text.
 */
import path from 'node:path';
import { createPackageIndex, type PackageIndexClient } from '../index/client/package-index-client.js';
import type { IndexOptions } from '../index/client/options.js';
import type { Lock } from '../lockfile/model.js';
import { lockToPylock } from '../lockfile/pylock-writer.js';
import { lockToRequirementsTxt } from '../lockfile/requirements-txt-writer.js';
import { prefetchClosure, type ClosurePrefetch } from '../resolver/prefetch-closure.js';
import { resolveLock } from '../resolver/resolve-lock.js';
import { formatPythonVersion } from '../tags/python-version.js';
import type { EarlyLockInputs, LockInputs } from './collect.js';
import { InternalError } from '../errors.js';
import type { PackageSources } from './index-options.js';
import { withoutEmptyVia } from './pins.js';

/** The index client's source options from merged package sources (PyPI stays the client's default). */
export function indexOptionsForSources(sources: PackageSources): IndexOptions {
  return {
    indexUrl: sources.defaultIndex ? undefined : sources.indexUrls[0],
    extraIndexUrls: sources.indexUrls.slice(1),
    noIndex: sources.noIndex,
    findLinks: sources.findLinks,
  };
}

/** An index client for merged package sources (the requirements files' options included). */
export function packageIndexForSources(sources: PackageSources, options: IndexOptions, onWarning?: (message: string) => void): PackageIndexClient {
  return createPackageIndex({
    ...options,
    ...indexOptionsForSources(sources),
    ...(onWarning === undefined ? {} : { onWarning: (w: { message: string }) => onWarning(w.message) }),
  });
}

/** The index client for the inputs' merged sources. */
export function packageIndexForInputs(inputs: LockInputs, options: IndexOptions, onWarning?: (message: string) => void): PackageIndexClient {
  return packageIndexForSources(inputs.sources, options, onWarning);
}

/**
 * The index client of a lock, made as soon as `collectLockInputs` knows the sources (give
 * it `beforeTargets`), which then walks the dependency graph ahead (pages, and the metadata
 * of pure-python releases) while python3 describes the host: the resolver finds much of
 * what it asks for already fetched. `take()` stops the walk and hands the client over.
 */
export class EarlyPackageIndex {
  private index: PackageIndexClient | undefined;
  private headStart: ClosurePrefetch | undefined;

  constructor(
    private readonly options: IndexOptions,
    private readonly onWarning?: (message: string) => void,
  ) {}

  readonly beforeTargets = (early: EarlyLockInputs): void => {
    this.index = packageIndexForSources(early.sources, this.options, this.onWarning);
    const roots = early.requirements
      .filter((r) => r.requirement.url === null)
      .map((r) => ({ name: r.requirement.canonicalName, specifier: r.requirement.specifier, extras: r.requirement.normalizedExtras }));
    this.headStart = prefetchClosure(this.index, roots, { preferences: early.preferences, ...(early.excludeNewer === undefined ? {} : { excludeNewer: early.excludeNewer }) });
  };

  /** The client (the resolver does the fetching ahead from here on). */
  take(): PackageIndexClient {
    this.headStart?.stop();
    if (this.index === undefined) throw new InternalError('the lock inputs were collected without their package sources');
    return this.index;
  }

  /** When collecting the inputs failed: stop and close. */
  async abandon(): Promise<void> {
    this.headStart?.stop();
    await this.index?.close();
  }
}

/** Resolves the inputs' request; the lock without empty `# via` lists, and the resolver's warnings. */
export async function lockFromInputs(inputs: LockInputs, index: PackageIndexClient): Promise<{ lock: Lock; warnings: string[] }> {
  const result = await resolveLock(inputs.request, index);
  return { lock: withoutEmptyVia(result.lock), warnings: result.warnings };
}

/** "target host" or "3 targets". */
export function describeLockTargets(inputs: LockInputs): string {
  const targets = inputs.request.targets;
  return targets.length === 1 ? `target ${targets[0]!.name}` : `${targets.length} targets`;
}

/** pip-compile's "with Python X.Y": when every target has the same Python. */
function headerPython(inputs: LockInputs): string | undefined {
  const versions = new Set(inputs.request.targets.map((t) => formatPythonVersion({ major: t.python.major, ...(t.python.minor === undefined ? {} : { minor: t.python.minor }) })));
  return versions.size === 1 ? [...versions][0] : undefined;
}

export interface LockTextOptions {
  /** The header's command; no header when undefined. */
  command?: string;
  annotate?: boolean;
  annotationStyle?: 'split' | 'line';
  emitIndexUrl?: boolean;
  emitFindLinks?: boolean;
}

/** The lockfile's text in the inputs' output format (relative paths from the lockfile's folder). */
export function renderLockText(lock: Lock, inputs: LockInputs, options: LockTextOptions = {}): string {
  const dest = inputs.output.destination;
  const lockDir = dest.kind === 'file' ? path.dirname(dest.resolved) : process.cwd();
  if (inputs.output.format === 'pylock') return lockToPylock(lock, options.command === undefined ? {} : { command: options.command });
  const python = headerPython(inputs);
  return lockToRequirementsTxt(lock, {
    header: options.command === undefined ? false : { command: options.command, ...(python === undefined ? {} : { pythonVersion: python }) },
    annotate: options.annotate ?? true,
    annotationStyle: options.annotationStyle ?? 'split',
    emitIndexUrl: options.emitIndexUrl ?? true,
    emitFindLinks: options.emitFindLinks ?? true,
    lockDir,
  });
}
