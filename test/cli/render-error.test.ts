import { describe, expect, it } from 'vitest';
import { renderError } from '../../src/cli/render-error.js';
import { ExitCode, NetworkError, RequirementsFileError } from '../../src/errors.js';

describe('renderError', () => {
  it('renders code, location, offending text and expectation', () => {
    const err = new RequirementsFileError('invalid requirement', {
      location: { file: 'requirements.in', line: 3, column: 7 },
      text: 'foo >>= 1',
      expected: 'a version specifier such as >=1.0',
    });
    const { text, exitCode } = renderError(err);
    expect(exitCode).toBe(ExitCode.usage);
    expect(text.split('\n')).toEqual([
      'error[E_REQUIREMENTS_FILE]: invalid requirement',
      '  --> requirements.in:3:7',
      '  found: "foo >>= 1"',
      '  expected: a version specifier such as >=1.0',
    ]);
  });

  it('never shows credentials, in the message or the URL', () => {
    const err = new NetworkError('GET https://alice:s3cret@example.org/simple/ failed', {
      location: { url: 'https://token123@example.org/simple/x/' },
    });
    const { text, exitCode } = renderError(err);
    expect(exitCode).toBe(ExitCode.network);
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('token123');
    expect(text).toContain('https://alice:****@example.org/simple/');
  });

  it('treats unknown errors as internal', () => {
    const { text, exitCode } = renderError(new TypeError('boom'));
    expect(exitCode).toBe(ExitCode.internal);
    expect(text).toMatch(/^error\[E_INTERNAL\]: boom/);
  });
});
