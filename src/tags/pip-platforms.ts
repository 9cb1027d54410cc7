/**
 * pip's meaning of `--platform` (pip 23.2.1, `compatibility_tags._expand_allowed_platforms`):
 * the listed platform tags only, with exactly two expansions — a `macosx_X_Y_ARCH` tag
 * becomes every tag `mac_platforms(X.Y, ARCH)` yields, and `manylinux2014_ARCH` adds
 * `manylinux2010_ARCH` and `manylinux1_ARCH` (x86_64 and i686 only), `manylinux2010_ARCH`
 * adds `manylinux1_ARCH`. `manylinux_2_28_x86_64` stays alone (pypa/pip#10760): that is
 * pip's behaviour, and the reason wheelhouse's own `--target` expands it.
 */
import { macPlatforms } from './macos.js';

function macExpansion(platform: string): string[] {
  // pip keeps whatever prefix precedes the version ("macosxcustom_10_9_x86_64" keeps "macosxcustom").
  const m = /^(.+)_(\d+)_(\d+)_(.+)$/.exec(platform);
  if (!m) return [platform];
  const [, prefix, major, minor, arch] = m as unknown as [string, string, string, string, string];
  return macPlatforms({ major: Number(major), minor: Number(minor) }, arch).map((p) => `${prefix}_${p.slice('macosx_'.length)}`);
}

function legacyManylinuxExpansion(platform: string): string[] {
  const sep = platform.indexOf('_');
  const prefix = sep < 0 ? platform : platform.slice(0, sep);
  const suffix = sep < 0 ? '' : platform.slice(sep + 1);
  const glue = sep < 0 ? '' : '_';
  if (prefix === 'manylinux2014') {
    return suffix === 'i686' || suffix === 'x86_64' ? [platform, `manylinux2010${glue}${suffix}`, `manylinux1${glue}${suffix}`] : [platform];
  }
  if (prefix === 'manylinux2010') return [platform, `manylinux1${glue}${suffix}`];
  return [platform];
}

function customPlatforms(platform: string): string[] {
  if (platform.startsWith('macosx')) return macExpansion(platform);
  const prefix = platform.split('_', 1)[0];
  if (prefix === 'manylinux2014' || prefix === 'manylinux2010') return legacyManylinuxExpansion(platform);
  return [platform];
}

/** The platform list pip 23.2.1 builds from repeated `--platform` values, in its order. */
export function pipExpandPlatforms(platforms: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of platforms) {
    if (seen.has(p)) continue;
    for (const c of customPlatforms(p)) {
      if (!seen.has(c)) {
        seen.add(c);
        out.push(c);
      }
    }
  }
  return out;
}
