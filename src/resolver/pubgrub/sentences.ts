/**
 * The words of an explanation: external facts ("foo==1.0 depends on bar>=2"), derived
 * conclusions ("foo==1.0 cannot be used"), and two facts joined the way pub joins them
 * ("foo depends on bar which depends on baz", "your requirements depend on both a and b").
 */
import type { Incompatibility } from './incompatibility.js';
import type { Wording } from './wording.js';

/** A two-sided fact: `subject` (a package range, or the caller) needs `object`. */
interface Implication<P, S> {
  /** undefined: the caller's requirements. */
  readonly subject: { readonly package: P; readonly set: S } | undefined;
  readonly object: { readonly package: P; readonly set: S };
  readonly external: boolean;
  readonly source?: string;
}

/** The sentences of the explanation. */
export class Sentences<P, V, S> {
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
      const x = `${this.object(a)}${sourceNote(a.source)}`;
      const y = `${this.object(b)}${sourceNote(b.source)}`;
      return `your requirements ${verb} both ${x} and ${y}`;
    }
    if (a.subject === undefined || b.subject === undefined) return undefined;
    if (a.subject.package !== b.subject.package || !w.context.sets.equals(a.subject.set, b.subject.set)) {
      return undefined;
    }
    const verb = a.external ? 'depends on' : 'requires';
    const x = this.object(a);
    const y = this.object(b);
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
    const middle = this.object(a);
    const last = this.object(b);
    return `${first} ${middle} which ${b.external ? 'depends on' : 'requires'} ${last}`;
  }

  /** What is needed, as the fact states it (external) or as a conclusion writes it. */
  private object(f: Implication<P, S>): string {
    const w = this.words;
    return f.external ? w.versions(f.object.package, f.object.set) : w.required(f.object.package, f.object.set);
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

function sourceNote(source: string | undefined): string {
  return source === undefined ? '' : ` (${source})`;
}

/** "a", "a or b", "a, b or c". */
function joinWords(items: readonly string[], conjunction: 'and' | 'or'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}
