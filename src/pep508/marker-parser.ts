/**
 * The marker grammar (PEP 508 "Grammar": marker_or / marker_and / marker_expr), with the
 * tokens packaging 26 accepts: legacy variable spellings (`os.name`, `sys.platform`,
 * `platform.version`, `platform.machine`, `platform.python_implementation`,
 * `python_implementation`), `and`/`or`/`in`/`not in` as whole words, Python string
 * literals. `and` binds tighter than `or`; parentheses are kept as groups.
 *
 * Stricter than packaging on purpose (test/pep508/deviations.ts): a comparison must
 * have one variable and one string, and `extras`/`dependency_groups` may only appear
 * as `"name" in extras`; packaging accepts these and fails or misbehaves on evaluation.
 */
import { canonicalizeExtra } from './name.js';
import { SET_VARIABLES, type MarkerNode, type MarkerOperator, type MarkerValue, type MarkerVariableName } from './marker-ast.js';
import { decodePythonString } from './python-string.js';
import type { Scanner } from './scanner.js';

/** Every spelling of a variable, and the name it stands for. */
const VARIABLE_SPELLINGS: readonly (readonly [string, MarkerVariableName])[] = [
  ['python_version', 'python_version'],
  ['python_full_version', 'python_full_version'],
  ['os_name', 'os_name'],
  ['os.name', 'os_name'],
  ['sys_platform', 'sys_platform'],
  ['sys.platform', 'sys_platform'],
  ['platform_release', 'platform_release'],
  ['platform_system', 'platform_system'],
  ['platform_version', 'platform_version'],
  ['platform.version', 'platform_version'],
  ['platform_machine', 'platform_machine'],
  ['platform.machine', 'platform_machine'],
  ['platform_python_implementation', 'platform_python_implementation'],
  ['platform.python_implementation', 'platform_python_implementation'],
  ['python_implementation', 'platform_python_implementation'],
  ['implementation_name', 'implementation_name'],
  ['implementation_version', 'implementation_version'],
  ['extra', 'extra'],
  ['extras', 'extras'],
  ['dependency_groups', 'dependency_groups'],
];

const OPERATORS: readonly MarkerOperator[] = ['===', '==', '~=', '!=', '<=', '>=', '<', '>'];
const OPERATOR_EXPECTED = 'a marker operator: ==, !=, <, <=, >, >=, ~=, ===, in or not in';
const VALUE_EXPECTED = 'a marker variable (python_version, sys_platform, extra, ...) or a quoted string';

/** `marker` at the scanner's position; stops before anything that is not `and`/`or` and another atom. */
export function parseMarkerExpression(s: Scanner): MarkerNode {
  const atoms: MarkerNode[] = [parseAtom(s)];
  const ops: ('and' | 'or')[] = [];
  for (;;) {
    const op = s.atWord('and') ? 'and' : s.atWord('or') ? 'or' : null;
    if (op === null) break;
    s.pos += op.length;
    ops.push(op);
    atoms.push(parseAtom(s));
  }
  const alternatives: MarkerNode[] = [];
  let conjunction: MarkerNode[] = [atoms[0]!];
  ops.forEach((op, i) => {
    if (op === 'and') conjunction.push(atoms[i + 1]!);
    else {
      alternatives.push(conjunction.length === 1 ? conjunction[0]! : { kind: 'and', items: conjunction });
      conjunction = [atoms[i + 1]!];
    }
  });
  alternatives.push(conjunction.length === 1 ? conjunction[0]! : { kind: 'and', items: conjunction });
  return alternatives.length === 1 ? alternatives[0]! : { kind: 'or', items: alternatives };
}

function parseAtom(s: Scanner): MarkerNode {
  s.skipSpace();
  let node: MarkerNode;
  if (s.peek() === '(') {
    const open = s.pos;
    s.pos++;
    s.skipSpace();
    const inner = parseMarkerExpression(s);
    s.skipSpace();
    if (!s.eat(')')) {
      throw s.error(`expected ")" to close the "(" at column ${s.column(open)}, found ${s.found()}`, '")", "and" or "or"');
    }
    node = { kind: 'group', inner };
  } else {
    node = parseComparison(s);
  }
  s.skipSpace();
  return node;
}

function parseComparison(s: Scanner): MarkerNode {
  const start = s.pos;
  const left = parseValue(s);
  s.skipSpace();
  const opAt = s.pos;
  const op = parseOperator(s);
  s.skipSpace();
  const right = parseValue(s);
  if ((left.kind === 'variable') === (right.kind === 'variable')) {
    throw s.error(
      left.kind === 'variable' ? 'a comparison between two variables' : 'a comparison between two strings',
      'a variable compared with a quoted string, e.g. python_version >= "3.8"',
      start,
    );
  }
  const variable = left.kind === 'variable' ? left.name : (right as Extract<MarkerValue, { kind: 'variable' }>).name;
  if (SET_VARIABLES.has(variable) && (right.kind !== 'variable' || (op !== 'in' && op !== 'not in'))) {
    throw s.error(`${variable} is a set of names and can only be tested with "name" in ${variable}`, `"name" in ${variable} or "name" not in ${variable}`, opAt);
  }
  // PEP 685: extra names compare normalised; packaging normalises them as it parses.
  const normalise = (v: MarkerValue): MarkerValue => (v.kind === 'string' ? { kind: 'string', value: canonicalizeExtra(v.value) } : v);
  if (variable === 'extra' || SET_VARIABLES.has(variable)) return { kind: 'compare', left: normalise(left), op, right: normalise(right) };
  return { kind: 'compare', left, op, right };
}

function parseValue(s: Scanner): MarkerValue {
  const q = s.peek();
  if (q === '"' || q === "'") {
    const start = s.pos;
    const end = s.source.indexOf(q, start + 1);
    if (end === -1) throw s.error(`the string starting here has no closing ${q}`, `a closing ${q}`, start);
    const decoded = decodePythonString(s.source.slice(start + 1, end));
    if ('error' in decoded) throw s.error(`invalid quoted string: ${decoded.error}`, 'a string without line breaks or incomplete escapes', start + 1 + decoded.offset);
    s.pos = end + 1;
    return { kind: 'string', value: decoded.value };
  }
  for (const [spelling, name] of VARIABLE_SPELLINGS) {
    if (s.atWord(spelling)) {
      s.pos += spelling.length;
      return { kind: 'variable', name };
    }
  }
  throw s.error(`expected a marker variable or a quoted string, found ${s.found()}`, VALUE_EXPECTED);
}

function parseOperator(s: Scanner): MarkerOperator {
  if (s.atWord('in')) {
    s.pos += 2;
    return 'in';
  }
  if (s.atWord('not')) {
    s.pos += 3;
    if (!s.skipSpace()) throw s.error(`expected whitespace after "not", found ${s.found()}`, '"not in"');
    if (!s.atWord('in')) throw s.error(`expected "in" after "not", found ${s.found()}`, '"not in"');
    s.pos += 2;
    return 'not in';
  }
  for (const op of OPERATORS) if (s.eat(op)) return op;
  throw s.error(`expected a marker operator, found ${s.found()}`, OPERATOR_EXPECTED);
}
