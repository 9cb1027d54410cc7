/**
 * wheelhouse, the library: every stage of the CLI is a function here.
 */
export * from './errors.js';
export { redactCredentials, stripCredentials } from './util/redact.js';
export * from './index/index.js';
export * from './tags/index.js';
export * from './filenames/index.js';
export * from './requirements-txt/index.js';
export * from './resolver/index.js';
export * from './metadata/index.js';
export * from './pep440/index.js';
export * from './pep508/index.js';
export * from './lockfile/index.js';
export * from './serve/index.js';
export * from './inputs/index.js';
export * from './download/index.js';
export * from './verify/index.js';
