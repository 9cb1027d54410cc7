/**
 * Deterministic generators of markers and requirements for the differential tests, and
 * the marker environments they are evaluated in.
 */
import type { MarkerEnvironment } from '../../src/pep508/index.js';
import { pick, rng, type Rand } from '../pep440/generators.js';

export { rng };

export const ENVIRONMENTS: Record<string, MarkerEnvironment> = {
  linux312: {
    implementation_name: 'cpython', implementation_version: '3.12.1', os_name: 'posix', platform_machine: 'x86_64',
    platform_release: '6.1.0-13-amd64', platform_system: 'Linux', platform_version: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1',
    python_full_version: '3.12.1', platform_python_implementation: 'CPython', python_version: '3.12', sys_platform: 'linux',
  },
  windows38: {
    implementation_name: 'cpython', implementation_version: '3.8.10', os_name: 'nt', platform_machine: 'AMD64',
    platform_release: '10', platform_system: 'Windows', platform_version: '10.0.19045', python_full_version: '3.8.10',
    platform_python_implementation: 'CPython', python_version: '3.8', sys_platform: 'win32',
  },
  macPypy: {
    implementation_name: 'pypy', implementation_version: '7.3.13', os_name: 'posix', platform_machine: 'arm64',
    platform_release: '23.1.0', platform_system: 'Darwin', platform_version: 'Darwin Kernel Version 23.1.0', python_full_version: '3.10.13',
    platform_python_implementation: 'PyPy', python_version: '3.10', sys_platform: 'darwin',
  },
  preRelease: {
    implementation_name: 'cpython', implementation_version: '3.13.0rc1', os_name: 'posix', platform_machine: 'aarch64',
    platform_release: '', platform_system: 'Linux', platform_version: '', python_full_version: '3.13.0rc1',
    platform_python_implementation: 'CPython', python_version: '3.13', sys_platform: 'linux',
  },
  untagged: {
    implementation_name: 'cpython', implementation_version: '3.11.0', os_name: 'posix', platform_machine: 'ppc64le',
    platform_release: '5.4', platform_system: 'Linux', platform_version: '', python_full_version: '3.11.0+',
    platform_python_implementation: 'CPython', python_version: '3.11', sys_platform: 'linux',
  },
};

/** The extra passed to packaging (one at a time, as it evaluates `extra`); '' for none. */
export const EXTRAS = ['', 'test', 'Foo_Bar', 'security'];

const VERSION_VARS = ['python_version', 'python_full_version', 'implementation_version', 'platform_release'];
const STRING_VARS = ['os_name', 'sys_platform', 'platform_machine', 'platform_system', 'platform_python_implementation', 'implementation_name', 'platform_version'];
const LEGACY_VARS = ['os.name', 'sys.platform', 'platform.version', 'platform.machine', 'platform.python_implementation', 'python_implementation'];
const VERSION_VALUES = ['3.8', '3.10', '3.12', '3.12.1', '3.13', '3.13.0rc1', '3', '2.7', '3.*', '3.12.*', '7.3', '6.1', '10', '23', '3.1O', 'foo', '', '3.12.1+local'];
const STRING_VALUES = ['linux', 'win32', 'darwin', 'posix', 'nt', 'x86_64', 'AMD64', 'arm64', 'CPython', 'PyPy', 'cpython', 'Linux', 'Windows', 'lin', 'x86', '', '#1 SMP'];
const OPS = ['==', '!=', '<', '<=', '>', '>=', '~=', '===', 'in', 'not in'];

function quote(r: Rand, value: string): string {
  return pick(r, ['"', '"', "'"]) === '"' ? `"${value}"` : `'${value}'`;
}
function ws(r: Rand): string {
  return pick(r, ['', ' ', ' ', ' ', '  ', '\t']);
}

/** One comparison, in any spelling packaging accepts. */
export function markerAtom(r: Rand): string {
  const x = r();
  let variable: string;
  let value: string;
  let op = pick(r, OPS);
  if (x < 0.35) {
    variable = pick(r, VERSION_VARS);
    value = pick(r, VERSION_VALUES);
  } else if (x < 0.75) {
    variable = pick(r, r() < 0.8 ? STRING_VARS : LEGACY_VARS);
    value = pick(r, STRING_VALUES);
    if (r() < 0.7) op = pick(r, ['==', '!=', 'in', 'not in']);
  } else {
    variable = 'extra';
    value = pick(r, ['test', 'Foo_Bar', 'foo-bar', 'foo.bar', 'security', '', 'TEST']);
    op = pick(r, ['==', '==', '!=', 'in', 'not in', '<', '>=']);
  }
  const spaced = op === 'in' || op === 'not in' ? ` ${op} ` : ws(r) + op + ws(r);
  return r() < 0.15 ? quote(r, value) + spaced + variable : variable + spaced + quote(r, value);
}

