/**
 * Python implementations as PEP 425 abbreviates them (packaging's
 * `INTERPRETER_SHORT_NAMES`), with the marker values each one reports.
 */

export interface ImplementationInfo {
  /** the tag prefix: cp, pp, ip, jy, graalpy; `py` means "any implementation" */
  abbreviation: string;
  /** `sys.implementation.name`: the `implementation_name` marker */
  name: string;
  /** `platform.python_implementation()`: the `platform_python_implementation` marker */
  pythonImplementation: string;
}

export const IMPLEMENTATIONS: readonly ImplementationInfo[] = [
  { abbreviation: 'cp', name: 'cpython', pythonImplementation: 'CPython' },
  { abbreviation: 'pp', name: 'pypy', pythonImplementation: 'PyPy' },
  { abbreviation: 'ip', name: 'ironpython', pythonImplementation: 'IronPython' },
  { abbreviation: 'jy', name: 'jython', pythonImplementation: 'Jython' },
  { abbreviation: 'graalpy', name: 'graalpy', pythonImplementation: 'GraalVM' },
];

/** The abbreviations a target may use, `py` (implementation-agnostic, as pip allows) included. */
export const IMPLEMENTATION_ABBREVIATIONS = [...IMPLEMENTATIONS.map((i) => i.abbreviation), 'py'];

export function implementationInfo(abbreviation: string): ImplementationInfo | undefined {
  return IMPLEMENTATIONS.find((i) => i.abbreviation === abbreviation);
}
