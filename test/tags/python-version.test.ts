import { describe, expect, it } from 'vitest';
import { TargetError } from '../../src/errors.js';
import { formatPythonVersion, parsePythonVersion, pythonFullVersion, pythonVersionNodot } from '../../src/tags/index.js';
import { hasPython, runPythonJson } from '../helpers/python.js';

describe('parsePythonVersion', () => {
  it.skipIf(!hasPython())("reads --python-version as pip's option parser does", async () => {
    const texts = ['3', '37', '312', '3.7', '3.12', '3.12.1', '2.7', '3.10.0', '310'];
    const pip = await runPythonJson<[number[] | null, string | null][]>(
      'import json,sys\nfrom pip._internal.cli.cmdoptions import _convert_python_version as c\nprint(json.dumps([c(t) for t in json.load(sys.stdin)]))',
      texts,
    );
    texts.forEach((t, i) => {
      const v = parsePythonVersion(t);
      expect([v.major, v.minor, v.micro].filter((n) => n !== undefined), t).toEqual(pip[i]?.[0]);
    });
  });

  it('formats and pads', () => {
    const v = parsePythonVersion('312');
    expect(formatPythonVersion(v)).toBe('3.12');
    expect(pythonVersionNodot(v)).toBe('312');
    expect(pythonFullVersion(v)).toBe('3.12.0');
    expect(pythonFullVersion(parsePythonVersion('3'))).toBe('3.0.0');
  });

  it.each(['', '3.x', '3.12.1.0', '4.0', '1', '3.-1', ' 3', '+3'])('rejects %j', (text) => {
    expect(() => parsePythonVersion(text)).toThrow(TargetError);
  });
});
