/**
 * musllinux platform tags (PEP 656): a system with musl X.Y runs wheels built for any
 * older minor of the same major, newest first (packaging's `_musllinux.platform_tags`).
 */

export interface MuslVersion {
  readonly major: number;
  readonly minor: number;
}

export const MUSLLINUX_ARCHS = ['x86_64', 'i686', 'aarch64', 'armv7l', 'ppc64le', 's390x', 'riscv64', 'loongarch64'] as const;

export function musllinuxPlatforms(musl: MuslVersion, arch: string): string[] {
  const out: string[] = [];
  for (let minor = musl.minor; minor >= 0; minor--) out.push(`musllinux_${musl.major}_${minor}_${arch}`);
  return out;
}
