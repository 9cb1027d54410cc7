/**
 * The PEP 508 marker environment of a target machine, derived from its implementation,
 * Python version and platform. Values a foreign target cannot know — `platform_release`
 * and `platform_version` (the kernel's release and build strings), the
 * `implementation_version` of anything but CPython, and anything that depends on an
 * unknown or ambiguous platform — are '' and listed in `unknown`, so that marker
 * evaluation can tell "false because the target differs" from "false because unknown".
 */
import type { MarkerEnvironment, MarkerVariable } from '../pep508/environment.js';
import { implementationInfo } from './implementation.js';
import { describePlatform, type PlatformInfo } from './platform.js';
import { pythonFullVersion, pythonShortVersion, type PythonVersion } from './python-version.js';

export interface TargetMarkers {
  markers: MarkerEnvironment;
  /** variables whose value is '' because the target does not determine it */
  unknown: MarkerVariable[];
}

/** os_name, sys_platform, platform_system and platform_machine of one platform tag. */
export type PlatformMarkers = Pick<MarkerEnvironment, 'os_name' | 'sys_platform' | 'platform_system' | 'platform_machine'>;

/** `platform.machine()` on macOS for each architecture; fat formats name no single machine. */
const MAC_MACHINE: Record<string, string> = { arm64: 'arm64', x86_64: 'x86_64', i386: 'i386', ppc: 'Power Macintosh', ppc64: 'Power Macintosh' };
/** `platform.machine()` on Windows reports the processor architecture in capitals. */
const WINDOWS_MACHINE: Record<string, string> = { amd64: 'AMD64', x86: 'x86', arm64: 'ARM64' };

export function platformMarkers(info: PlatformInfo): PlatformMarkers {
  switch (info.family) {
    case 'manylinux':
    case 'musllinux':
    case 'linux':
      return { os_name: 'posix', sys_platform: 'linux', platform_system: 'Linux', platform_machine: info.arch };
    case 'macos':
      return { os_name: 'posix', sys_platform: 'darwin', platform_system: 'Darwin', platform_machine: MAC_MACHINE[info.arch] ?? '' };
    case 'windows':
      return { os_name: 'nt', sys_platform: 'win32', platform_system: 'Windows', platform_machine: WINDOWS_MACHINE[info.arch] ?? '' };
  }
}

const PLATFORM_VARIABLES = ['os_name', 'sys_platform', 'platform_system', 'platform_machine'] as const;

/**
 * The platform marker values shared by all the given platform tags. A value on which
 * they disagree, or that an unrecognised tag leaves open, is '' and reported unknown.
 */
export function commonPlatformMarkers(platforms: readonly string[]): { values: PlatformMarkers; unknown: MarkerVariable[] } {
  const per: (PlatformMarkers | undefined)[] = platforms.map((p) => {
    try {
      return platformMarkers(describePlatform(p));
    } catch {
      return undefined;
    }
  });
  const values: PlatformMarkers = { os_name: '', sys_platform: '', platform_system: '', platform_machine: '' };
  const unknown: MarkerVariable[] = [];
  for (const v of PLATFORM_VARIABLES) {
    const seen = new Set(per.map((m) => (m === undefined ? undefined : m[v])));
    const only = [...seen][0];
    if (seen.size === 1 && only !== undefined && only !== '') values[v] = only;
    else unknown.push(v);
  }
  return { values, unknown };
}

/** Python and implementation marker values of a target. */
export function pythonMarkers(implementation: string, python: PythonVersion): { values: Pick<MarkerEnvironment, 'implementation_name' | 'implementation_version' | 'platform_python_implementation' | 'python_version' | 'python_full_version'>; unknown: MarkerVariable[] } {
  const info = implementationInfo(implementation);
  const full = pythonFullVersion(python);
  const unknown: MarkerVariable[] = [];
  if (!info) unknown.push('implementation_name', 'platform_python_implementation');
  // CPython's implementation version is its Python version; PyPy's (7.3.x) and the
  // others' are their own release numbers, which a tag does not carry.
  const implementationVersion = implementation === 'cp' ? full : '';
  if (implementationVersion === '') unknown.push('implementation_version');
  return {
    values: {
      implementation_name: info?.name ?? '',
      implementation_version: implementationVersion,
      platform_python_implementation: info?.pythonImplementation ?? '',
      python_version: pythonShortVersion(python),
      python_full_version: full,
    },
    unknown,
  };
}

/** The marker environment of a target given by implementation, Python version and platform tags. */
export function targetMarkers(implementation: string, python: PythonVersion, platforms: readonly string[]): TargetMarkers {
  const py = pythonMarkers(implementation, python);
  const plat = commonPlatformMarkers(platforms);
  const markers: MarkerEnvironment = {
    ...py.values,
    ...plat.values,
    platform_release: '',
    platform_version: '',
  };
  return { markers, unknown: [...py.unknown, ...plat.unknown, 'platform_release', 'platform_version'] };
}
