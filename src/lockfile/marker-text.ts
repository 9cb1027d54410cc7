/**
 * A syntax check of PEP 508 environment markers and of version specifiers, for text the
 * lockfile readers accept and the writers write. A stopgap until src/pep508 (`Marker.parse`)
 * and src/pep440 (`SpecifierSet.parse`) are merged: the lead should replace
 * `checkMarkerText` and `checkSpecifierText` with them. The check follows PEP 508's
 * grammar (`marker_or`, `marker_and`, `marker_expr`); it does not evaluate.
 */
import { MARKER_VARIABLES } from '../pep508/environment.js';
import { isVersionText } from './version-text.js';

/** Variables only pylock.toml markers may use (PEP 751: sets of names). */
const LOCK_FILE_VARIABLES = ['extras', 'dependency_groups'];
/** Spellings packaging still accepts for compatibility (PEP 345's dotted names). */
const LEGACY_VARIABLES = ['os.name', 'sys.platform', 'platform.version', 'platform.machine', 'platform.python_implementation', 'python_implementation'];
const OPERATORS = ['===', '==', '!=', '<=', '>=', '~=', '<', '>'];

export interface TextProblem {
  message: string;
  /** 0-based offset of the problem in the text. */
  offset: number;
  expected: string;
}

type Token = { kind: 'open' | 'close' | 'op' | 'and' | 'or' | 'string' | 'variable'; text: string; offset: number };

function tokenize(text: string, variables: readonly string[]): Token[] | TextProblem {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch === '(' ? 'open' : 'close', text: ch, offset: i });
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const end = text.indexOf(ch, i + 1);
      if (end === -1) return { message: 'unterminated string', offset: i, expected: `a closing ${ch}` };
      tokens.push({ kind: 'string', text: text.slice(i, end + 1), offset: i });
      i = end + 1;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, offset: i });
      i += op.length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i))?.[0];
    if (word === undefined) return { message: `unexpected ${JSON.stringify(ch)}`, offset: i, expected: 'a marker variable, a quoted string, an operator, "and", "or" or parentheses' };
    if (word === 'and' || word === 'or') tokens.push({ kind: word, text: word, offset: i });
    else if (word === 'in') tokens.push({ kind: 'op', text: 'in', offset: i });
    else if (word === 'not' && /^not\s+in\b/.test(text.slice(i))) {
      const m = /^not\s+in/.exec(text.slice(i))?.[0] as string;
      tokens.push({ kind: 'op', text: 'not in', offset: i });
      i += m.length;
      continue;
    } else if (variables.includes(word)) tokens.push({ kind: 'variable', text: word, offset: i });
    else return { message: `unknown marker variable ${JSON.stringify(word)}`, offset: i, expected: `one of ${variables.join(', ')}` };
    i += word.length;
  }
  return tokens;
}

class MarkerChecker {
  private at = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private fail(expected: string): TextProblem {
    const t = this.peek();
    return { message: t ? `unexpected ${JSON.stringify(t.text)}` : 'the marker ends too early', offset: t?.offset ?? this.length, expected };
  }

  check(): TextProblem | undefined {
    if (this.tokens.length === 0) return { message: 'empty marker', offset: 0, expected: 'a marker such as sys_platform == "linux"' };
    const problem = this.or();
    if (problem) return problem;
    return this.peek() ? this.fail('"and", "or" or the end of the marker') : undefined;
  }

  private or(): TextProblem | undefined {
    for (;;) {
      const problem = this.and();
      if (problem) return problem;
      if (this.peek()?.kind !== 'or') return undefined;
      this.at++;
    }
  }

  private and(): TextProblem | undefined {
    for (;;) {
      const problem = this.expr();
      if (problem) return problem;
      if (this.peek()?.kind !== 'and') return undefined;
      this.at++;
    }
  }

  private expr(): TextProblem | undefined {
    if (this.peek()?.kind === 'open') {
      this.at++;
      const problem = this.or();
      if (problem) return problem;
      if (this.peek()?.kind !== 'close') return this.fail('")"');
      this.at++;
      return undefined;
    }
    if (!this.value()) return this.fail('a marker variable or a quoted string');
    if (this.peek()?.kind !== 'op') return this.fail(`a comparison operator (${[...OPERATORS, 'in', 'not in'].join(' ')})`);
    this.at++;
    // PEP 508's grammar allows two strings ('"a" == "b"'), and packaging parses them.
    if (!this.value()) return this.fail('a marker variable or a quoted string');
    return undefined;
  }

  private value(): Token | undefined {
    const t = this.peek();
    if (t?.kind !== 'string' && t?.kind !== 'variable') return undefined;
    this.at++;
    return t;
  }
}

/**
 * Undefined when `text` is a PEP 508 marker; else what is wrong. `lockFile` allows the
 * `extras` and `dependency_groups` variables PEP 751 allows in pylock.toml markers.
 */
export function checkMarkerText(text: string, options: { lockFile?: boolean } = {}): TextProblem | undefined {
  const variables = [...MARKER_VARIABLES, ...LEGACY_VARIABLES, ...(options.lockFile ? LOCK_FILE_VARIABLES : [])];
  const tokens = tokenize(text, variables);
  if (!Array.isArray(tokens)) return tokens;
  return new MarkerChecker(tokens, text.length).check();
}

function specifierVersionValid(op: string, version: string): boolean {
  if (op === '===') return true;
  if (version.endsWith('.*')) return (op === '==' || op === '!=') && !version.includes('+') && isVersionText(version.slice(0, -2));
  if (!isVersionText(version)) return false;
  // PEP 440: local versions only with == and != ("Version matching", "Exclusion").
  if (version.includes('+') && op !== '==' && op !== '!=') return false;
  // "~=" needs at least two release numbers (PEP 440, "Compatible release").
  return op !== '~=' || /^\s*v?(?:[0-9]+!)?[0-9]+\.[0-9]/i.test(version);
}

/** Undefined when `text` is a PEP 440 specifier set (possibly empty), e.g. ">=3.9,<4"; else what is wrong. */
export function checkSpecifierText(text: string): TextProblem | undefined {
  if (text.trim() === '') return undefined;
  let offset = 0;
  for (const part of text.split(',')) {
    // packaging skips empty parts (">=3.8," is ">=3.8").
    if (part.trim() === '') {
      offset += part.length + 1;
      continue;
    }
    const m = /^\s*(~=|===|==|!=|<=|>=|<|>)\s*(\S+?)\s*$/.exec(part);
    const expected = 'comma-separated specifiers such as ">=3.9", "!=3.10.*", "~=3.11"';
    if (!m) return { message: `${JSON.stringify(part.trim())} is not a version specifier`, offset, expected };
    const [, op, version] = m as unknown as [string, string, string];
    if (!specifierVersionValid(op, version)) {
      return { message: `${JSON.stringify(part.trim())} is not a valid version specifier`, offset, expected };
    }
    offset += part.length + 1;
  }
  return undefined;
}
