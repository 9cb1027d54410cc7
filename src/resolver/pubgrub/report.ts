/**
 * From the derivation graph of the empty incompatibility to an explanation in words,
 * following pub's error reporting (doc/solver.md, "Error Reporting"): a depth-first walk
 * that writes one line per derived incompatibility, numbers the lines that are referred
 * to again, and folds trivial steps ("foo depends on bar which depends on baz", "your
 * requirements depend on both a and b").
 */
import { Incompatibility } from './incompatibility.js';
import { Wording, type ExplainContext } from './explain-context.js';

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

/**
 * Removes the steps that only say "no versions of foo match X", where X holds no
 * candidate at all and foo is the subject of the fact they were resolved with: "foo==2
 * depends on bar" and "no versions of foo match >2,<3" give "foo>=2,<3 depends on bar",
 * which says of every candidate what the first fact alone says (pub builds such ranges
 * up front; pubgrub-rs and uv fold them afterwards). Where foo is depended on — "foo
 * depends on bar>=2" and "no versions of bar match >=2,<3" — the step stays when the
 * range written for bar changes (the missing versions are the reason it does), and goes
 * when it would not (X only filled the gaps between candidates already excluded).
 */
export function collapseNoVersions<P, V, S>(root: Incompatibility<P, S>, words: Wording<P, V, S>): Incompatibility<P, S> {
  const context = words.context;
  const sets = context.sets;
  const memo = new Map<Incompatibility<P, S>, Incompatibility<P, S>>();
  const holdsNoCandidate = (pkg: P, set: S): boolean => {
    const candidates = context.candidates(pkg);
    return candidates !== undefined && !candidates.some((v) => sets.contains(set, v));
  };
  const fold = (
    node: Incompatibility<P, S>,
    none: Incompatibility<P, S>,
    other: Incompatibility<P, S>,
  ): Incompatibility<P, S> | undefined => {
    if (none.cause.kind !== 'no-versions') return undefined;
    const pkg = none.cause.package;
    const after = node.termFor(pkg);
    const before = other.termFor(pkg);
    if (after === undefined || before === undefined || !holdsNoCandidate(pkg, none.cause.versions)) return undefined;
    if (before.positive) return other;
    // Depended on: fold only when the explanation would write the same range either way.
    return words.required(pkg, after.set) === words.required(pkg, before.set) ? other : undefined;
  };
  const visit = (node: Incompatibility<P, S>): Incompatibility<P, S> => {
    const done = memo.get(node);
    if (done) return done;
    let out = node;
    if (node.cause.kind === 'derived') {
      const c1 = visit(node.cause.cause1);
      const c2 = visit(node.cause.cause2);
      const folded = fold(node, c1, c2) ?? fold(node, c2, c1);
      if (folded) out = folded;
      else if (c1 !== node.cause.cause1 || c2 !== node.cause.cause2) {
        out = new Incompatibility(node.id, node.terms, { kind: 'derived', cause1: c1, cause2: c2 });
      }
    }
    memo.set(node, out);
    return out;
  };
  return visit(root);
}

/** A two-sided fact: `subject` (a package range, or the caller) needs `object`. */
interface Implication<P, S> {
  /** undefined: the caller's requirements. */
  readonly subject: { readonly package: P; readonly set: S } | undefined;
  readonly object: { readonly package: P; readonly set: S };
  readonly external: boolean;
  readonly source?: string;
}

/** The sentences of the explanation. */
class Sentences<P, V, S> {
  constructor(readonly words: Wording<P, V, S>) {}

  /** An external fact: "foo==1.0 depends on bar>=2". */
  external(i: Incompatibility<P, S>): string {
    const w = this.words;
    const c = i.cause;
    switch (c.kind) {
      case 'root':
        return `your requirements${sourceNote(c.source)} depend on ${w.versions(c.package, c.versions)}`;
      case 'constraint':
        return `your constraints${sourceNote(c.source)} allow only ${w.versions(c.package, c.versions)}`;
      case 'no-versions':
        return w.isFull(c.versions)
          ? `there are no versions of ${w.name(c.package)}`
          : `no versions of ${w.name(c.package)} match ${w.context.sets.toString(c.versions)}`;
      case 'unavailable':
        return `${w.selected(c.package, c.versions)} is unavailable (${c.reason})`;
      case 'dependency':
        return `${w.subject(c.package, c.versions)} depends on ${w.versions(c.dependency, c.dependencyVersions)}`;
      case 'derived':
        return this.conclusion(i);
    }
  }

