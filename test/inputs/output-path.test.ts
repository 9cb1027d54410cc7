import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { planOutput, type OutputPlanOptions } from '../../src/inputs/output-path.js';

const cwd = '/work/proj';

function dest(options: Omit<OutputPlanOptions, 'cwd'>): string {
  const plan = planOutput({ ...options, cwd });
  return `${plan.format}:${plan.destination.kind === 'stdout' ? '-' : plan.destination.file}`;
}

describe('output path (pip-compile\'s rules)', () => {
  it('derives requirements.txt from requirements.in, and X.txt from X.in', () => {
    expect(dest({ inputs: ['requirements.in'] })).toBe('requirements:requirements.txt');
    expect(dest({ inputs: ['reqs/dev.in'] })).toBe(`requirements:${path.join('reqs', 'dev.txt')}`);
    expect(dest({ inputs: ['base'] })).toBe('requirements:base.txt');
  });

  it('puts requirements.txt beside a pyproject.toml', () => {
    expect(dest({ inputs: ['pyproject.toml'] })).toBe('requirements:requirements.txt');
    expect(dest({ inputs: ['sub/pyproject.toml', 'extra.in'] })).toBe(`requirements:${path.join('sub', 'requirements.txt')}`);
  });

  it('writes to standard output for requirement strings only, or with -o -', () => {
    expect(dest({ inputs: [] })).toBe('requirements:-');
    expect(dest({ inputs: ['requirements.in'], outputFile: '-' })).toBe('requirements:-');
  });

  it('takes -o as given', () => {
    expect(dest({ inputs: ['a.in', 'b.in'], outputFile: 'out/lock.txt' })).toBe('requirements:out/lock.txt');
    const plan = planOutput({ inputs: [], outputFile: 'x.txt', cwd });
    expect(plan.destination).toEqual({ kind: 'file', file: 'x.txt', resolved: path.resolve(cwd, 'x.txt') });
  });

  it('requires -o for several requirements inputs', () => {
    expect(() => dest({ inputs: ['a.in', 'b.in'] })).toThrow(/--output-file is required when two or more input files are given/);
  });

  it('never overwrites an input', () => {
    expect(() => dest({ inputs: ['requirements.txt'] })).toThrow(UsageError);
    expect(() => dest({ inputs: ['requirements.in'], outputFile: './requirements.in' })).toThrow(/would overwrite its input requirements\.in/);
  });

  it('pylock: pylock.toml beside the input; the -o name selects the format; other names are refused', () => {
    expect(dest({ inputs: ['requirements.in'], format: 'pylock' })).toBe('pylock:pylock.toml');
    expect(dest({ inputs: ['sub/requirements.in'], format: 'pylock' })).toBe(`pylock:${path.join('sub', 'pylock.toml')}`);
    expect(dest({ inputs: ['requirements.in'], outputFile: 'pylock.dev.toml' })).toBe('pylock:pylock.dev.toml');
    expect(dest({ inputs: [], format: 'pylock' })).toBe('pylock:-');
    expect(() => dest({ inputs: [], format: 'pylock', outputFile: 'lock.toml' })).toThrow(/must be named pylock\.toml/);
    expect(() => dest({ inputs: [], format: 'requirements', outputFile: 'pylock.toml' })).toThrow(/reserved for PEP 751/);
    expect(dest({ inputs: [], format: 'pylock', outputFile: '-' })).toBe('pylock:-');
  });
});
