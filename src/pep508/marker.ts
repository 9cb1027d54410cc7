/**
 * Environment markers (PEP 508): parse, evaluate against a target's MarkerEnvironment
 * and a set of extras, print in packaging's normal form, and build new markers (the
 * lock writer needs markers that select targets).
 */
import type { Location } from '../errors.js';
import type { MarkerEnvironment } from './environment.js';
import { formatMarker, MARKER_OPERATORS, type MarkerNode, type MarkerOperator, type MarkerVariableName } from './marker-ast.js';
import { evaluateNode } from './marker-evaluate.js';
import { parseMarkerExpression } from './marker-parser.js';
import { canonicalizeExtra } from './name.js';
import { Scanner } from './scanner.js';

export class Marker {
  private text: string | undefined;

  private constructor(
    /** The syntax tree. */
    readonly root: MarkerNode,
  ) {}

  /**
   * Parses a marker such as `python_version >= "3.8" and sys_platform == "linux"`.
   * Throws `RequirementError` naming the column (after `location.column`, default 1).
   */
  static parse(text: string, location?: Location): Marker {
    return parseMarkerToEnd(new Scanner(text, location, 'marker'));
  }

  /** Like `parse`, but `null` when invalid. */
  static tryParse(text: string): Marker | null {
    try {
      return Marker.parse(text);
    } catch {
      return null;
    }
  }

  /** A marker from a syntax tree (checked by printing and parsing it back). */
  static fromNode(node: MarkerNode): Marker {
    return Marker.parse(formatMarker(node));
  }

  /** `variable op "value"`, e.g. `Marker.expression('sys_platform', '==', 'linux')`. */
  static expression(variable: MarkerVariableName, op: MarkerOperator, value: string): Marker {
    if (!MARKER_OPERATORS.includes(op)) throw new RangeError(`unknown marker operator ${op}`);
    const isSet = variable === 'extras' || variable === 'dependency_groups';
    const literal = { kind: 'string', value: variable === 'extra' || isSet ? canonicalizeExtra(value) : value } as const;
    const v = { kind: 'variable', name: variable } as const;
    return Marker.fromNode(isSet ? { kind: 'compare', left: literal, op, right: v } : { kind: 'compare', left: v, op, right: literal });
  }

  /** All of the markers (as packaging's `a & b`: each operand keeps its own parentheses). */
  static and(...markers: Marker[]): Marker {
    return Marker.combine('and', markers);
  }

  /** Any of the markers (as packaging's `a | b`). */
  static or(...markers: Marker[]): Marker {
    return Marker.combine('or', markers);
  }

  private static combine(kind: 'and' | 'or', markers: Marker[]): Marker {
    if (markers.length === 0) throw new RangeError(`Marker.${kind} needs at least one marker`);
    if (markers.length === 1) return markers[0]!;
    return new Marker({ kind, items: markers.map((m) => ({ kind: 'group', inner: m.root })) });
  }

  /**
   * Evaluates the marker for a target. `extras` are the extras being asked for
   * (`extra == "x"` holds when x is one of them, names normalised). Pass
   * `dependencyGroups` (possibly empty) when evaluating a lock file (PEP 751): only then
   * are `"x" in extras` and `"x" in dependency_groups` defined. Throws
   * `RequirementError` for comparisons PEP 508 leaves undefined (`os_name ~= "posix"`).
   */
  evaluate(env: MarkerEnvironment, extras: Iterable<string> = [], dependencyGroups?: Iterable<string>): boolean {
    return evaluateNode(this.root, {
      env,
      extras: new Set([...extras].filter((e) => e !== '').map(canonicalizeExtra)),
      groups: dependencyGroups === undefined ? null : new Set([...dependencyGroups].map(canonicalizeExtra)),
    });
  }

  /** The variables the marker reads. */
  variables(): Set<MarkerVariableName> {
    const out = new Set<MarkerVariableName>();
    const walk = (n: MarkerNode): void => {
      if (n.kind === 'compare') {
        if (n.left.kind === 'variable') out.add(n.left.name);
        if (n.right.kind === 'variable') out.add(n.right.name);
      } else if (n.kind === 'group') walk(n.inner);
      else n.items.forEach(walk);
    };
    walk(this.root);
    return out;
  }

  /**
   * The same condition written plainly: nested `and`s and `or`s flattened, parentheses
   * only where `or` sits inside `and`, repeated terms dropped (first kept), and an
   * `and`/`or` of one term replaced by the term.
   */
  normalize(): Marker {
    return new Marker(simplify(this.root));
  }

  /** Same normal form (packaging's `==`). */
  equals(other: Marker): boolean {
    return this.toString() === other.toString();
  }

  /** The normal form, as packaging's `str(Marker)`. */
  toString(): string {
    if (this.text === undefined) this.text = formatMarker(this.root);
    return this.text;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** A marker from the scanner's position to the end of its text (also the tail of a requirement). */
export function parseMarkerToEnd(s: Scanner): Marker {
  const root = parseMarkerExpression(s);
  s.skipSpace();
  if (!s.done) throw s.error(`expected "and", "or" or the end of the marker, found ${s.found()}`, '"and", "or" or the end');
  return new MarkerCtor(root);
}

const MarkerCtor = Marker as unknown as new (root: MarkerNode) => Marker;

function simplify(node: MarkerNode): MarkerNode {
  switch (node.kind) {
    case 'compare':
      return node;
    case 'group':
      return simplify(node.inner);
    case 'and':
    case 'or': {
      const items: MarkerNode[] = [];
      const seen = new Set<string>();
      for (const child of node.items) {
        const s = simplify(child);
        for (const term of s.kind === node.kind ? s.items : [s]) {
          const key = formatMarker(term);
          if (seen.has(key)) continue;
          seen.add(key);
          items.push(term);
        }
      }
      return items.length === 1 ? items[0]! : { kind: node.kind, items };
    }
  }
}
