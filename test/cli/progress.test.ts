/** The one-line progress of lock (src/cli/progress.ts) on a fake stream. */
import { describe, expect, it } from 'vitest';
import { Progress } from '../../src/cli/progress.js';

function fakeStream(columns: number | undefined): NodeJS.WriteStream & { text: string } {
  const s = { text: '', columns, write(chunk: string) { s.text += chunk; return true; } };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

describe('Progress', () => {
  it('writes nothing when disabled', () => {
    const out = fakeStream(80);
    const p = new Progress(false, out);
    p.show('Resolving…');
    p.clear();
    expect(out.text).toBe('');
  });

  it('rewrites one line in place, cut to the terminal width, and erases it', () => {
    const out = fakeStream(10);
    const p = new Progress(true, out);
    p.show('Resolving 12 requirements');
    expect(out.text).toBe('\r\x1b[2KResolvin…');
    p.clear();
    expect(out.text.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('a terminal that reports 0 columns (or none) counts as 80 wide: the text is shown, not cut to nothing', () => {
    for (const columns of [0, undefined]) {
      const out = fakeStream(columns);
      new Progress(true, out).show('Resolving 12 requirements for target host…');
      expect(out.text).toBe('\r\x1b[2KResolving 12 requirements for target host…');
    }
  });
});
