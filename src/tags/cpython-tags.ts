/**
 * The tags a CPython interpreter supports before the generic ones (packaging's
 * `cpython_tags`), in priority order:
 *
 *   cpXY-<abi>-<platform>         for each given ABI, for each platform
 *   cpXY-abi3-<platform>          stable ABI (PEP 384), from Python 3.2 on
 *   cpXY-none-<platform>
 *   cpXW-abi3-<platform>          every older minor version down to 3.2
 *
 * A free-threaded ABI (`cp313t`) cannot load `abi3` extensions; it gets `abi3t` (PEP 803)
 * instead, as packaging ≥ 26.1 does (see deviations.ts).
 */
import { makeTag, type Tag } from './tag.js';
import { pythonVersionNodot, type PythonVersion } from './python-version.js';

/** Whether the first ABI is a free-threaded one: `cp313t`, `cp314td`. */
export function isFreeThreadedAbi(abis: readonly string[]): boolean {
  const first = abis[0];
  const m = first === undefined ? null : /^cp\d+(.*)$/.exec(first);
  return m !== null && (m[1] as string).includes('t');
}

function stableAbiApplies(python: PythonVersion): boolean {
  return python.minor !== undefined && (python.major > 3 || (python.major === 3 && python.minor >= 2));
}

export function cpythonTags(python: PythonVersion, abis: readonly string[], platforms: readonly string[]): Tag[] {
  const interpreter = `cp${pythonVersionNodot(python)}`;
  const threading = isFreeThreadedAbi(abis);
  const specific = [...abis];
  // The stable ABIs and "none" have their own places below; packaging removes one
  // occurrence of each from the given list.
  for (const explicit of threading ? ['abi3', 'abi3t', 'none'] : ['abi3', 'none']) {
    const i = specific.indexOf(explicit);
    if (i >= 0) specific.splice(i, 1);
  }
  const tags: Tag[] = [];
  for (const abi of specific) for (const p of platforms) tags.push(makeTag(interpreter, abi, p));
  const stable = stableAbiApplies(python);
  const useAbi3 = stable && !threading;
  const useAbi3t = stable && threading;
  if (useAbi3) for (const p of platforms) tags.push(makeTag(interpreter, 'abi3', p));
  if (useAbi3t) for (const p of platforms) tags.push(makeTag(interpreter, 'abi3t', p));
  for (const p of platforms) tags.push(makeTag(interpreter, 'none', p));
  if (stable) {
    for (let minor = (python.minor as number) - 1; minor > 1; minor--) {
      const older = `cp${python.major}${minor}`;
      for (const p of platforms) {
        if (useAbi3) tags.push(makeTag(older, 'abi3', p));
        if (useAbi3t) tags.push(makeTag(older, 'abi3t', p));
      }
    }
  }
  return tags;
}

export interface CpythonBuildFlags {
  /** a debug build (`Py_DEBUG`): ABI suffix `d` */
  debug: boolean;
  /** built with pymalloc (`WITH_PYMALLOC`): suffix `m` before 3.8 */
  pymalloc: boolean;
  /** wide (UCS-4) unicode (`Py_UNICODE_SIZE == 4`): suffix `u` before 3.3 */
  wideUnicode: boolean;
  /** free-threaded (`Py_GIL_DISABLED`): suffix `t` from 3.13 */
  freeThreaded: boolean;
}

/** A release build from python.org or a distribution: pymalloc, wide unicode, no debug. */
export const RELEASE_BUILD: CpythonBuildFlags = { debug: false, pymalloc: true, wideUnicode: true, freeThreaded: false };

/**
 * The ABI tags of a CPython build of the given version, most specific first (packaging's
 * `_cpython_abis`, fed with build flags instead of the running interpreter's config):
 * `cp312`; `cp37m` before 3.8; `cp27mu` before 3.3; a debug 3.12 gives `cp312d, cp312`.
 */
export function cpythonAbis(python: PythonVersion, flags: CpythonBuildFlags = RELEASE_BUILD): string[] {
  if (python.minor === undefined) return [];
  const version = pythonVersionNodot(python);
  const before = (major: number, minor: number): boolean =>
    python.major < major || (python.major === major && (python.minor as number) < minor);
  const threading = !before(3, 13) && flags.freeThreaded ? 't' : '';
  const debug = flags.debug ? 'd' : '';
  let pymalloc = '';
  let ucs4 = '';
  const abis: string[] = [];
  if (before(3, 8)) {
    if (flags.pymalloc) pymalloc = 'm';
    if (before(3, 3) && flags.wideUnicode) ucs4 = 'u';
  } else if (debug) {
    // Debug builds can also load "normal" extension modules.
    abis.push(`cp${version}${threading}`);
  }
  abis.unshift(`cp${version}${threading}${debug}${pymalloc}${ucs4}`);
  return abis;
}
