import { describe, expect, it } from 'vitest';
import { eggFragment, isArchiveName, isUrl, linkFilename, pathToUrl, splitExtension, splitUrl, vcsRevision } from '../../src/requirements-txt/links.js';

describe('links as pip reads them', () => {
  it('knows which texts are URLs (pip is_url)', () => {
    expect(['https://x', 'HTTP://x', 'file:/x', 'ftp://x', 'git+ssh://x', 'hg+static-http://x'].map(isUrl)).toEqual([true, true, true, true, true, true]);
    expect(['git://x', 'foo @ https://x', './x', 'c:/x', 'foo'].map(isUrl)).toEqual([false, false, false, false, false]);
  });

  it('splits URLs as urlsplit', () => {
    expect(splitUrl('git+https://u@github.com/x/y@v1?q=1#egg=z')).toEqual({ scheme: 'git+https', netloc: 'u@github.com', path: '/x/y@v1', query: 'q=1', fragment: 'egg=z' });
    expect(splitUrl('file:../x.whl')).toEqual({ scheme: 'file', netloc: '', path: '../x.whl', query: '', fragment: '' });
  });

  it('finds file names, extensions, fragments and revisions', () => {
    expect(linkFilename('https://h/a/b%20c-1.0.tar.gz?x#y')).toBe('b c-1.0.tar.gz');
    expect(linkFilename('https://u:p@h.example/')).toBe('h.example');
    expect(splitExtension('a/b.tar.gz')).toEqual(['a/b', '.tar.gz']);
    expect(splitExtension('.bashrc')).toEqual(['.bashrc', '']);
    expect(isArchiveName('/x/y.TAR.GZ')).toBe(true);
    expect(isArchiveName('/x/y.txt')).toBe(false);
    expect(eggFragment('https://h/x?a=1&egg=foo&b=2')).toBe('foo');
    expect(vcsRevision('git+https://h/r.git@feature/x#egg=r')).toBe('feature/x');
    expect(vcsRevision('git+ssh://git@h/r.git')).toBeUndefined();
    expect(vcsRevision('git+https://h/r.git@')).toBe('');
  });

  it('quotes paths in file: URLs as Python pathname2url', () => {
    expect(pathToUrl('a b/c+d@e', '/base')).toBe('file:///base/a%20b/c%2Bd%40e');
    expect(pathToUrl('/x/../y/é', '/base')).toBe('file:///y/%C3%A9');
  });
});
