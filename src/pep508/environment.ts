/**
 * The PEP 508 marker environment: the values marker variables take on one machine
 * (PEP 508, "Environment Markers"). A target (src/tags/) yields one of these; marker
 * evaluation (src/pep508/) reads it. `extra` is not part of it: it is given per
 * evaluation, since it depends on which extras of a package are being asked for.
 */
export interface MarkerEnvironment {
  /** e.g. "cpython" */
  implementation_name: string;
  /** e.g. "3.12.0" */
  implementation_version: string;
  /** e.g. "posix", "nt" */
  os_name: string;
  /** e.g. "x86_64", "AMD64", "arm64" */
  platform_machine: string;
  /** e.g. "" or the kernel release; unknown for foreign targets */
  platform_release: string;
  /** e.g. "Linux", "Windows", "Darwin" */
  platform_system: string;
  /** e.g. "" ; unknown for foreign targets */
  platform_version: string;
  /** e.g. "3.12.0" */
  python_full_version: string;
  /** e.g. "CPython" */
  platform_python_implementation: string;
  /** e.g. "3.12" */
  python_version: string;
  /** e.g. "linux", "win32", "darwin" */
  sys_platform: string;
}

/** The marker variable names PEP 508 defines, `extra` included. */
export const MARKER_VARIABLES = [
  'implementation_name',
  'implementation_version',
  'os_name',
  'platform_machine',
  'platform_release',
  'platform_system',
  'platform_version',
  'python_full_version',
  'platform_python_implementation',
  'python_version',
  'sys_platform',
  'extra',
] as const;
export type MarkerVariable = (typeof MARKER_VARIABLES)[number];