/** A marker: atoms joined by and/or, sometimes parenthesised. */
export function markerText(r: Rand, depth = 0): string {
  const n = 1 + Math.floor(r() * (depth === 0 ? 4 : 2));
  let out = '';
  for (let i = 0; i < n; i++) {
    if (i > 0) out += pick(r, [' and ', ' or ', ' and ', ' or ', '  and\t', ' or ']);
    let atom = depth < 2 && r() < 0.25 ? `(${ws(r)}${markerText(r, depth + 1)}${ws(r)})` : markerAtom(r);
    if (r() < 0.05) atom = `(${atom})`;
    out += atom;
  }
  return out;
}

/** Markers that must be rejected, and near-misses. */
export function badMarkerText(r: Rand): string {
  const good = markerText(r);
  return pick(r, [
    (s: string) => s + ' and',
    (s: string) => '(' + s,
    (s: string) => s + ')',
    (s: string) => s.replace(/==|!=|<=|>=/, '=<'),
    (s: string) => s.replace(/"/, ''),
    (s: string) => s.replace(/ and /, ' && '),
    (s: string) => s.replace(/ not in /, ' notin '),
    (s: string) => s.replace(/_/, '-'),
    () => pick(r, ['python_version', '"3.8"', 'python_version >= ', 'python_version >= "3.8" or', '(python_version >= "3.8"', 'os_name == "a" and and os_name == "b"', 'unknown_var == "1"', 'python_version == "3.8" python_version == "3.9"', '"a" == "b"', 'os_name == os_name', 'python_version < "3\\', 'os_name == "a\nb"', 'extras == "x"', 'dependency_groups in "x"', '"a" in extra s', 'python_version > "3.8" andos_name == "nt"']),
  ])(good);
}

const NAMES = ['requests', 'A', 'A.B-C_D', 'aa', 'name', 'zope.interface', 'Foo_Bar', 'x1', '1x'];
const EXTRA_LISTS = ['', '[]', '[security]', '[security,tests]', '[ fred , bar ]', '[Foo_Bar,foo-bar]', '[a,b,a]'];
const SPECS = ['', '>=1.0', '>= 2.8.1, == 2.8.*', '==1.0.*', '(>=1.0,<2)', '( ==1.0 )', '~=1.4.5', '>=3,', '!=1.5,!=1.7', '===foobar', '<=2.0rc1', '>1.0.post1', '==1.0+local'];
const URLS = ['https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee9982d4bbb3c72346a6de940a148ea686', 'http://foo.com', 'file:///localbuilds/pip-1.3.1.zip', 'git+https://github.com/pypa/pip.git@1.3.1#7921be1537eac1e97bc40179a57f0349c2aee67d'];

export function requirementText(r: Rand): string {
  let s = ws(r) + pick(r, NAMES) + pick(r, ['', '', ' ']) + pick(r, EXTRA_LISTS);
  const url = r() < 0.2;
  if (url) s += pick(r, [' @ ', '@', ' @']) + pick(r, URLS);
  else s += ws(r) + pick(r, SPECS);
  if (r() < 0.45) s += (url ? ' ' : ws(r)) + ';' + ws(r) + markerText(r);
  return s + ws(r);
}

export function badRequirementText(r: Rand): string {
  const good = requirementText(r);
  return pick(r, [
    (s: string) => s.replace(/^(\s*)/, '$1-'),
    (s: string) => s.replace(/(>=|==|<=)/, '=>'),
    (s: string) => s + ' extra',
    (s: string) => s.replace(/\]/, ''),
    (s: string) => s.replace(/,/, ' '),
    (s: string) => s.replace(/;/, ''),
    () => pick(r, ['', ' ', 'foo_', 'foo-', '-foo', 'foo[bar baz]', 'foo[bar,]', 'foo>=1.0.*', 'foo>=1.0+local', 'foo (>=1.0', 'foo @ ', 'foo @ http://x;os_name=="nt"', 'foo>=1,,<2', 'foo==1.0a1.*', 'foo; ', 'foo;os_name', 'foo\n', 'foo>=1.0;os_name=="a" junk', 'foo[bar]@', 'é', 'foo ~= 1', 'foo==', 'foo===1.0;os_name=="x"', 'name @ http://foo.com;python_version=="2.7"']),
  ])(good);
}

export { pick };
