import { describe, expect, it } from 'vitest';
import { commentStart, logicalLines } from '../../src/requirements-txt/logical-lines.js';

function view(content: string, env: Record<string, string> = {}) {
  return logicalLines(content, env).map((l) => ({
    text: l.text.text,
    lineNumber: l.lineNumber,
    positions: Array.from({ length: l.text.length }, (_, i) => {
      const p = l.text.positionAt(i);
      return `${p.line}:${p.column}`;
    }),
  }));
}

describe('logical lines', () => {
  it('finds comments only at the start or after whitespace', () => {
    expect(commentStart('# x')).toBe(0);
    expect(commentStart('foo  # x')).toBe(3);
    expect(commentStart('foo#x # y')).toBe(5);
    expect(commentStart('https://h/p#egg=x')).toBe(-1);
    expect(commentStart('a\t#b')).toBe(1);
  });

  it('maps every character of a joined line to its physical place', () => {
    const [line] = view('foo \\\n  >=1 \\\n,<2 # c\n');
    expect(line?.text).toBe('foo   >=1 ,<2');
    expect(line?.lineNumber).toBe(1);
    // "foo " on line 1, "  >=1 " on line 2, ",<2" on line 3.
    expect(line?.positions).toEqual(['1:1', '1:2', '1:3', '1:4', '2:1', '2:2', '2:3', '2:4', '2:5', '2:6', '3:1', '3:2', '3:3']);
  });

  it('strips backslashes only at the ends of a continued line, keeping columns', () => {
    const [line] = view('\\\\x\\\\\ny\n');
    expect(line?.text).toBe('xy');
    expect(line?.positions).toEqual(['1:3', '2:1']);
    expect(view('  \\x\\\ny\n')[0]?.text).toBe('\\xy');
  });

  it('maps expanded variables to where ${ was, and the rest stays in place', () => {
    const [line] = view('${WHRT_A}==${WHRT_B} x', { WHRT_A: 'pkg', WHRT_B: '1.0' });
    expect(line?.text).toBe('pkg==1.0 x');
    expect(line?.positions).toEqual(['1:1', '1:1', '1:1', '1:10', '1:11', '1:12', '1:12', '1:12', '1:21', '1:22']);
  });

  it('leaves unset, empty and lowercase variables as written', () => {
    expect(view('${WHRT_UNSET} ${WHRT_EMPTY} ${lower}', { WHRT_EMPTY: '' })[0]?.text).toBe('${WHRT_UNSET} ${WHRT_EMPTY} ${lower}');
  });

  it('expands after comments are stripped: a # in a value is kept', () => {
    expect(view('x${WHRT_V} # c', { WHRT_V: ' #y' })[0]?.text).toBe('x #y');
  });

  it('drops blank and comment-only lines, numbering the rest by physical line', () => {
    expect(view('\n# c\n  \nfoo\r\n\nbar').map((l) => [l.text, l.lineNumber])).toEqual([
      ['foo', 4],
      ['bar', 6],
    ]);
  });

  it('ends a continuation at a comment line, and at the end of the file', () => {
    expect(view('a \\\n# c\nb \\').map((l) => [l.text, l.lineNumber])).toEqual([
      ['a', 1],
      ['b', 3],
    ]);
  });
});
