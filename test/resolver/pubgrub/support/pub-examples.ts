/**
 * The scenarios of pub's doc/solver.md ("Examples"), dart-lang/pub. The package
 * universes are facts reused as test vectors; `^1.0.0` is pub's caret (>=1.0.0,<2.0.0).
 */
import type { Universe } from './memory-provider.js';

export interface PubExample {
  readonly universe: Universe;
  readonly root: Readonly<Record<string, string>>;
}

export const noConflicts: PubExample = {
  root: { foo: '^1.0.0' },
  universe: {
    foo: { '1.0.0': { bar: '^1.0.0' } },
    bar: { '1.0.0': {}, '2.0.0': {} },
  },
};

export const avoidingConflictDuringDecisionMaking: PubExample = {
  root: { foo: '^1.0.0', bar: '^1.0.0' },
  universe: {
    foo: { '1.1.0': { bar: '^2.0.0' }, '1.0.0': {} },
    bar: { '1.0.0': {}, '1.1.0': {}, '2.0.0': {} },
  },
};

export const performingConflictResolution: PubExample = {
  root: { foo: '>=1.0.0' },
  universe: {
    foo: { '2.0.0': { bar: '^1.0.0' }, '1.0.0': {} },
    bar: { '1.0.0': { foo: '^1.0.0' } },
  },
};

export const conflictResolutionWithPartialSatisfier: PubExample = {
  root: { foo: '^1.0.0', target: '^2.0.0' },
  universe: {
    foo: { '1.1.0': { left: '^1.0.0', right: '^1.0.0' }, '1.0.0': {} },
    left: { '1.0.0': { shared: '>=1.0.0' } },
    right: { '1.0.0': { shared: '<2.0.0' } },
    shared: { '2.0.0': {}, '1.0.0': { target: '^1.0.0' } },
    target: { '2.0.0': {}, '1.0.0': {} },
  },
};

export const linearErrorReporting: PubExample = {
  root: { foo: '^1.0.0', baz: '^1.0.0' },
  universe: {
    foo: { '1.0.0': { bar: '^2.0.0' } },
    bar: { '2.0.0': { baz: '^3.0.0' } },
    baz: { '1.0.0': {}, '3.0.0': {} },
  },
};

export const branchingErrorReporting: PubExample = {
  root: { foo: '^1.0.0' },
  universe: {
    foo: { '1.0.0': { a: '^1.0.0', b: '^1.0.0' }, '1.1.0': { x: '^1.0.0', y: '^1.0.0' } },
    a: { '1.0.0': { b: '^2.0.0' } },
    b: { '1.0.0': {}, '2.0.0': {} },
    x: { '1.0.0': { y: '^2.0.0' } },
    y: { '1.0.0': {}, '2.0.0': {} },
  },
};
