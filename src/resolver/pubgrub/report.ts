/**
 * From the derivation graph of the empty incompatibility to an explanation in words,
 * following pub's error reporting (doc/solver.md, "Error Reporting"): a depth-first walk
 * that writes one line per derived incompatibility, numbers the lines that are referred
 * to again, and folds trivial steps ("foo depends on bar which depends on baz", "your
 * requirements depend on both a and b").
 */
import { collapseNoVersions } from './collapse-no-versions.js';
import { Wording, type ExplainContext } from './wording.js';
import type { Incompatibility } from './incompatibility.js';
import { Sentences } from './sentences.js';

interface Line {
  readonly text: string;
  readonly number?: number;
}

/** Explains why `root` (an incompatibility without terms) holds. */
export function explain<P, V, S>(root: Incompatibility<P, S>, context: ExplainContext<P, V, S>): string {
  const words = new Wording(context);
  const tree = collapseNoVersions(root, words);
  return new Explainer(tree, new Sentences(words)).run();
}

/** pub's reporting walk. */
class Explainer<P, V, S> {
  private readonly lines: Line[] = [];
  private readonly numbers = new Map<Incompatibility<P, S>, number>();
  /** How many times each incompatibility is a cause in the graph. */
  private readonly derivations = new Map<Incompatibility<P, S>, number>();

  constructor(
    private readonly root: Incompatibility<P, S>,
    private readonly say: Sentences<P, V, S>,
  ) {}

  run(): string {
    if (!this.root.isDerived) return `Because ${this.say.external(this.root)}, version solving failed.`;
    this.count(this.root);
    this.visit(this.root);
    const numbered = this.lines.filter((l) => l.number !== undefined);
    const width = numbered.length === 0 ? 0 : `(${numbered[numbered.length - 1]!.number}) `.length;
    return this.lines
      .map((l) => {
        if (l.text === '') return '';
        const label = l.number === undefined ? '' : `(${l.number})`;
        return label.padEnd(width) + l.text;
      })
      .join('\n');
  }

  private count(i: Incompatibility<P, S>): void {
    const n = this.derivations.get(i);
    this.derivations.set(i, (n ?? 0) + 1);
    if (n === undefined && i.cause.kind === 'derived') {
      this.count(i.cause.cause1);
      this.count(i.cause.cause2);
    }
  }

  private visit(i: Incompatibility<P, S>, conclusion = false): void {
    if (i.cause.kind !== 'derived') return;
    const numbered = conclusion || (this.derivations.get(i) ?? 0) > 1;
    const conjunction = conclusion || i === this.root ? 'So,' : 'And';
    const text = this.say.conclusion(i);
    const { cause1: c1, cause2: c2 } = i.cause;
    if (c1.isDerived && c2.isDerived) {
      const l1 = this.numbers.get(c1);
      const l2 = this.numbers.get(c2);
      if (l1 !== undefined && l2 !== undefined) {
        this.write(i, `Because ${this.say.and(c1, c2, l1, l2)}, ${text}.`, numbered);
      } else if (l1 !== undefined || l2 !== undefined) {
        const [withLine, without, line] = l1 !== undefined ? [c1, c2, l1] : [c2, c1, l2!];
        this.visit(without);
        this.write(i, `${conjunction} because ${this.say.fact(withLine, line)}, ${text}.`, numbered);
      } else if (this.isSingleLine(c1) || this.isSingleLine(c2)) {
        const [first, second] = this.isSingleLine(c1) ? [c2, c1] : [c1, c2];
        this.visit(first);
        this.visit(second);
        this.write(i, `Thus, ${text}.`, numbered);
      } else {
        this.visit(c1, true);
        this.lines.push({ text: '' });
        this.visit(c2);
        this.write(i, `${conjunction} because ${this.say.fact(c1, this.numbers.get(c1))}, ${text}.`, numbered);
      }
    } else if (c1.isDerived || c2.isDerived) {
      const [derived, external] = c1.isDerived ? [c1, c2] : [c2, c1];
      const line = this.numbers.get(derived);
      if (line !== undefined) {
        this.write(i, `Because ${this.say.and(external, derived, undefined, line)}, ${text}.`, numbered);
      } else if (this.isCollapsible(derived) && derived.cause.kind === 'derived') {
        const { cause1: d1, cause2: d2 } = derived.cause;
        const [priorDerived, priorExternal] = d1.isDerived ? [d1, d2] : [d2, d1];
        this.visit(priorDerived);
        this.write(i, `${conjunction} because ${this.say.and(priorExternal, external)}, ${text}.`, numbered);
      } else {
        this.visit(derived);
        this.write(i, `${conjunction} because ${this.say.external(external)}, ${text}.`, numbered);
      }
    } else {
      this.write(i, `Because ${this.say.and(c1, c2)}, ${text}.`, numbered);
    }
  }

  /** Both causes are external: the whole derivation fits on one line. */
  private isSingleLine(i: Incompatibility<P, S>): boolean {
    return i.cause.kind === 'derived' && !i.cause.cause1.isDerived && !i.cause.cause2.isDerived;
  }

  /** Derived once, from one derived (not yet written) and one external cause. */
  private isCollapsible(i: Incompatibility<P, S>): boolean {
    if ((this.derivations.get(i) ?? 0) > 1 || i.cause.kind !== 'derived') return false;
    const { cause1: c1, cause2: c2 } = i.cause;
    if (c1.isDerived === c2.isDerived) return false;
    const complex = c1.isDerived ? c1 : c2;
    return !this.numbers.has(complex);
  }

  private write(i: Incompatibility<P, S>, text: string, numbered: boolean): void {
    const sentence = text.charAt(0).toUpperCase() + text.slice(1);
    if (numbered) {
      const n = this.numbers.size + 1;
      this.numbers.set(i, n);
      this.lines.push({ text: sentence, number: n });
    } else {
      this.lines.push({ text: sentence });
    }
  }
}
