/**
 * A target's platform, as the user names it (`manylinux_2_28_x86_64`, `macosx_11_0_arm64`,
 * `win_amd64`, …), and the list of platform tags a machine of that kind accepts.
 */
import { TargetError } from '../errors.js';
import { LEGACY_MANYLINUX, MANYLINUX_ARCHS, manylinuxPlatforms } from './manylinux.js';
import { MUSLLINUX_ARCHS, musllinuxPlatforms } from './musllinux.js';
import { MACOS_ARCHS, macPlatforms } from './macos.js';

export const WINDOWS_PLATFORMS = ['win_amd64', 'win32', 'win_arm64'] as const;
export const LINUX_ARCHS = [...new Set<string>([...MANYLINUX_ARCHS, ...MUSLLINUX_ARCHS, 'armv6l', 'armv8l'])];

export type PlatformFamily = 'manylinux' | 'musllinux' | 'linux' | 'macos' | 'windows';

export interface PlatformInfo {
  family: PlatformFamily;
  /** the CPU architecture part: x86_64, aarch64, arm64, universal2, amd64 (win_amd64), x86 (win32) … */
  arch: string;
  /** glibc level, musl level or macOS version, when the tag names one */
  version?: { major: number; minor: number };
}

export const PLATFORM_FORMS = [
  'manylinux_X_Y_ARCH (e.g. manylinux_2_28_x86_64; also manylinux2014_ARCH, manylinux2010_ARCH, manylinux1_ARCH)',
  'musllinux_X_Y_ARCH (e.g. musllinux_1_2_aarch64)',
  'macosx_X_Y_ARCH (e.g. macosx_11_0_arm64, macosx_10_12_x86_64, macosx_10_9_universal2)',
  'win_amd64, win32, win_arm64',
  'linux_ARCH (e.g. linux_x86_64: wheels built on the machine itself)',
];

function bad(text: string, why: string): TargetError {
  return new TargetError(`unknown platform: ${why}`, { text, expected: `one of: ${PLATFORM_FORMS.join('; ')}` });
}

/**
 * Upper bounds on the levels a platform may name: a machine's tag list walks down from its
 * level, so `manylinux_2_99999999_x86_64` would list a hundred million tags (and exhaust
 * memory). The bounds are far above every real glibc (2.41), musl (1.2) and macOS (26).
 */
const MAX_LEVEL = { linuxMajor: 9, linuxMinor: 999, macMajor: 99, macMinor: 99 } as const;

function requireLevel(text: string, what: string, major: number, minor: number, maxMajor: number, maxMinor: number): void {
  if (major > maxMajor || minor > maxMinor) throw bad(text, `${what} ${major}.${minor} is beyond any real version (at most ${maxMajor}.${maxMinor})`);
}

function requireArch(text: string, arch: string, known: readonly string[], family: string): void {
  if (!known.includes(arch)) throw bad(text, `${family} has no architecture ${JSON.stringify(arch)} (known: ${known.join(', ')})`);
}

/** Recognises a platform tag and checks its architecture; throws TargetError otherwise. */
export function describePlatform(platform: string): PlatformInfo {
  const text = platform;
  const p = platform.toLowerCase();
  let m: RegExpExecArray | null;
  if ((m = /^manylinux_(\d+)_(\d+)_([a-z0-9_]+)$/.exec(p))) {
    const [major, minor, arch] = [Number(m[1]), Number(m[2]), m[3] as string];
    requireArch(text, arch, MANYLINUX_ARCHS, 'manylinux');
    if (major < 2) throw bad(text, `glibc ${major}.${minor} predates every manylinux level`);
    requireLevel(text, 'glibc', major, minor, MAX_LEVEL.linuxMajor, MAX_LEVEL.linuxMinor);
    return { family: 'manylinux', arch, version: { major, minor } };
  }
  if ((m = /^(manylinux1|manylinux2010|manylinux2014)_([a-z0-9_]+)$/.exec(p))) {
    const arch = m[2] as string;
    requireArch(text, arch, MANYLINUX_ARCHS, 'manylinux');
    return { family: 'manylinux', arch, version: LEGACY_MANYLINUX[m[1] as string] as { major: number; minor: number } };
  }
  if ((m = /^musllinux_(\d+)_(\d+)_([a-z0-9_]+)$/.exec(p))) {
    const [major, minor, arch] = [Number(m[1]), Number(m[2]), m[3] as string];
    requireArch(text, arch, MUSLLINUX_ARCHS, 'musllinux');
    if (major !== 1) throw bad(text, `musl ${major}.${minor}: only musl 1.x has musllinux wheels`);
    requireLevel(text, 'musl', major, minor, MAX_LEVEL.linuxMajor, MAX_LEVEL.linuxMinor);
    return { family: 'musllinux', arch, version: { major, minor } };
  }
  if ((m = /^macosx_(\d+)_(\d+)_([a-z0-9_]+)$/.exec(p))) {
    const [major, minor, arch] = [Number(m[1]), Number(m[2]), m[3] as string];
    requireArch(text, arch, MACOS_ARCHS, 'macOS');
    if (major < 10) throw bad(text, `macOS ${major}.${minor} predates macOS 10.0`);
    requireLevel(text, 'macOS', major, minor, MAX_LEVEL.macMajor, MAX_LEVEL.macMinor);
    return { family: 'macos', arch, version: { major, minor } };
  }
  if (p === 'win32') return { family: 'windows', arch: 'x86' };
  if (p === 'win_amd64') return { family: 'windows', arch: 'amd64' };
  if (p === 'win_arm64') return { family: 'windows', arch: 'arm64' };
  if ((m = /^linux_([a-z0-9_]+)$/.exec(p))) {
    const arch = m[1] as string;
    requireArch(text, arch, LINUX_ARCHS, 'linux');
    return { family: 'linux', arch };
  }
  throw bad(text, 'not a platform tag wheelhouse knows how to expand');
}

/**
 * Every platform tag a machine described by `platform` accepts, most preferred first:
 * manylinux and musllinux walk down to the oldest level, macOS follows packaging's
 * `mac_platforms`, Windows and `linux_*` stand for themselves.
 */
export function expandPlatform(platform: string): string[] {
  const info = describePlatform(platform);
  const p = platform.toLowerCase();
  switch (info.family) {
    case 'manylinux': {
      const out = manylinuxPlatforms(info.version as { major: number; minor: number }, info.arch);
      if (out.length === 0) {
        throw bad(platform, `no manylinux level as old as this exists for ${info.arch} (the oldest is manylinux_2_17_${info.arch})`);
      }
      return out;
    }
    case 'musllinux':
      return musllinuxPlatforms(info.version as { major: number; minor: number }, info.arch);
    case 'macos': {
      const out = macPlatforms(info.version as { major: number; minor: number }, info.arch);
      if (out.length === 0) throw bad(platform, `no ${info.arch} binaries exist for this macOS version`);
      return out;
    }
    case 'windows':
    case 'linux':
      return [p];
  }
}

/** Concatenates lists keeping the first occurrence of each tag. */
export function uniqueInOrder(items: Iterable<string>): string[] {
  return [...new Set(items)];
}
