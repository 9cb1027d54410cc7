/**
 * macOS platform tags (packaging's `mac_platforms`). A wheel built for an older macOS
 * runs on a newer one, and a "fat" binary runs wherever one of its architectures does:
 *
 * - 10.x: every 10.minor from the given one down to 10.0, each with the binary formats
 *   that contain the architecture (`x86_64`, `intel`, `fat64`, `fat3`, `universal2`,
 *   `universal` for x86_64).
 * - 11 and later: only `X_0` tags count (from macOS 11 the minor number is a mid-year
 *   update, so a wheel is tagged with the major version alone): X_0 down to 11_0; then
 *   10.16 down to 10.4 — all formats on x86_64, `universal2` only on arm64 (no arm64
 *   binary predates macOS 11, but a universal2 one may carry an older x86_64 half).
 */

export interface MacVersion {
  readonly major: number;
  readonly minor: number;
}

export const MACOS_ARCHS = ['arm64', 'x86_64', 'universal2', 'i386', 'ppc', 'ppc64', 'intel', 'fat', 'fat3', 'fat64', 'universal'] as const;

const before = (v: MacVersion, major: number, minor: number): boolean => v.major < major || (v.major === major && v.minor < minor);

/** The binary formats that run on `arch` under macOS `version` (packaging's `_mac_binary_formats`). */
export function macBinaryFormats(version: MacVersion, arch: string): string[] {
  const formats = [arch];
  if (arch === 'x86_64') {
    if (before(version, 10, 4)) return [];
    formats.push('intel', 'fat64', 'fat3');
  } else if (arch === 'i386') {
    if (before(version, 10, 4)) return [];
    formats.push('intel', 'fat3', 'fat');
  } else if (arch === 'ppc64') {
    if (!before(version, 10, 6) || before(version, 10, 4)) return [];
    formats.push('fat64');
  } else if (arch === 'ppc') {
    if (!before(version, 10, 7)) return [];
    formats.push('fat3', 'fat');
  }
  if (arch === 'arm64' || arch === 'x86_64') formats.push('universal2');
  if (['x86_64', 'i386', 'ppc64', 'ppc', 'intel'].includes(arch)) formats.push('universal');
  return formats;
}

export function macPlatforms(version: MacVersion, arch: string): string[] {
  const out: string[] = [];
  if (version.major === 10) {
    for (let minor = version.minor; minor >= 0; minor--) {
      for (const f of macBinaryFormats({ major: 10, minor }, arch)) out.push(`macosx_10_${minor}_${f}`);
    }
  }
  if (version.major >= 11) {
    for (let major = version.major; major > 10; major--) {
      for (const f of macBinaryFormats({ major, minor: 0 }, arch)) out.push(`macosx_${major}_0_${f}`);
    }
    for (let minor = 16; minor > 3; minor--) {
      if (arch === 'x86_64') {
        for (const f of macBinaryFormats({ major: 10, minor }, arch)) out.push(`macosx_10_${minor}_${f}`);
      } else {
        out.push(`macosx_10_${minor}_universal2`);
      }
    }
  }
  return out;
}
