/**
 * PEP 629 repository versions: `Major.Minor`, in the HTML `pypi:repository-version` meta
 * tag or JSON `meta.api-version`. A newer major version is a hard failure; a newer minor
 * version a warning (the page is still read: minor versions are backwards compatible).
 */
import { IndexError } from '../../errors.js';
import type { PageWarning } from './model.js';
import { pageWarning } from './warnings.js';

/** The newest Simple API version whose features these parsers and renderers know (PEP 700). */
export const SUPPORTED_API_VERSION = '1.1';

/** The version a page that declares none has (PEP 629: "MUST assume that it is version 1.0"). */
export const DEFAULT_API_VERSION = '1.0';

const SUPPORTED_MAJOR = 1;
const SUPPORTED_MINOR = 1;

/**
 * Checks a declared API version; returns the warning to report for a newer minor
 * version, or undefined. `where` names where the version was found, for messages.
 */
export function checkApiVersion(version: string, url: string, where: string): PageWarning | undefined {
  const m = /^(\d{1,9})\.(\d{1,9})$/.exec(version.trim());
  if (!m) {
    throw new IndexError(`Invalid repository version in ${where}`, {
      location: { url },
      text: version,
      expected: 'a PEP 629 version Major.Minor, such as "1.0"',
    });
  }
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major !== SUPPORTED_MAJOR) {
    throw new IndexError(`The index speaks version ${version} of the Simple Repository API; only major version ${SUPPORTED_MAJOR} is supported`, {
      location: { url },
      text: version,
      expected: `a ${where} of ${SUPPORTED_MAJOR}.x (PEP 629: a different major version is incompatible)`,
    });
  }
  if (minor > SUPPORTED_MINOR) {
    return pageWarning(
      'api-version-newer',
      `The index speaks version ${version} of the Simple Repository API, newer than ${SUPPORTED_API_VERSION}; features added since are ignored`,
      url,
      version,
    );
  }
  return undefined;
}
