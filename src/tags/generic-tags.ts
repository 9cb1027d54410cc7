/**
 * The tags of an interpreter that needs no special treatment — PyPy, GraalPy, or pip's
 * `--implementation` other than `cp` (packaging's `generic_tags`): every given ABI, then
 * `none`, on every platform: `<interpreter>-<abi>-<platform>`.
 */
import { makeTag, type Tag } from './tag.js';

export function genericTags(interpreter: string, abis: readonly string[], platforms: readonly string[]): Tag[] {
  const all = abis.includes('none') ? [...abis] : [...abis, 'none'];
  const tags: Tag[] = [];
  for (const abi of all) for (const p of platforms) tags.push(makeTag(interpreter, abi, p));
  return tags;
}
