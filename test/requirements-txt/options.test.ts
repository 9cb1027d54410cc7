import { describe, expect, it } from 'vitest';
import { LineError } from '../../src/requirements-txt/line-error.js';
import { optionDisplayName, parseOptions, REQUIREMENTS_FILE_OPTIONS } from '../../src/requirements-txt/options.js';

function parsed(text: string) {
  return parseOptions(text, 0).options.map((o) => [o.name, o.value ?? null, o.start, o.valueStart]);
}

function failure(text: string): LineError {
  try {
    parseOptions(text, 10);
  } catch (e) {
    if (e instanceof LineError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('requirements-file options', () => {
  it('reads long and short forms, attached and separate values', () => {
    expect(parsed('--index-url=X -iY -f Z --pre --hash sha256:x')).toEqual([
      ['--index-url', 'X', 0, 0],
      ['-i', 'Y', 14, 14],
      ['-f', 'Z', 18, 21],
      ['--pre', null, 23, 23],
      ['--hash', 'sha256:x', 29, 36],
    ]);
  });

  it('resolves unique prefixes of long names as optparse does', () => {
    expect(parsed('--extra-index X --no-i --prefer --h=a:b --pypi X')).toEqual([
      ['--extra-index-url', 'X', 0, 14],
      ['--no-index', null, 16, 16],
      ['--prefer-binary', null, 23, 23],
      ['--hash', 'a:b', 32, 32],
      ['--pypi-url', 'X', 40, 47],
    ]);
  });

  it('names the candidates of an ambiguous prefix', () => {
    const e = failure('--re');
    expect(e.message).toBe('ambiguous option --re');
    expect(e.expected).toBe('one of --require-hashes, --requirement');
  });

  it('lists every valid option for an unknown one, and says when pip takes it only on its command line', () => {
    const e = failure('--pre --no-deps');
    expect(e.message).toBe('unknown option --no-deps in a requirements file');
    expect(e.index).toBe(16);
    expect(e.expected).toContain('-i/--index-url/--pypi-url');
    expect(e.expected).toContain('--hash');
    expect(e.expected).toContain('-C/--config-settings');
    expect(e.hint).toMatch(/pip command-line option/);
    expect(failure('-x').message).toBe('unknown option -x in a requirements file');
  });

  it('refuses a missing value and a value for a flag', () => {
    expect(failure('--pre -r').message).toBe('option -r requires a value');
    expect(failure('--pre=1').message).toBe('option --pre does not take a value');
    expect(failure(`-f 'x`).message).toMatch(/no closing quotation/);
  });

  it('stops at -- and collects the rest as arguments', () => {
    expect(parseOptions('--pre -- -i x', 0).positional.map((p) => p.value)).toEqual(['-i', 'x']);
  });

  it('has the options of pip 23.2.1 req_file.py', () => {
    expect(REQUIREMENTS_FILE_OPTIONS.map(optionDisplayName)).toEqual([
      '-i/--index-url/--pypi-url',
      '--extra-index-url',
      '--no-index',
      '-c/--constraint',
      '-r/--requirement',
      '-e/--editable',
      '-f/--find-links',
      '--no-binary',
      '--only-binary',
      '--prefer-binary',
      '--require-hashes',
      '--pre',
      '--trusted-host',
      '--use-feature',
      '--global-option',
      '--hash',
      '-C/--config-settings',
    ]);
  });
});
