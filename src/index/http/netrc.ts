/**
 * ~/.netrc, read the way pip reads it (requests' `get_netrc_auth` over Python's `netrc`):
 * the file is `$NETRC` when set, else `~/.netrc`, else `~/_netrc`; tokens are separated by
 * whitespace, may be double-quoted, and a backslash escapes the next character; `#` starts a
 * comment; entries are `machine NAME` or `default` followed by `login` (or `user`),
 * `account`, `password`; `macdef NAME` skips lines up to a blank line. A later entry for the
 * same machine replaces an earlier one. A host without an entry gets `default`. The login is
 * the `login`, or the `account` when the login is empty.
 *
 * A file that cannot be parsed is ignored (requests ignores it too); `parseNetrc` throws a
 * `ConfigError` naming the line for callers that want to report it.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../errors.js';
import type { Environment } from './options.js';

export interface NetrcEntry {
  login: string;
  account: string;
  password: string;
}

export interface Netrc {
  /** Machine name → entry. */
  machines: Map<string, NetrcEntry>;
  default?: NetrcEntry;
}

export interface BasicCredentials {
  username: string;
  password: string;
}

/**
 * A character reader with Python's netrc lexer semantics: a bare token ends at (and
 * consumes) one whitespace character; a quoted token ends at its closing quote.
 */
class NetrcLexer {
  private pos = 0;
  line = 1;
  private readonly pushed: string[] = [];

  constructor(private readonly text: string) {}

  private read(): string | undefined {
    const c = this.text[this.pos];
    if (c === undefined) return undefined;
    this.pos++;
    if (c === '\n') this.line++;
    return c;
  }

  /** The next token, '' at the end. */
  token(): string {
    const back = this.pushed.pop();
    if (back !== undefined) return back;
    let tok = '';
    for (let c = this.read(); c !== undefined; c = this.read()) {
      if (isWhitespace(c)) continue;
      if (c === '"') {
        for (let q = this.read(); q !== undefined; q = this.read()) {
          if (q === '"') return tok;
          tok += q === '\\' ? (this.read() ?? '') : q;
        }
        return tok;
      }
      tok += c === '\\' ? (this.read() ?? '') : c;
      for (let b = this.read(); b !== undefined; b = this.read()) {
        if (isWhitespace(b)) return tok;
        tok += b === '\\' ? (this.read() ?? '') : b;
      }
      return tok;
    }
    return tok;
  }

  pushBack(tok: string): void {
    this.pushed.push(tok);
  }

  /** The rest of the current line, with its newline ('' at the end of the text). */
  restOfLine(): string {
    const nl = this.text.indexOf('\n', this.pos);
    const end = nl === -1 ? this.text.length : nl + 1;
    const s = this.text.slice(this.pos, end);
    this.pos = end;
    if (nl !== -1) this.line++;
    return s;
  }
}

function isWhitespace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

export function parseNetrc(text: string, file = '.netrc'): Netrc {
  const lex = new NetrcLexer(text);
  const result: Netrc = { machines: new Map() };
  const bad = (message: string, tok: string, expected: string) =>
    new ConfigError(`${message} in ${file}`, { location: { file, line: lex.line }, text: tok, expected });
  for (;;) {
    const lineBefore = lex.line;
    const top = lex.token();
    if (top === '') break;
    if (top.startsWith('#')) {
      // A lone '#' still on its line comments out the rest of the line; '#word' is one token.
      if (top === '#' && lex.line === lineBefore) lex.restOfLine();
      continue;
    }
    let name: string | undefined;
    if (top === 'machine') name = lex.token();
    else if (top === 'default') name = undefined;
    else if (top === 'macdef') {
      lex.token();
      // The macro body runs to the first empty line.
      for (;;) {
        const l = lex.restOfLine();
        if (l === '') throw bad('macro definition without an empty line after it', top, 'an empty line ending the macdef');
        if (l === '\n') break;
      }
      continue;
    } else throw bad('bad top-level token', top, '`machine`, `default` or `macdef`');
    if (name === '') throw bad('missing machine name', top, 'machine NAME');

    const entry: NetrcEntry = { login: '', account: '', password: '' };
    for (;;) {
      const before = lex.line;
      const tok = lex.token();
      if (tok.startsWith('#')) {
        if (lex.line === before) lex.restOfLine();
        continue;
      }
      if (tok === '' || tok === 'machine' || tok === 'default' || tok === 'macdef') {
        lex.pushBack(tok);
        break;
      }
      if (tok === 'login' || tok === 'user') entry.login = lex.token();
      else if (tok === 'account') entry.account = lex.token();
      else if (tok === 'password') entry.password = lex.token();
      else throw bad('bad token', tok, '`login`, `account` or `password`');
    }
    // Like Python's netrc, a later entry for the same machine replaces an earlier one.
    if (name === undefined) result.default = entry;
    else result.machines.set(name, entry);
  }
  return result;
}

/** The credentials netrc gives `host` (a host name, no port), or undefined. */
export function netrcCredentials(netrc: Netrc, host: string): BasicCredentials | undefined {
  const entry = netrc.machines.get(host) ?? netrc.default;
  if (entry === undefined) return undefined;
  return { username: entry.login !== '' ? entry.login : entry.account, password: entry.password };
}

/** The netrc file pip would read, or undefined when there is none. */
export function netrcPath(env: Environment, override?: string): string | undefined {
  if (override !== undefined) return override;
  const fromEnv = env['NETRC'];
  if (fromEnv !== undefined) return existsSync(fromEnv) ? fromEnv : undefined;
  const home = env['HOME'] ?? os.homedir();
  for (const name of ['.netrc', '_netrc']) {
    const p = path.join(home, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** Reads and parses a netrc file; undefined when absent, unreadable or invalid (as requests does). */
export function loadNetrc(file: string | undefined, log?: (line: string) => void): Netrc | undefined {
  if (file === undefined) return undefined;
  try {
    return parseNetrc(readFileSync(file, 'utf8'), file);
  } catch (err) {
    log?.(`netrc ${file} ignored: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}
