import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FilenameError } from '../../src/errors.js';
import { buildWheelFilename, compareBuildTags, parseBuildTag, parseWheelFilename } from '../../src/filenames/index.js';
import { formatTag } from '../../src/tags/index.js';

describe('parseWheelFilename', () => {
  it('reads every part', () => {
    const w = parseWheelFilename('Foo_Bar-1.0.post1-2abc-py2.py3-none-any.whl');
    expect(w).toMatchObject({
      filename: 'Foo_Bar-1.0.post1-2abc-py2.py3-none-any.whl',
      name: 'Foo_Bar',
      normalizedName: 'foo-bar',
      version: '1.0.post1',
      unescapedVersion: '1.0.post1',
      buildTag: { number: 2, suffix: 'abc', text: '2abc' },
      pythonTags: ['py2', 'py3'],
      abiTags: ['none'],
      platformTags: ['any'],
    });
    expect(w.tags.map(formatTag)).toEqual(['py2-none-any', 'py3-none-any']);
  });

  it('expands compressed platform sets', () => {
    const w = parseWheelFilename('aiohttp-3.14.3-cp311-cp311-manylinux2014_x86_64.manylinux_2_17_x86_64.manylinux_2_28_x86_64.whl');
    expect(w.tags).toHaveLength(3);
    expect(w.buildTag).toBeUndefined();
  });

  it('un-escapes "_" in the version as pip does, and keeps the written form', () => {
    const w = parseWheelFilename('foo-1.0_1-py3-none-any.whl');
    expect(w.version).toBe('1.0_1');
    expect(w.unescapedVersion).toBe('1.0-1');
  });

  it('accepts dotted and capitalised legacy names, normalising them for comparison', () => {
    expect(parseWheelFilename('zope.interface-5.0-cp38-cp38-win_amd64.whl').normalizedName).toBe('zope-interface');
    expect(parseWheelFilename('PyQt5-5.15.11-cp38-abi3-manylinux_2_17_x86_64.whl').normalizedName).toBe('pyqt5');
  });

  const invalid: [string, RegExp][] = [
    ['foo-1.0-py3-none-any.zip', /does not end in "\.whl"/],
    ['foo-1.0-py3-none-any.WHL', /does not end in "\.whl"/],
    ['foo-1.0-py3-none.whl', /4 or 5 "-" separators, found 3/],
    ['foo-bar-1.0-1-py3-none-any.whl', /found 6/],
    ['foo-1.0-x1-py3-none-any.whl', /build tag "x1" does not start with a digit/],
    ['foo-bar-1.0-py3-none-any.whl', /"bar" is not a version/],
    ['_foo-1.0-py3-none-any.whl', /not a project name/],
    ['foo-1.0-py2.-none-any.whl', /empty python tag/],
    ['foo-1.0-3py-none-any.whl', /python tag "3py"/],
    ['foo-1.0-py3-none-any+x.whl', /platform tag/],
    ['foo--py3-none-any.whl', /"" is not a version/],
    ['-1.0-py3-none-any.whl', /not a project name/],
  ];
  it.each(invalid)('rejects %j with a FilenameError naming the text and the form', (name, why) => {
    let err: unknown;
    try {
      parseWheelFilename(name);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FilenameError);
    expect((err as FilenameError).message).toMatch(why);
    expect((err as FilenameError).text).toBe(name);
    expect((err as FilenameError).expected).toMatch(/\{name\}-\{version\}/);
  });

  it('names the location it was given', () => {
    try {
      parseWheelFilename('nope.whl', { url: 'https://example.org/simple/nope/' });
    } catch (e) {
      expect((e as FilenameError).where()).toBe('https://example.org/simple/nope/');
    }
  });
});

describe('build tags', () => {
  it('sort as (number, rest), with no build tag first', () => {
    // (Array#sort never passes undefined to a comparator, so the tags are wrapped.)
    const tags = ['10', '2', undefined, '2b', '2a', '1'].map((t) => ({ tag: t === undefined ? undefined : parseBuildTag(t) }));
    const sorted = tags.sort((a, b) => compareBuildTags(a.tag, b.tag)).map((t) => t.tag?.text);
    expect(sorted).toEqual([undefined, '1', '2', '2a', '2b', '10']);
  });
});

describe('buildWheelFilename', () => {
  it('normalises and escapes the name', () => {
    expect(buildWheelFilename({ name: 'Foo.Bar-baz', version: '1.0', tag: 'py3-none-any' })).toBe('foo_bar_baz-1.0-py3-none-any.whl');
    expect(buildWheelFilename({ name: 'x', version: '2', buildTag: '1', tag: { interpreters: ['py2', 'py3'], abis: ['none'], platforms: ['any'] } })).toBe(
      'x-2-1-py2.py3-none-any.whl',
    );
  });

  it('refuses parts that cannot make a valid name', () => {
    expect(() => buildWheelFilename({ name: 'x', version: '1.0-1', tag: 'py3-none-any' })).toThrow(FilenameError);
    expect(() => buildWheelFilename({ name: 'x', version: '1.0', buildTag: 'b1', tag: 'py3-none-any' })).toThrow(FilenameError);
    expect(() => buildWheelFilename({ name: 'x', version: '1.0', tag: 'py3-none' })).toThrow(FilenameError);
    expect(() => buildWheelFilename({ name: '-x', version: '1.0', tag: 'py3-none-any' })).toThrow(FilenameError);
  });

  it('round-trips through parseWheelFilename', () => {
    const word = fc.stringMatching(/^[a-z0-9]{1,6}$/);
    const name = fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join('-'));
    const version = fc.array(fc.integer({ min: 0, max: 999 }), { minLength: 1, maxLength: 4 }).map((n) => n.join('.'));
    const build = fc.option(fc.tuple(fc.integer({ min: 0, max: 99 }), fc.stringMatching(/^[a-z]{0,3}$/)).map(([n, s]) => `${n}${s}`), { nil: undefined });
    const part = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
    const component = fc.uniqueArray(part, { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(name, version, build, component, component, component, (n, v, b, i, a, p) => {
        const filename = buildWheelFilename({ name: n, version: v, ...(b === undefined ? {} : { buildTag: b }), tag: { interpreters: i, abis: a, platforms: p } });
        const w = parseWheelFilename(filename);
        expect(w.normalizedName).toBe(n);
        expect(w.version).toBe(v);
        expect(w.buildTag?.text).toBe(b);
        expect(w.tags).toHaveLength(i.length * a.length * p.length);
      }),
    );
  });
});
