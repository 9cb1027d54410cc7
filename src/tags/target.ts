/**
 * A target: the machine a wheelhouse is prepared for — implementation, Python version,
 * ABIs and platforms. It yields the PEP 425 tags that machine's pip accepts, in pip's
 * priority order, and the PEP 508 marker environment requirements are evaluated in.
 */
import { TargetError } from '../errors.js';
import type { MarkerEnvironment, MarkerVariable } from '../pep508/environment.js';
import { compatibleTags } from './compatible-tags.js';
import { cpythonAbis, cpythonTags, RELEASE_BUILD } from './cpython-tags.js';
import { genericTags } from './generic-tags.js';
import { IMPLEMENTATION_ABBREVIATIONS } from './implementation.js';
import { expandPlatform, uniqueInOrder } from './platform.js';
import { pythonVersionNodot, type PythonVersion } from './python-version.js';
import type { Tag } from './tag.js';
import { targetMarkers } from './target-markers.js';

export interface Target {
  /** How the target was given, e.g. "cp312-manylinux_2_28_x86_64", "linux-x86_64@3.12", "host". */
  readonly name: string;
  /** PEP 425 implementation abbreviation: cp, pp, ip, jy, graalpy, or py (any). */
  readonly implementation: string;
  /** The Python version as given (major, optional minor and micro). */
  readonly python: PythonVersion;
  /** The interpreter tag: implementation + dot-less version, e.g. "cp312", "pp310". */
  readonly interpreter: string;
  /** ABI tags, most specific first, as used for `tags` ("none" is added by the tag rules). */
  readonly abis: readonly string[];
  /** Platform tags, most preferred first, as used for `tags` (after expansion). */
  readonly platforms: readonly string[];
  /** Supported tags, most preferred first (pip's order; duplicates kept as pip keeps them). */
  readonly tags: readonly Tag[];
  /** PEP 508 marker values of the target machine. */
  readonly markers: MarkerEnvironment;
  /** Marker variables the target does not determine; their value in `markers` is ''. */
  readonly unknownMarkers: readonly MarkerVariable[];
}

export interface TargetOptions {
  /** cp (default), pp, ip, jy, graalpy or py */
  implementation?: string;
  python: PythonVersion;
  /** ABI tags; default: the implementation's usual ABI for the version (see defaultAbis). */
  abis?: readonly string[];
  /**
   * Platforms as a user names them: each is expanded to every platform tag such a machine
   * accepts (manylinux_2_28_x86_64 → 2_28 … 2_5 and the legacy aliases; see expandPlatform).
   */
  platforms: readonly string[];
  /** Display name; default: the short spelling. */
  name?: string;
}

/**
 * The ABI a build of `implementation` usually has: CPython's release-build ABI (cp312,
 * cp37m, cp27mu — cp27m on Windows and macOS), PyPy's `pypyXY_pp73` (PyPy 7.3, every PyPy 3.x since 2020) or `pypy_73`
 * for PyPy 2.7; none for the others, which then match only `none`-ABI wheels.
 */
export function defaultAbis(implementation: string, python: PythonVersion, platforms: readonly string[] = []): string[] {
  if (implementation === 'cp') {
    // Python 2 on Windows and macOS was built with narrow (UCS-2) unicode: cp27m, not cp27mu.
    const narrow = platforms.some((p) => /^(win|macosx)/.test(p));
    return cpythonAbis(python, narrow ? { ...RELEASE_BUILD, wideUnicode: false } : RELEASE_BUILD);
  }
  if (implementation === 'pp' && python.minor !== undefined) {
    return python.major === 2 ? ['pypy_73'] : [`pypy${pythonVersionNodot(python)}_pp73`];
  }
  return [];
}

/** The supported tags: cpython_tags or generic_tags, then compatible_tags, as pip's get_supported. */
export function supportedTags(implementation: string, python: PythonVersion, interpreter: string, abis: readonly string[], platforms: readonly string[]): Tag[] {
  const own = implementation === 'cp' ? cpythonTags(python, abis, platforms) : genericTags(interpreter, abis, platforms);
  return [...own, ...compatibleTags(python, interpreter, platforms)];
}

export function checkImplementation(implementation: string, text: string = implementation): void {
  if (!IMPLEMENTATION_ABBREVIATIONS.includes(implementation)) {
    throw new TargetError(`unknown Python implementation ${JSON.stringify(implementation)}`, {
      text,
      expected: `one of ${IMPLEMENTATION_ABBREVIATIONS.join(', ')} (PEP 425 abbreviations: cp = CPython, pp = PyPy, py = any)`,
    });
  }
}

/** Internal: a target from final (already expanded) parts and its marker environment. */
export function assembleTarget(parts: {
  name: string;
  implementation: string;
  python: PythonVersion;
  interpreter: string;
  abis: readonly string[];
  platforms: readonly string[];
  markers: MarkerEnvironment;
  unknownMarkers: readonly MarkerVariable[];
  tags?: readonly Tag[];
}): Target {
  const tags = parts.tags ?? supportedTags(parts.implementation, parts.python, parts.interpreter, parts.abis, parts.platforms);
  return Object.freeze({
    name: parts.name,
    implementation: parts.implementation,
    python: Object.freeze({ ...parts.python }),
    interpreter: parts.interpreter,
    abis: Object.freeze([...parts.abis]),
    platforms: Object.freeze([...parts.platforms]),
    tags: Object.freeze(tags.map((t) => Object.freeze({ ...t }))),
    markers: Object.freeze({ ...parts.markers }),
    unknownMarkers: Object.freeze([...new Set(parts.unknownMarkers)]),
  });
}

/** The short spelling of a target built from options: cp312-manylinux_2_28_x86_64. */
function spell(implementation: string, python: PythonVersion, abis: readonly string[], platforms: readonly string[]): string {
  const interp = `${implementation}${pythonVersionNodot(python)}`;
  const usual = defaultAbis(implementation, python, platforms);
  const abiPart = abis.join('.') === usual.join('.') ? '' : `-${abis.join('.') || 'none'}`;
  return `${interp}${abiPart}-${platforms.join('.')}`;
}

/**
 * A target with wheelhouse's meaning of platforms: each named platform stands for the
 * machine, so it is expanded to every platform tag that machine accepts.
 */
export function createTarget(options: TargetOptions): Target {
  const implementation = (options.implementation ?? 'cp').toLowerCase();
  checkImplementation(implementation);
  if (options.platforms.length === 0) {
    throw new TargetError('a target needs at least one platform', { expected: 'a platform tag such as manylinux_2_17_x86_64, macosx_11_0_arm64 or win_amd64' });
  }
  const named = options.platforms.map((p) => p.toLowerCase());
  const abis = options.abis ? options.abis.map((a) => a.toLowerCase()) : defaultAbis(implementation, options.python, named);
  const platforms = uniqueInOrder(named.flatMap((p) => expandPlatform(p)));
  const { markers, unknown } = targetMarkers(implementation, options.python, named);
  return assembleTarget({
    name: options.name ?? spell(implementation, options.python, abis, named),
    implementation,
    python: options.python,
    interpreter: `${implementation}${pythonVersionNodot(options.python)}`,
    abis,
    platforms,
    markers,
    unknownMarkers: unknown,
  });
}
