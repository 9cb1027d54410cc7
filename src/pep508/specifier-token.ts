/**
 * The extent of one version specifier inside a requirement (`>= 1.0` in `foo >= 1.0, <2`),
 * matched exactly as packaging 26's specifier pattern matches at a position: the longest
 * operator, optional whitespace, then the version shape that operator allows.
 */
import { operatorAt } from '../pep440/specifier.js';
import { isPythonSpace, skipPythonSpace } from '../util/python-text.js';

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isSep = (c: string | undefined) => c === '-' || c === '_' || c === '.';
const isAlnum = (c: string | undefined) => c !== undefined && /^[A-Za-z0-9]$/.test(c);

function digits(src: string, i: number): number {
  while (isDigit(src[i])) i++;
  return i;
}

/** `[-_.]? keyword [-_.]? [0-9]*` at `i` (keywords tried in order, case-insensitive), or -1. */
function letterPart(src: string, i: number, keywords: readonly string[]): number {
  let j = isSep(src[i]) ? i + 1 : i;
  const word = keywords.find((k) => src.slice(j, j + k.length).toLowerCase() === k);
  if (word === undefined) return -1;
  j += word.length;
  if (isSep(src[j])) j++;
  return digits(src, j);
}

/** End offset of the specifier starting at `start`, or -1 when none starts there. */
export function matchSpecifier(src: string, start: number): number {
  const op = operatorAt(src, start);
  if (op === null) return -1;
  let i = skipPythonSpace(src, start + op.length);
  if (op === '===') {
    while (i < src.length && src[i] !== ';' && src[i] !== ')' && !isPythonSpace(src.charCodeAt(i))) i++;
    return i;
  }
  if (src[i] === 'v' || src[i] === 'V') i++;
  let j = digits(src, i);
  if (j > i && src[j] === '!') i = j + 1;
  j = digits(src, i);
  if (j === i) return -1;
  i = j;
  let parts = 1;
  while (src[i] === '.' && isDigit(src[i + 1])) {
    i = digits(src, i + 1);
    parts++;
  }
  if (op === '~=' && parts < 2) return -1;
  const equality = op === '==' || op === '!=';
  if (equality && src.startsWith('.*', i)) return i + 2;
  j = letterPart(src, i, ['alpha', 'beta', 'preview', 'pre', 'a', 'b', 'c', 'rc']);
  if (j !== -1) i = j;
  if (src[i] === '-' && isDigit(src[i + 1])) i = digits(src, i + 1);
  else {
    j = letterPart(src, i, ['post', 'rev', 'r']);
    if (j !== -1) i = j;
  }
  j = letterPart(src, i, ['dev']);
  if (j !== -1) i = j;
  if (equality && src[i] === '+' && isAlnum(src[i + 1])) {
    i++;
    for (;;) {
      while (isAlnum(src[i])) i++;
      if (isSep(src[i]) && isAlnum(src[i + 1])) i++;
      else break;
    }
  }
  return i;
}
