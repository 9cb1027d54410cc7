/**
 * Choosing wheels for a target: a wheel is compatible when one of its tags is in the
 * target's list, and the better the earliest such tag ranks, the more pip prefers it
 * (pip's `Wheel.support_index_min`).
 */
import { formatTag, type Tag } from './tag.js';

const cache = new WeakMap<readonly Tag[], ReadonlyMap<string, number>>();

/** Tag text → its rank (0 = most preferred) in a supported-tag list; the first occurrence counts. */
export function tagPriorities(supported: readonly Tag[]): ReadonlyMap<string, number> {
  let map = cache.get(supported);
  if (!map) {
    const m = new Map<string, number>();
    supported.forEach((t, i) => {
      const k = formatTag(t);
      if (!m.has(k)) m.set(k, i);
    });
    map = m;
    cache.set(supported, map);
  }
  return map;
}

/**
 * The best (lowest) rank any of `wheelTags` has in the target's supported tags, or
 * undefined when the wheel is not compatible with the target.
 */
export function bestTagRank(target: { readonly tags: readonly Tag[] }, wheelTags: readonly Tag[]): number | undefined {
  const ranks = tagPriorities(target.tags);
  let best: number | undefined;
  for (const t of wheelTags) {
    const r = ranks.get(formatTag(t));
    if (r !== undefined && (best === undefined || r < best)) best = r;
  }
  return best;
}

export function isCompatible(target: { readonly tags: readonly Tag[] }, wheelTags: readonly Tag[]): boolean {
  return bestTagRank(target, wheelTags) !== undefined;
}
