/**
 * A target's tag list, written compactly and read back in the same order: consecutive tags
 * with the same interpreter and ABI become one PEP 425 compressed tag set whose platforms
 * keep their order (`cp312-cp312-manylinux_2_28_x86_64.manylinux_2_27_x86_64`). A target
 * has hundreds of tags; this writes a few dozen lines instead, and loses nothing: tags
 * never contain "." and the order within a run is the order of the platforms.
 */
import { LockfileError } from '../errors.js';

const TAG = /^([^-.\s]+)-([^-.\s]+)-([^-.\s]+)$/;

/** Groups `tags` (in priority order) into compressed tag sets. */
export function groupTags(tags: readonly string[]): string[] {
  const groups: Array<{ head: string; platforms: string[] }> = [];
  for (const tag of tags) {
    const m = TAG.exec(tag);
    if (!m) throw new LockfileError(`invalid tag ${JSON.stringify(tag)}`, { text: tag, expected: 'a PEP 425 tag interpreter-abi-platform, e.g. cp312-cp312-manylinux_2_28_x86_64' });
    const head = `${m[1]}-${m[2]}`;
    const last = groups[groups.length - 1];
    if (last && last.head === head) last.platforms.push(m[3] as string);
    else groups.push({ head, platforms: [m[3] as string] });
  }
  return groups.map((g) => `${g.head}-${g.platforms.join('.')}`);
}

/** The tags of `groups`, in order; undefined for a group that is not `interpreter-abi-platform[.platform...]`. */
export function ungroupTags(groups: readonly string[]): string[] | undefined {
  const tags: string[] = [];
  for (const group of groups) {
    const m = /^([^-.\s]+)-([^-.\s]+)-([^-\s]+)$/.exec(group);
    if (!m) return undefined;
    const platforms = (m[3] as string).split('.');
    if (platforms.some((p) => p === '')) return undefined;
    for (const p of platforms) tags.push(`${m[1]}-${m[2]}-${p}`);
  }
  return tags;
}
