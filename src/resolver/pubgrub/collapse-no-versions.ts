/**
 * A simplification of the derivation graph before it is put into words.
 */
import { Incompatibility } from './incompatibility.js';
import type { Wording } from './wording.js';

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
