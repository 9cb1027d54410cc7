/** The download progress display (src/cli/download-progress.ts) on a fake stream. */
import { describe, expect, it } from 'vitest';
import { DownloadProgressDisplay, formatBytes } from '../../src/cli/download-progress.js';

function fakeStream(columns = 100): NodeJS.WriteStream & { text: string } {
  const s = { text: '', columns, write(chunk: string) { s.text += chunk; return true; } };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

describe('DownloadProgressDisplay', () => {
  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 kB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
  });

  it('without a terminal: one plain line per finished file, no escape codes', () => {
    const out = fakeStream();
    const p = new DownloadProgressDisplay('lines', out);
    p.onProgress({ kind: 'plan', files: 2, bytes: 10 });
    p.onProgress({ kind: 'start', filename: 'a-1.0-py3-none-any.whl', size: 5 });
    p.onProgress({ kind: 'bytes', filename: 'a-1.0-py3-none-any.whl', received: 5, size: 5 });
    p.onProgress({ kind: 'done', filename: 'a-1.0-py3-none-any.whl', status: 'downloaded' });
    p.onProgress({ kind: 'done', filename: 'b-1.0.tar.gz', status: 'present' });
    p.erase();
    expect(out.text).toBe('downloaded a-1.0-py3-none-any.whl\npresent b-1.0.tar.gz\n');
  });

  it('on a terminal: a status line and a bar per large file, erased at the end', () => {
    const out = fakeStream();
    const p = new DownloadProgressDisplay('tty', out);
    p.onProgress({ kind: 'plan', files: 1, bytes: 8 * 1024 * 1024 });
    p.onProgress({ kind: 'start', filename: 'big-1.0-py3-none-any.whl', size: 8 * 1024 * 1024 });
    p.onProgress({ kind: 'plan', files: 0, bytes: 0 });
    p.onProgress({ kind: 'bytes', filename: 'big-1.0-py3-none-any.whl', received: 4 * 1024 * 1024, size: 8 * 1024 * 1024 });
    p.onProgress({ kind: 'plan', files: 0, bytes: 0 });
    expect(out.text).toContain('Downloading: 0/1 files');
    expect(out.text).toMatch(/\[#{12}-{12}\] 4\.0 MB\/8\.0 MB big-1\.0-py3-none-any\.whl/);
    p.onProgress({ kind: 'done', filename: 'big-1.0-py3-none-any.whl', status: 'downloaded' });
    expect(out.text).toContain('Downloading: 1/1 files');
    const before = out.text.length;
    p.erase();
    expect(out.text.slice(before)).toBe('\r\x1b[2K');
  });

  it('a resumed file counts only the bytes of this run', () => {
    const out = fakeStream();
    const p = new DownloadProgressDisplay('tty', out);
    p.onProgress({ kind: 'plan', files: 2, bytes: 0 });
    p.onProgress({ kind: 'start', filename: 'big.whl', size: 8 * 1024 * 1024, offset: 6 * 1024 * 1024 });
    p.onProgress({ kind: 'bytes', filename: 'big.whl', received: 7 * 1024 * 1024, size: 8 * 1024 * 1024 });
    p.onProgress({ kind: 'done', filename: 'big.whl', status: 'resumed' });
    p.onProgress({ kind: 'done', filename: 'small.whl', status: 'present' });
    expect(out.text).toContain('Downloading: 2/2 files, 1.0 MB');
  });

  it('quiet: nothing at all', () => {
    const out = fakeStream();
    const p = new DownloadProgressDisplay('quiet', out);
    p.onProgress({ kind: 'plan', files: 1, bytes: 1 });
    p.onProgress({ kind: 'done', filename: 'x', status: 'downloaded' });
    p.status('Resolving…');
    p.erase();
    expect(out.text).toBe('');
  });
});
