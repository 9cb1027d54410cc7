import { describe, expect, it } from 'vitest';
import { classifyDistributionFilename, type FileClassification } from '../../src/filenames/index.js';
import { hasPython, runPythonJson } from '../helpers/python.js';

/** pip 23.2.1's LinkEvaluator on each name, for the given project; wheels' tags are not ours to judge. */
const PIP_EVALUATE = String.raw`
import json, sys
from urllib.parse import quote
from pip._internal.index.package_finder import LinkEvaluator
from pip._internal.models.link import Link
from pip._internal.models.target_python import TargetPython
from pip._vendor.packaging.utils import canonicalize_name
out = []
for name, project in json.load(sys.stdin):
    ev = LinkEvaluator(project_name=project, canonical_name=canonicalize_name(project),
                       formats=frozenset({"binary", "source"}), target_python=TargetPython(),
                       allow_yanked=True, ignore_requires_python=True)
    kind, detail = ev.evaluate_link(Link("https://example.org/files/" + quote(name)))
    out.append([kind.name, detail])
print(json.dumps(out))
`;

const CASES: [string, string][] = [
  ['foo-1.0-py3-none-any.whl', 'foo'],
  ['foo-1.0-cp312-cp312-win_amd64.whl', 'foo'],
  ['Foo_Bar-2.0-1-py2.py3-none-any.whl', 'foo.bar'],
  ['bar-1.0-py3-none-any.whl', 'foo'],
  ['foo-1.0-py3-none.whl', 'foo'],
  ['foo-1.0.tar.gz', 'foo'],
  ['foo-bar-1.0.tar.gz', 'foo-bar'],
  ['foo-1.0.zip', 'foo'],
  ['foo-1.0.tgz', 'foo'],
  ['foo-1.0.tar', 'foo'],
  ['foo-1.0.tar.bz2', 'foo'],
  ['foo-1.0.tar.xz', 'foo'],
  ['foo-1.0-py2.7.tar.gz', 'foo'],
  ['foo-1.0.egg', 'foo'],
  ['foo-1.0-py3.9.egg', 'foo'],
  ['foo-1.0.win-amd64.exe', 'foo'],
  ['foo-1.0.msi', 'foo'],
  ['foo-1.0-1.x86_64.rpm', 'foo'],
  ['foo-1.0-py3-none-any.whl.metadata', 'foo'],
  ['foo-1.0.tar.Z', 'foo'],
  ['foo-1.0.TAR.GZ', 'foo'],
  ['foo-1.0', 'foo'],
  ['README', 'foo'],
  ['foo.zip', 'foo'],
  ['foo-.tar.gz', 'foo'],
  ['bar-1.0.tar.gz', 'foo'],
  ['foo-1.0-macosx10.zip', 'foo'],
];

function kindOf(c: FileClassification): string {
  return c.kind === 'ignored' ? c.category : c.kind;
}

/** pip's LinkType → wheelhouse's classification of the name alone. */
function expectedKind(pipKind: string, name: string, project: string): string {
  if (['candidate', 'platform_mismatch', 'requires_python_mismatch'].includes(pipKind)) return name.endsWith('.whl') ? 'wheel' : 'sdist';
  // pip has no separate word for another project's sdist ("Missing project version").
  const stem = name.replace(/\.(tar\.gz|zip)$/, '');
  if (pipKind === 'format_invalid' && stem.includes('-') && !stem.toLowerCase().startsWith(project.toLowerCase())) return 'different-project';
  return { format_unsupported: 'unsupported-format', format_invalid: 'invalid-name', different_project: 'different-project' }[pipKind] ?? pipKind;
}

describe('classifyDistributionFilename', () => {
  it.skipIf(!hasPython())("sorts names as pip 23.2.1's finder does", async () => {
    const pip = await runPythonJson<[string, string][]>(PIP_EVALUATE, CASES);
    CASES.forEach(([name, project], i) => {
      const [pipKind, detail] = pip[i] as [string, string];
      const ours = classifyDistributionFilename(name, project);
      expect(kindOf(ours), `${name}: pip says ${pipKind} (${detail})`).toBe(expectedKind(pipKind, name, project));
      if (ours.kind === 'ignored' && pipKind === 'format_unsupported') expect(ours.reason).toContain(detail);
    });
  });

  it('explains what it skips', () => {
    expect(classifyDistributionFilename('foo-1.0.egg', 'foo')).toEqual({ kind: 'ignored', category: 'unsupported-format', reason: 'unsupported archive format: .egg (eggs are not installable by pip)' });
    expect(classifyDistributionFilename('foo-1.0.exe')).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('Windows installer') });
    expect(classifyDistributionFilename('bar-1.0-py3-none-any.whl', 'foo')).toMatchObject({ category: 'different-project', reason: 'wrong project name (not foo)' });
  });

  it('refuses unsafe names without throwing', () => {
    for (const name of ['../foo-1.0.tar.gz', 'a/foo-1.0-py3-none-any.whl', 'C:foo-1.0.zip', 'foo\u0000-1.0.tar.gz', '..']) {
      expect(classifyDistributionFilename(name, 'foo')).toMatchObject({ kind: 'ignored', category: 'unsafe-name' });
    }
  });

  it.skipIf(!hasPython())('is stricter than pip 23.2.1 about versions that are not versions, and says whose file it is', async () => {
    const names: [string, string][] = [
      ['foo-dev.tar.gz', 'foo'],
      ['foo-bar-1.0.tar.gz', 'foo'],
    ];
    // pip 23.2.1 still takes these as candidates (legacy versions "dev" and "bar-1.0");
    // pip ≥ 24.1 drops non-PEP 440 versions as well.
    const pip = await runPythonJson<[string, string][]>(PIP_EVALUATE, names);
    expect(pip.map((p) => p[0])).toEqual(['candidate', 'candidate']);
    expect(classifyDistributionFilename('foo-dev.tar.gz', 'foo')).toMatchObject({ kind: 'ignored', category: 'invalid-name' });
    expect(classifyDistributionFilename('foo-bar-1.0.tar.gz', 'foo')).toMatchObject({ kind: 'ignored', category: 'different-project' });
  });

  it('works without a project name, for a find-links directory', () => {
    expect(classifyDistributionFilename('foo_bar-1.0.tar.gz')).toMatchObject({ kind: 'sdist', sdist: { normalizedName: 'foo-bar' } });
    expect(classifyDistributionFilename('foo_bar-1.0-py3-none-any.whl')).toMatchObject({ kind: 'wheel', wheel: { normalizedName: 'foo-bar' } });
  });
});
