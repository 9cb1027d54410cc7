/**
 * Marker evaluation (PEP 508 "Environment Markers", as today's spec and packaging 26
 * define it):
 *
 * - `python_version`, `python_full_version`, `implementation_version`, `platform_release`
 *   compare as PEP 440 versions when `op + right-hand value` is a valid specifier
 *   (pre-releases included: `python_full_version >= "3.13"` holds on 3.13.0rc1);
 * - otherwise `==`/`!=` compare strings, `in`/`not in` test substrings, `<=`/`>=` mean
 *   equality and `<`/`>` are false; `~=` and `===` on strings are errors;
 * - `extra == "x"` holds when x is one of the extras being evaluated (`!=` when it is
 *   not), both sides normalised (PEP 685); with no extras, `extra` is the empty string;
 * - `"x" in extras` / `"x" in dependency_groups` test the lock-file sets (PEP 751).
 */
import { RequirementError } from '../errors.js';
import { Specifier } from '../pep440/specifier.js';
import type { MarkerEnvironment } from './environment.js';
import { formatMarker, SET_VARIABLES, VERSION_VARIABLES, type MarkerNode, type MarkerOperator } from './marker-ast.js';
import { canonicalizeExtra } from './name.js';

export interface MarkerContext {
  env: MarkerEnvironment;
  /** Normalised extras being evaluated. */
  extras: ReadonlySet<string>;
  /** Normalised dependency groups; null outside a lock file, where `extras` and `dependency_groups` are undefined. */
  groups: ReadonlySet<string> | null;
}

export function evaluateNode(node: MarkerNode, ctx: MarkerContext): boolean {
  switch (node.kind) {
    case 'compare':
      return evaluateComparison(node, ctx);
    case 'group':
      return evaluateNode(node.inner, ctx);
    case 'and':
    case 'or': {
      // Every term is evaluated (no short-circuit), as packaging does: a comparison that
      // cannot be evaluated is an error wherever it sits.
      let all = true;
      let any = false;
      for (const item of node.items) {
        const r = evaluateNode(item, ctx);
        all &&= r;
        any ||= r;
      }
      return node.kind === 'and' ? all : any;
    }
  }
}

type Compare = Extract<MarkerNode, { kind: 'compare' }>;

function evaluateComparison(node: Compare, ctx: MarkerContext): boolean {
  const { left, op, right } = node;
  const variable = left.kind === 'variable' ? left.name : right.kind === 'variable' ? right.name : null;
  if (variable === null || left.kind === right.kind) throw undefinedComparison(node, 'it compares two strings or two variables');
  const literal = left.kind === 'string' ? left.value : (right as { value: string }).value;

  if (SET_VARIABLES.has(variable)) {
    if (ctx.groups === null) {
      throw new RequirementError(`${variable} is only defined when evaluating a lock file (PEP 751)`, {
        text: formatMarker(node),
        expected: 'dependency groups passed to Marker.evaluate (an empty list for none)',
      });
    }
    const set = variable === 'extras' ? ctx.extras : ctx.groups;
    const member = set.has(canonicalizeExtra(literal));
    return op === 'in' ? member : !member;
  }

  if (variable === 'extra') {
    // One comparison per extra; `!=` and `not in` are the negations, so that
    // `not (extra == "x")` and `extra != "x"` always agree.
    const values = ctx.extras.size === 0 ? [''] : [...ctx.extras];
    const holds = (o: MarkerOperator) =>
      values.some((e) => compareStrings(node, o, left.kind === 'variable' ? e : literal, left.kind === 'variable' ? literal : e));
    if (op === '!=') return !holds('==');
    if (op === 'not in') return !holds('in');
    return holds(op);
  }

  let value = (ctx.env as unknown as Record<string, unknown>)[variable];
  if (typeof value !== 'string') {
    throw new RequirementError(`the marker environment has no value for ${variable}`, {
      text: formatMarker(node),
      expected: `a MarkerEnvironment with ${variable}`,
    });
  }
  // An interpreter built from an untagged checkout reports e.g. "3.13.0+"; packaging repairs it.
  if (variable === 'python_full_version' && value.endsWith('+')) value += 'local';
  const lhs = left.kind === 'variable' ? value : literal;
  const rhs = left.kind === 'variable' ? literal : value;
  if (VERSION_VARIABLES.has(variable)) {
    const spec = Specifier.tryParse(op + rhs);
    if (spec !== null) return spec.contains(lhs, { prereleases: true });
  }
  return compareStrings(node, op, lhs, rhs);
}

function compareStrings(node: Compare, op: MarkerOperator, lhs: string, rhs: string): boolean {
  switch (op) {
    case '==':
    case '<=':
    case '>=':
      return lhs === rhs;
    case '!=':
      return lhs !== rhs;
    case '<':
    case '>':
      return false;
    case 'in':
      return rhs.includes(lhs);
    case 'not in':
      return !rhs.includes(lhs);
    case '~=':
    case '===':
      throw undefinedComparison(node, `${op} needs PEP 440 versions on both sides`);
  }
}

function undefinedComparison(node: Compare, why: string): RequirementError {
  return new RequirementError(`cannot evaluate the marker ${JSON.stringify(formatMarker(node))}: ${why}`, {
    text: formatMarker(node),
    expected: 'a comparison PEP 508 defines, e.g. python_version >= "3.8" or sys_platform == "linux"',
  });
}
