/**
 * The marker syntax tree (PEP 508 "Environment Markers") and its normal form, which is
 * packaging's `str(Marker)`: one space around operators, strings in double quotes (single
 * when the value holds `"`), legacy variable spellings replaced, and parentheses kept
 * where the text had them around more than one comparison.
 */
import type { MarkerVariable } from './environment.js';
import { quoteMarkerString } from './python-string.js';

/** Every variable a marker may name: PEP 508's, and the lock-file sets `extras` and `dependency_groups` (PEP 751). */
export type MarkerVariableName = MarkerVariable | 'extras' | 'dependency_groups';

export type MarkerOperator = '==' | '!=' | '<=' | '>=' | '<' | '>' | '~=' | '===' | 'in' | 'not in';

export const MARKER_OPERATORS: readonly MarkerOperator[] = ['==', '!=', '<=', '>=', '<', '>', '~=', '===', 'in', 'not in'];

export type MarkerValue =
  | { readonly kind: 'variable'; readonly name: MarkerVariableName }
  | { readonly kind: 'string'; readonly value: string };

export type MarkerNode =
  /** `left op right`: one side a variable, the other a string. */
  | { readonly kind: 'compare'; readonly left: MarkerValue; readonly op: MarkerOperator; readonly right: MarkerValue }
  | { readonly kind: 'and'; readonly items: readonly MarkerNode[] }
  | { readonly kind: 'or'; readonly items: readonly MarkerNode[] }
  /** Parentheses as written (or as `Marker.and`/`Marker.or` put them). */
  | { readonly kind: 'group'; readonly inner: MarkerNode };

/** Variables whose values are versions: compared with PEP 440 rules when both sides parse. */
export const VERSION_VARIABLES: ReadonlySet<string> = new Set(['python_version', 'python_full_version', 'implementation_version', 'platform_release']);

/** Variables holding a set of names, usable only as `"name" in variable`. */
export const SET_VARIABLES: ReadonlySet<string> = new Set(['extras', 'dependency_groups']);

function formatValue(v: MarkerValue): string {
  return v.kind === 'variable' ? v.name : quoteMarkerString(v.value);
}

/** The normal form of a node; `top` is false inside an enclosing expression. */
export function formatMarker(node: MarkerNode, top = true): string {
  switch (node.kind) {
    case 'compare':
      return `${formatValue(node.left)} ${node.op} ${formatValue(node.right)}`;
    case 'group': {
      const inner = node.inner;
      if (inner.kind === 'compare' || inner.kind === 'group') return formatMarker(inner, top);
      return top ? formatMarker(inner, true) : `(${formatMarker(inner, true)})`;
    }
    case 'and':
      // An `or` directly inside an `and` (only built by hand) needs its parentheses.
      return node.items.map((i) => (i.kind === 'or' ? `(${formatMarker(i, true)})` : formatMarker(i, false))).join(' and ');
    case 'or':
      return node.items.map((i) => formatMarker(i, false)).join(' or ');
  }
}
