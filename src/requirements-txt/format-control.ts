/**
 * pip's binary-format policy (`--no-binary`, `--only-binary`): two sets of canonical
 * names, where `:all:` stands for every package. Each value is applied in order, as pip's
 * `FormatControl.handle_mutual_excludes` does: `:all:` empties both sets and covers
 * everything, `:none:` empties the set being added to, and a name moves from the other
 * set to this one. Command-line values are applied first, then the files' in order.
 */
import { canonicalizeName } from '../pep508/name.js';

export type BinaryFormat = 'binary' | 'source';

export class FormatControl {
  readonly noBinary = new Set<string>();
  readonly onlyBinary = new Set<string>();

  /** Applies one `--no-binary VALUE`. Throws when the value starts with "-", as pip does. */
  addNoBinary(value: string): void {
    FormatControl.apply(value, this.noBinary, this.onlyBinary);
  }

  /** Applies one `--only-binary VALUE`. */
  addOnlyBinary(value: string): void {
    FormatControl.apply(value, this.onlyBinary, this.noBinary);
  }

  private static apply(value: string, target: Set<string>, other: Set<string>): void {
    if (value.startsWith('-')) throw new RangeError('--no-binary / --only-binary option requires 1 argument');
    let names = value.split(',');
    let all = names.indexOf(':all:');
    while (all !== -1) {
      other.clear();
      target.clear();
      target.add(':all:');
      names = names.slice(all + 1);
      // Without a later ":none:", the rest of the list is covered by ":all:".
      if (!names.includes(':none:')) return;
      all = names.indexOf(':all:');
    }
    for (const name of names) {
      if (name === ':none:') {
        target.clear();
        continue;
      }
      const canonical = canonicalizeName(name);
      other.delete(canonical);
      target.add(canonical);
    }
  }

  /** The formats pip may use for a package (pip's `get_allowed_formats`). */
  allowedFormats(canonicalName: string): Set<BinaryFormat> {
    const allowed = new Set<BinaryFormat>(['binary', 'source']);
    if (this.onlyBinary.has(canonicalName)) allowed.delete('source');
    else if (this.noBinary.has(canonicalName)) allowed.delete('binary');
    else if (this.onlyBinary.has(':all:')) allowed.delete('source');
    else if (this.noBinary.has(':all:')) allowed.delete('binary');
    return allowed;
  }

  clone(): FormatControl {
    const copy = new FormatControl();
    for (const n of this.noBinary) copy.noBinary.add(n);
    for (const n of this.onlyBinary) copy.onlyBinary.add(n);
    return copy;
  }

  /** Both sets, sorted, for comparisons and serialization. */
  toJSON(): { noBinary: string[]; onlyBinary: string[] } {
    return { noBinary: [...this.noBinary].sort(), onlyBinary: [...this.onlyBinary].sort() };
  }
}