  /** What an incompatibility says, as a conclusion: "foo==1.0 cannot be used". */
  conclusion(i: Incompatibility<P, S>): string {
    const w = this.words;
    if (i.isTerminal) return 'version solving failed';
    const positives = i.terms.filter((t) => t.term.positive);
    const negatives = i.terms.filter((t) => !t.term.positive);
    const required = joinWords(
      negatives.map((t) => w.required(t.package, t.term.set)),
      'or',
    );
    if (positives.length === 0) return `your requirements require ${required}`;
    if (positives.length === 1) {
      const { package: pkg, term } = positives[0]!;
      if (negatives.length > 0) return `${w.subject(pkg, term.set)} requires ${required}`;
      const simple = w.simplify(pkg, term.set);
      return w.isFull(simple) ? `no version of ${w.name(pkg)} can be used` : `${w.versions(pkg, simple)} cannot be used`;
    }
    const subjects = joinWords(
      positives.map((t) => w.selected(t.package, t.term.set)),
      'and',
    );
    return negatives.length === 0 ? `${subjects} are incompatible` : `${subjects} together require ${required}`;
  }

  /** Two facts joined, folding the shapes pub folds; `line1`/`line2` refer back to numbered lines. */
  and(i1: Incompatibility<P, S>, i2: Incompatibility<P, S>, line1?: number, line2?: number): string {
    if (line1 === undefined && line2 === undefined) {
      const folded = this.both(i1, i2) ?? this.through(i1, i2) ?? this.through(i2, i1);
      if (folded !== undefined) return folded;
    }
    return `${this.fact(i1, line1)} and ${this.fact(i2, line2)}`;
  }

  /** A fact, external or derived; with its line number when it has one. */
  fact(i: Incompatibility<P, S>, line?: number): string {
    const text = i.isDerived ? this.conclusion(i) : this.external(i);
    return line === undefined ? text : `${text} (${line})`;
  }

  /** "foo==1 depends on both bar>=2 and baz"; "your requirements depend on both a and b". */
  private both(i1: Incompatibility<P, S>, i2: Incompatibility<P, S>): string | undefined {
    const a = this.implication(i1);
    const b = this.implication(i2);
    if (!a || !b || a.external !== b.external) return undefined;
    const w = this.words;
    if (a.subject === undefined && b.subject === undefined) {
      if (i2.id < i1.id) return this.both(i2, i1);
      const verb = a.external ? 'depend on' : 'require';
      const x = `${w.versions(a.object.package, a.object.set)}${sourceNote(a.source)}`;
      const y = `${w.versions(b.object.package, b.object.set)}${sourceNote(b.source)}`;
      return `your requirements ${verb} both ${x} and ${y}`;
    }
    if (a.subject === undefined || b.subject === undefined) return undefined;
    if (a.subject.package !== b.subject.package || !w.context.sets.equals(a.subject.set, b.subject.set)) {
      return undefined;
    }
    const verb = a.external ? 'depends on' : 'requires';
    const x = w.versions(a.object.package, a.object.set);
    const y = w.versions(b.object.package, b.object.set);
    return `${w.subject(a.subject.package, a.subject.set)} ${verb} both ${x} and ${y}`;
  }

  /** "foo depends on bar>=2 which depends on baz" when every bar>=2 depends on baz. */
  private through(i1: Incompatibility<P, S>, i2: Incompatibility<P, S>): string | undefined {
    const a = this.implication(i1);
    const b = this.implication(i2);
    if (!a || !b || b.subject === undefined) return undefined;
    const w = this.words;
    if (a.object.package !== b.subject.package || !w.covers(a.object.package, a.object.set, b.subject.set)) {
      return undefined;
    }
    const first =
      a.subject === undefined
        ? `your requirements${sourceNote(a.source)} ${a.external ? 'depend on' : 'require'}`
        : `${w.subject(a.subject.package, a.subject.set)} ${a.external ? 'depends on' : 'requires'}`;
    const middle = w.versions(a.object.package, a.object.set);
    const last = w.versions(b.object.package, b.object.set);
    return `${first} ${middle} which ${b.external ? 'depends on' : 'requires'} ${last}`;
  }

  private implication(i: Incompatibility<P, S>): Implication<P, S> | undefined {
    const c = i.cause;
    if (c.kind === 'root') {
      return {
        subject: undefined,
        object: { package: c.package, set: c.versions },
        external: true,
        ...(c.source === undefined ? {} : { source: c.source }),
      };
    }
    if (c.kind === 'dependency') {
      if (c.package === c.dependency) return undefined;
      return {
        subject: { package: c.package, set: c.versions },
        object: { package: c.dependency, set: c.dependencyVersions },
        external: true,
      };
    }
    if (c.kind !== 'derived') return undefined;
    const positives = i.terms.filter((t) => t.term.positive);
    const negatives = i.terms.filter((t) => !t.term.positive);
    if (negatives.length !== 1 || positives.length > 1) return undefined;
    const object = { package: negatives[0]!.package, set: negatives[0]!.term.set };
    const p = positives[0];
    return { subject: p === undefined ? undefined : { package: p.package, set: p.term.set }, object, external: false };
  }
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

function sourceNote(source: string | undefined): string {
  return source === undefined ? '' : ` (${source})`;
}

/** "a", "a or b", "a, b or c". */
function joinWords(items: readonly string[], conjunction: 'and' | 'or'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}
