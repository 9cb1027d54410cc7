import { describe, expect, it } from 'vitest';
import { FilenameError } from '../../src/errors.js';
import { buildSdistFilename, parseSdistFilename } from '../../src/filenames/index.js';
import { mirrorFiles } from '../helpers/mirror.js';
import { hasPython, runPythonJson } from '../helpers/python.js';

describe('parseSdistFilename', () => {
  it('reads a PEP 625 name', () => {
    expect(parseSdistFilename('foo_bar-1.0.tar.gz')).toEqual({
      filename: 'foo_bar-1.0.tar.gz',
      name: 'foo_bar',
      normalizedName: 'foo-bar',
      version: '1.0',
      extension: '.tar.gz',
      isStandard: true,
    });
  });

  it('splits a legacy name at the first dash after the expected project, as pip does', () => {
    expect(parseSdistFilename('foo-bar-1.0-1.tar.gz', 'Foo.Bar')).toMatchObject({ name: 'foo-bar', normalizedName: 'foo-bar', version: '1.0-1', isStandard: false });
    // Without the project, the last dash (packaging's rule): the only reading PEP 625 allows.
    expect(parseSdistFilename('foo-bar-1.0.tar.gz')).toMatchObject({ name: 'foo-bar', version: '1.0', isStandard: false });
  });

  it('reads the legacy "-pyX.Y" suffix pip checks against the target', () => {
    expect(parseSdistFilename('foo-1.0-py2.7.tar.gz', 'foo')).toMatchObject({ version: '1.0', pythonVersion: '2.7' });
  });

  it.each(['.zip', '.tar.gz', '.tgz', '.tar', '.tar.bz2', '.tbz', '.tar.xz', '.txz', '.tlz', '.tar.lz', '.tar.lzma'])('accepts pip\'s archive extension %s', (ext) => {
    expect(parseSdistFilename(`foo-1.0${ext}`, 'foo').extension).toBe(ext);
  });

  it.each([
    ['foo-1.0.whl', undefined, /not an sdist archive extension/],
    ['foo-1.0.egg', undefined, /not an sdist archive extension/],
    ['foo-1.0.TAR.GZ', undefined, /not an sdist archive extension/],
    ['foo.tar.gz', undefined, /no "-" separates/],
    ['foo-.tar.gz', undefined, /version is empty/],
    ['foo-bar.tar.gz', undefined, /"bar" is not a version/],
    ['bar-1.0.tar.gz', 'foo', /does not start with the name of project "foo"/],
    ['-1.0.tar.gz', undefined, /not a project name/],
    ['foo-1.0', undefined, /not an sdist archive extension/],
  ] as [string, string | undefined, RegExp][])('rejects %j (project %j)', (name, project, why) => {
    expect(() => parseSdistFilename(name, project)).toThrow(FilenameError);
    expect(() => parseSdistFilename(name, project)).toThrow(why);
  });

  const legacy: [string, string][] = [
    ['foo-bar-1.0.tar.gz', 'foo-bar'],
    ['foo_bar-1.0.zip', 'Foo.Bar'],
    ['foo-1.0-1.tar.gz', 'foo'],
    ['Django-4.2.tar.gz', 'django'],
    ['foo-bar-baz-2.0b1.tgz', 'foo-bar-baz'],
    ['foo__bar-1.0.tar.gz', 'foo-bar'],
    ['foo-1.0-py2.7.tar.gz', 'foo'],
    ['foo-1.0-py3.tar.bz2', 'foo'],
    ['zope.interface-5.4.0.tar.xz', 'zope-interface'],
    ['foo-v1.0.tar', 'foo'],
  ];
  it.skipIf(!hasPython())('finds the version pip\'s finder finds for legacy names', async () => {
    const pip = await runPythonJson<(string | null)[]>(
      [
        'import json, sys',
        'from pip._internal.index.package_finder import _extract_version_from_fragment',
        'from pip._internal.utils.misc import splitext',
        'from pip._vendor.packaging.utils import canonicalize_name',
        'print(json.dumps([_extract_version_from_fragment(splitext(f)[0], canonicalize_name(p)) for f, p in json.load(sys.stdin)]))',
      ].join('\n'),
      legacy,
    );
    legacy.forEach(([file, project], i) => {
      const s = parseSdistFilename(file, project);
      expect(s.version + (s.pythonVersion === undefined ? '' : `-py${s.pythonVersion}`), file).toBe(pip[i]);
    });
  });

  it.skipIf(!hasPython())('agrees with modern packaging\'s parse_sdist_filename on standard names', async (ctx) => {
    const wheel = mirrorFiles('packaging-26.')[0];
    if (!wheel) {
      console.warn('SKIPPED: the mirror has no packaging 26.x wheel');
      ctx.skip();
      return;
    }
    const names = ['foo_bar-1.0.tar.gz', 'foo-2.0rc1.zip', 'a-1.0.post1.tar.gz', 'zope_interface-5.4.0.tar.gz', 'foo-1!2.0+local.1.tar.gz'];
    const theirs = await runPythonJson<[string, string][]>(
      [
        'import json, sys',
        'req = json.load(sys.stdin)',
        'sys.path.insert(0, req["wheel"])',
        'from packaging.utils import parse_sdist_filename',
        'print(json.dumps([[n, str(v)] for n, v in map(parse_sdist_filename, req["names"])]))',
      ].join('\n'),
      { wheel, names },
    );
    names.forEach((n, i) => {
      const s = parseSdistFilename(n);
      expect([s.normalizedName, s.version]).toEqual(theirs[i]);
    });
  });
});

describe('buildSdistFilename', () => {
  it('writes the PEP 625 form', () => {
    expect(buildSdistFilename('Foo.Bar-baz', '1.0')).toBe('foo_bar_baz-1.0.tar.gz');
    expect(parseSdistFilename(buildSdistFilename('x-y', '2.0.post1')).isStandard).toBe(true);
  });
  it('refuses invalid parts', () => {
    expect(() => buildSdistFilename('-x', '1.0')).toThrow(FilenameError);
    expect(() => buildSdistFilename('x', '1.0-1')).toThrow(FilenameError);
  });
});
