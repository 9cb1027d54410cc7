/**
 * manylinux platform tags (PEP 600, with the PEP 513/571/599 legacy aliases). A system
 * with glibc X.Y runs wheels built for any older glibc, so a target's `manylinux_X_Y_arch`
 * stands for every level from X.Y down to the oldest manylinux for that architecture —
 * 2.5 (manylinux1) on x86_64 and i686, 2.17 (manylinux2014) elsewhere — in packaging's
 * order (`_manylinux.platform_tags`): newest first, each legacy alias right after the
 * PEP 600 tag of the same level.
 */

export interface GlibcVersion {
  readonly major: number;
  readonly minor: number;
}

/** The legacy names and the glibc level each stands for. */
export const LEGACY_MANYLINUX: Readonly<Record<string, GlibcVersion>> = {
  manylinux1: { major: 2, minor: 5 },
  manylinux2010: { major: 2, minor: 12 },
  manylinux2014: { major: 2, minor: 17 },
};

function legacyAlias(v: GlibcVersion): string | undefined {
  for (const [name, level] of Object.entries(LEGACY_MANYLINUX)) {
    if (level.major === v.major && level.minor === v.minor) return name;
  }
  return undefined;
}

/** Architectures that have manylinux wheels (PEP 599 and PEP 600 builds). */
export const MANYLINUX_ARCHS = ['x86_64', 'i686', 'aarch64', 'armv7l', 'ppc64', 'ppc64le', 's390x', 'riscv64', 'loongarch64'] as const;

/**
 * packaging assumes glibc 2.x minors never exceed 50 when it walks down from a newer
 * major version (`_LAST_GLIBC_MINOR`).
 */
const LAST_GLIBC_MINOR = 50;

/** The oldest level below which there are no manylinux wheels for `arch` (exclusive). */
function tooOld(arch: string): GlibcVersion {
  return arch === 'x86_64' || arch === 'i686' ? { major: 2, minor: 4 } : { major: 2, minor: 16 };
}

/** Every manylinux platform tag a system with this glibc accepts, most preferred first. */
export function manylinuxPlatforms(glibc: GlibcVersion, arch: string): string[] {
  const floor = tooOld(arch);
  const maxima: GlibcVersion[] = [glibc];
  for (let major = glibc.major - 1; major > 1; major--) maxima.push({ major, minor: LAST_GLIBC_MINOR });
  const out: string[] = [];
  for (const max of maxima) {
    const minMinor = max.major === floor.major ? floor.minor : -1;
    for (let minor = max.minor; minor > minMinor; minor--) {
      out.push(`manylinux_${max.major}_${minor}_${arch}`);
      const alias = legacyAlias({ major: max.major, minor });
      if (alias !== undefined) out.push(`${alias}_${arch}`);
    }
  }
  return out;
}
