/**
 * collectLockInputs: every input of `wheelhouse lock` becoming one LockRequest.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetError, UsageError } from '../../src/errors.js';
import { collectLockInputs, type LockInputOptions } from '../../src/inputs/collect.js';

let root: string;
let n = 0;
const H = 'a'.repeat(64);
const WIN = { targets: ['cp312-win_amd64'] };

function project(files: Record<string, string>): string {
  const dir = path.join(root, `p${n++}`);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function collect(cwd: string, options: LockInputOptions) {
  return collectLockInputs({ cwd, env: {}, targets: WIN, ...options });
}

async function usageError(p: Promise<unknown>): Promise<UsageError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error('no error');
}

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'wh-inputs-collect-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('requirements files', () => {
  it('reads requirements.in with its includes, constraints, hashes and options', async () => {
    const cwd = project({
      'requirements.in': `-r base.in\n-c constraints.txt\nflask>=3 --hash=sha256:${H}\n--pre\n--prefer-binary\n--only-binary :all:\n`,
      'base.in': 'requests\n',
      'constraints.txt': 'urllib3<2\n',
      'more-constraints.txt': 'idna<4\n',
    });
    const r = await collect(cwd, { arguments: ['requirements.in'], constraintFiles: ['more-constraints.txt'] });
    const req = r.request;
    expect(req.requirements.map((x) => [x.requirement.toString(), x.source, x.via, x.hashes])).toEqual([
      ['requests', 'base.in:1', '-r base.in', undefined],
      ['flask>=3', 'requirements.in:3', '-r requirements.in', [`sha256:${H}`]],
    ]);
    expect(req.constraints.map((x) => [x.requirement.toString(), x.source, x.via])).toEqual([
      ['urllib3<2', 'constraints.txt:1', '-c constraints.txt'],
      ['idna<4', 'more-constraints.txt:1', '-c more-constraints.txt'],
    ]);
    expect(req.prerelease).toBe('allow');
    expect(req.preferBinary).toBe(true);
    expect([...req.formatControl.onlyBinary]).toEqual([':all:']);
    expect(req.options).toMatchObject({ pre: true, preferBinary: true, onlyBinary: [':all:'], noBinary: [], noIndex: false, extraIndexUrls: [], findLinks: [] });
    expect(req.options.indexUrl).toBeUndefined();
    expect(req.inputs).toEqual(['requirements.in', 'more-constraints.txt']);
    expect(r.output).toEqual({ format: 'requirements', destination: { kind: 'file', file: 'requirements.txt', resolved: path.join(cwd, 'requirements.txt') } });
    expect(r.filesRead).toEqual(['requirements.in', 'base.in', 'constraints.txt', 'more-constraints.txt']);
    expect(req.targets.map((t) => t.name)).toEqual(['cp312-win_amd64']);
    expect(req.resolution).toBe('highest');
    expect(req.hashPolicy).toBe('all');
  });

  it('refuses editable requirements with their place', async () => {
    const cwd = project({ 'requirements.in': 'flask\n-e ./pkg\n', 'pkg/pyproject.toml': '[project]\nname = "pkg"\n' });
    const e = await usageError(collect(cwd, { arguments: ['requirements.in'] }));
    expect(e.message).toMatch(/^editable requirement \.\/pkg cannot be locked/);
    expect(e.where()).toMatch(/^requirements\.in:2/);
  });

  it('applies the command line\'s binary options first, in order, then the files\'', async () => {
    const cwd = project({ 'requirements.in': '--no-binary foo\nfoo\n' });
    const r = await collect(cwd, {
      arguments: ['requirements.in'],
      binary: [
        { option: 'only-binary', value: ':all:' },
        { option: 'no-binary', value: 'bar' },
        { option: 'only-binary', value: 'bar' },
      ],
    });
    expect(r.request.options.onlyBinary).toEqual([':all:', 'bar']);
    expect(r.request.options.noBinary).toEqual(['foo']);
    await expect(collect(cwd, { arguments: ['requirements.in'], binary: [{ option: 'no-binary', value: 'not a name' }] })).rejects.toThrow(/invalid --no-binary value/);
  });
});

describe('package sources', () => {
  it('merges the command line and the files as pip does, and writes find-links relative to the lockfile', async () => {
    const cwd = project({
      'reqs/requirements.in': '--index-url https://file.example/simple\n--extra-index-url https://extra2.example/simple\n--find-links wheels\nflask\n',
      'reqs/wheels/.keep': '',
      'local/.keep': '',
    });
    const r = await collect(cwd, {
      arguments: ['reqs/requirements.in'],
      index: { indexUrl: 'https://cli.example/simple', extraIndexUrls: ['https://extra1.example/simple'], findLinks: ['local'] },
    });
    expect(r.sources.indexUrls).toEqual(['https://file.example/simple', 'https://extra2.example/simple']);
    expect(r.sources.findLinks).toEqual([path.join(cwd, 'local'), path.join(cwd, 'reqs', 'wheels')]);
    expect(r.warnings.some((w) => w.includes('reqs/requirements.in:1: --index-url https://file.example/simple replaces the index URLs given on the command line'))).toBe(true);
    // A file naming the same indexes as the command line loses none of them: no warning.
    const same = await collect(cwd, { arguments: ['reqs/requirements.in'], index: { indexUrl: 'https://file.example/simple', extraIndexUrls: ['https://extra2.example/simple'] } });
    expect(same.warnings.filter((w) => w.includes('replaces the index URLs'))).toEqual([]);
    // The lockfile is reqs/requirements.txt: paths relative to reqs/.
    expect(r.request.options).toMatchObject({ indexUrl: 'https://file.example/simple', extraIndexUrls: ['https://extra2.example/simple'], findLinks: ['../local', 'wheels'] });
  });

  it('keeps the command line\'s indexes when files name none; --no-index anywhere removes every index', async () => {
    const cwd = project({ 'requirements.in': '--extra-index-url https://x.example/simple\nflask\n', 'offline.in': '--no-index\nflask\n' });
    let r = await collect(cwd, { arguments: ['requirements.in'], index: { indexUrl: 'https://cli.example/simple' } });
    expect(r.sources.indexUrls).toEqual(['https://cli.example/simple', 'https://x.example/simple']);
    r = await collect(cwd, { arguments: ['offline.in'], index: { indexUrl: 'https://cli.example/simple' } });
    expect(r.sources).toMatchObject({ indexUrls: [], noIndex: true, defaultIndex: false });
    expect(r.request.options.noIndex).toBe(true);
    expect(r.request.options.indexUrl).toBeUndefined();
  });
});

describe('pyproject.toml, extras and groups', () => {
  const PYPROJECT = '[project]\nname = "app"\ndependencies = ["flask"]\n[project.optional-dependencies]\ntest = ["pytest"]\n[dependency-groups]\ndev = ["ruff"]\n';

  it('takes the project, its extras and groups; output beside it', async () => {
    const cwd = project({ 'pyproject.toml': PYPROJECT });
    const r = await collect(cwd, { arguments: ['pyproject.toml'], extras: ['test'], groups: ['dev'] });
    expect(r.request.requirements.map((x) => [x.requirement.toString(), x.via])).toEqual([
      ['flask', 'app (pyproject.toml)'],
      ['pytest', 'app (pyproject.toml)'],
      ['ruff', 'app (pyproject.toml:dev)'],
    ]);
    expect(r.output.destination).toMatchObject({ kind: 'file', file: 'requirements.txt' });
    expect(r.request.inputs).toEqual(['pyproject.toml']);
  });

  it('--group alone reads ./pyproject.toml for that group only (pip\'s --group), and writes to stdout', async () => {
    const cwd = project({ 'pyproject.toml': PYPROJECT });
    const r = await collect(cwd, { groups: ['dev'] });
    expect(r.request.requirements.map((x) => x.requirement.toString())).toEqual(['ruff']);
    expect(r.output.destination).toEqual({ kind: 'stdout' });
    const sub = await collect(path.dirname(cwd), { groups: [`${path.basename(cwd)}/pyproject.toml:dev`] });
    expect(sub.request.requirements.map((x) => x.via)).toEqual([`app (${path.basename(cwd)}/pyproject.toml:dev)`]);
    await expect(collect(cwd, { groups: ['requirements.in:dev'] })).rejects.toThrow(/the file must be a pyproject\.toml/);
  });

  it('flags about extras are checked', async () => {
    const cwd = project({ 'pyproject.toml': PYPROJECT, 'requirements.in': 'flask\n' });
    expect((await usageError(collect(cwd, { arguments: ['requirements.in'], extras: ['test'] }))).message).toBe('--extra applies to pyproject.toml inputs, and none was given');
    expect((await usageError(collect(cwd, { arguments: ['pyproject.toml'], extras: ['test'], allExtras: true }))).message).toBe('--extra has no effect when used with --all-extras');
    const e = await usageError(collect(cwd, { arguments: ['pyproject.toml'], extras: ['docs'] }));
    expect(e.message).toBe('no input project defines the extra "docs"');
    expect(e.expected).toBe('one of: test');
    const all = await collect(cwd, { arguments: ['pyproject.toml'], allExtras: true });
    expect(all.request.requirements.map((x) => x.requirement.toString())).toEqual(['flask', 'pytest']);
    // pip-compile's comma-separated --extra values
    const comma = await collect(cwd, { arguments: ['pyproject.toml'], extras: ['test,test'] });
    expect(comma.request.requirements.map((x) => x.requirement.toString())).toEqual(['flask', 'pytest']);
  });
});

describe('defaults, requirement strings, policies', () => {
  it('uses requirements.in, else pyproject.toml, when nothing is given; otherwise says what to give', async () => {
    const both = project({ 'requirements.in': 'flask\n', 'pyproject.toml': '[project]\nname = "a"\ndependencies = ["rich"]\n' });
    expect((await collect(both, {})).request.requirements.map((x) => x.requirement.toString())).toEqual(['flask']);
    const pp = project({ 'pyproject.toml': '[project]\nname = "a"\ndependencies = ["rich"]\n' });
    expect((await collect(pp, {})).request.requirements.map((x) => x.requirement.toString())).toEqual(['rich']);
    const empty = project({});
    expect((await usageError(collect(empty, {}))).message).toMatch(/^nothing to lock/);
  });

  it('requirement strings only: stdout, "command line" via, inputs empty', async () => {
    const cwd = project({});
    const r = await collect(cwd, { arguments: ['flask>=3', 'requests'] });
    expect(r.output.destination).toEqual({ kind: 'stdout' });
    expect(r.request.requirements.map((x) => [x.requirement.toString(), x.via])).toEqual([
      ['flask>=3', 'command line'],
      ['requests', 'command line'],
    ]);
    expect(r.request.inputs).toEqual([]);
  });

  it('pre-release, resolution, hashes and exclude-newer', async () => {
    const cwd = project({ 'requirements.in': 'flask\n', 'pre.in': '--pre\nflask\n' });
    const r = await collect(cwd, { arguments: ['requirements.in'], prerelease: 'explicit', resolution: 'lowest-direct', hashes: 'targets', excludeNewer: '2024-06-01' });
    expect(r.request).toMatchObject({ prerelease: 'explicit', resolution: 'lowest-direct', hashPolicy: 'targets' });
    expect(r.request.excludeNewer?.toISOString()).toBe('2024-06-01T00:00:00.000Z');
    expect((await collect(cwd, { arguments: ['requirements.in'] })).request.prerelease).toBe('if-necessary-or-explicit');
    expect((await collect(cwd, { arguments: ['requirements.in'], pre: true })).request.prerelease).toBe('allow');
    expect((await usageError(collect(cwd, { arguments: ['requirements.in'], pre: true, prerelease: 'disallow' }))).message).toContain('--pre means --prerelease allow');
    const overridden = await collect(cwd, { arguments: ['pre.in'], prerelease: 'disallow' });
    expect(overridden.request.prerelease).toBe('disallow');
    expect(overridden.warnings).toContain('--pre in a requirements file is overridden by --prerelease disallow');
    await expect(collect(cwd, { arguments: ['requirements.in'], excludeNewer: 'last week' })).rejects.toThrow(UsageError);
  });
});

describe('existing pins', () => {
  it('reads the pins of the existing output unless --upgrade; -P frees or forces one', async () => {
    const cwd = project({ 'requirements.in': 'flask\n', 'requirements.txt': 'flask==3.0.0\nwerkzeug==3.0.1\n' });
    const calls: string[] = [];
    const readExistingPins = async (file: string, format: string) => {
      calls.push(`${format}:${file}`);
      return [
        { name: 'flask', version: '3.0.0' },
        { name: 'werkzeug', version: '3.0.1' },
      ];
    };
    let r = await collect(cwd, { arguments: ['requirements.in'], readExistingPins });
    expect(calls).toEqual(['requirements:requirements.txt']);
    expect([...r.request.preferences.keys()]).toEqual(['flask', 'werkzeug']);
    r = await collect(cwd, { arguments: ['requirements.in'], readExistingPins, upgradePackages: ['werkzeug==3.0.3'] });
    expect([...r.request.preferences.keys()]).toEqual(['flask']);
    expect(r.request.constraints.map((c) => c.requirement.toString())).toEqual(['werkzeug==3.0.3']);
    r = await collect(cwd, { arguments: ['requirements.in'], readExistingPins, upgrade: true });
    expect(r.request.preferences.size).toBe(0);
    expect(calls).toHaveLength(2);
    // Nothing to read when the output does not exist yet, or goes to stdout.
    const fresh = project({ 'requirements.in': 'flask\n' });
    r = await collect(fresh, { arguments: ['requirements.in'], readExistingPins, upgradePackages: ['flask'] });
    expect(r.request.preferences.size).toBe(0);
    expect(r.warnings.some((w) => w.includes('does not exist yet'))).toBe(true);
    await collect(cwd, { arguments: ['requirements.in'], readExistingPins, outputFile: '-' });
    expect(calls).toHaveLength(2);
  });
});

describe('targets', () => {
  it('--target is repeatable, without repeats', async () => {
    const cwd = project({});
    const r = await collect(cwd, { arguments: ['flask'], targets: { targets: ['cp312-win_amd64', 'cp311-manylinux_2_28_aarch64', 'cp312-win_amd64'] } });
    expect(r.request.targets.map((t) => t.name)).toEqual(['cp312-win_amd64', 'cp311-manylinux_2_28_aarch64']);
  });

  it('pip\'s flags describe one target; mixing them with --target is a usage error', async () => {
    const cwd = project({});
    const r = await collect(cwd, { arguments: ['flask'], targets: { pip: { pythonVersion: '3.12', platforms: ['win_amd64'], implementation: 'cp' }, python: '/nonexistent/python3' } });
    expect(r.request.targets).toHaveLength(1);
    expect(r.request.targets[0]?.markers.sys_platform).toBe('win32');
    const e = await usageError(collect(cwd, { arguments: ['flask'], targets: { targets: ['cp312-win_amd64'], pip: { platforms: ['win_amd64'] } } }));
    expect(e.message).toContain('--target cannot be combined');
  });

  it('without python3, the host cannot be described: the error says so and how to name a target', async () => {
    const cwd = project({});
    try {
      await collect(cwd, { arguments: ['flask'], targets: { python: '/nonexistent/python3' } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TargetError);
      expect((e as TargetError).message).toContain('/nonexistent/python3 was not found');
      expect((e as TargetError).hint).toContain('--target');
    }
  });
});
