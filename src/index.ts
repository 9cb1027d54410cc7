/**
 * wheelhouse, the library: every stage of the CLI is a function here.
 */
export * from './errors.js';
export { redactCredentials, stripCredentials } from './util/redact.js';
export * from './pep440/index.js';
export * from './pep508/index.js';
