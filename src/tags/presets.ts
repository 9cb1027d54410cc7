/**
 * Named target presets: `linux-x86_64@3.12`, `macos-arm64@3.12`, `windows-x86_64@pypy3.10`.
 * Each names a family of machines and the oldest platform level wheelhouse assumes for it
 * — the same floors uv's `--python-platform` uses for its `linux`/`macos` targets:
 *
 * - Linux (glibc): manylinux_2_17 (CentOS/RHEL 7, every glibc distribution since 2014),
 *   which accepts manylinux2014 and, on x86_64/i686, manylinux2010 and manylinux1 too.
 * - Linux (musl): musllinux_1_2 (Alpine 3.13 and later).
 * - macOS: 12.0 (Monterey), on which both Apple Silicon and Intel Macs still run; accepts
 *   11.0 and the 10.x universal2 (and on Intel every 10.x x86_64) wheels.
 * - Windows: the architecture's single platform tag.
 *
 * For any other floor, spell the platform out: `cp312-manylinux_2_28_x86_64`.
 */

export interface TargetPreset {
  /** e.g. "linux-x86_64" */
  name: string;
  /** other spellings accepted for the same preset */
  aliases: readonly string[];
  /** the platform tag the preset stands for (then expanded as usual) */
  platform: string;
  description: string;
}

export const TARGET_PRESETS: readonly TargetPreset[] = [
  { name: 'linux-x86_64', aliases: ['linux-amd64'], platform: 'manylinux_2_17_x86_64', description: 'Linux with glibc ≥ 2.17 on x86_64' },
  { name: 'linux-aarch64', aliases: ['linux-arm64'], platform: 'manylinux_2_17_aarch64', description: 'Linux with glibc ≥ 2.17 on 64-bit ARM' },
  { name: 'linux-i686', aliases: ['linux-x86'], platform: 'manylinux_2_17_i686', description: 'Linux with glibc ≥ 2.17 on 32-bit x86' },
  { name: 'linux-armv7l', aliases: [], platform: 'manylinux_2_17_armv7l', description: 'Linux with glibc ≥ 2.17 on 32-bit ARM (hard float)' },
  { name: 'linux-ppc64le', aliases: [], platform: 'manylinux_2_17_ppc64le', description: 'Linux with glibc ≥ 2.17 on POWER (little endian)' },
  { name: 'linux-s390x', aliases: [], platform: 'manylinux_2_17_s390x', description: 'Linux with glibc ≥ 2.17 on IBM Z' },
  { name: 'linux-musl-x86_64', aliases: ['alpine-x86_64'], platform: 'musllinux_1_2_x86_64', description: 'Linux with musl ≥ 1.2 (Alpine) on x86_64' },
  { name: 'linux-musl-aarch64', aliases: ['alpine-aarch64'], platform: 'musllinux_1_2_aarch64', description: 'Linux with musl ≥ 1.2 (Alpine) on 64-bit ARM' },
  { name: 'macos-arm64', aliases: ['macos-aarch64'], platform: 'macosx_12_0_arm64', description: 'macOS ≥ 12 on Apple Silicon' },
  { name: 'macos-x86_64', aliases: ['macos-amd64'], platform: 'macosx_12_0_x86_64', description: 'macOS ≥ 12 on Intel' },
  { name: 'windows-x86_64', aliases: ['windows-amd64'], platform: 'win_amd64', description: 'Windows on x86_64' },
  { name: 'windows-x86', aliases: ['windows-i686'], platform: 'win32', description: 'Windows, 32-bit x86 Python' },
  { name: 'windows-arm64', aliases: ['windows-aarch64'], platform: 'win_arm64', description: 'Windows on 64-bit ARM' },
];

export function findPreset(name: string): TargetPreset | undefined {
  const n = name.toLowerCase();
  return TARGET_PRESETS.find((p) => p.name === n || p.aliases.includes(n));
}
