/**
 * The index client and everything under it: the `PackageIndex` contract, the client that
 * implements it (sources, strategies, metadata cheapest first), HTTP, the cache, and the
 * Simple Repository API's page formats.
 */
export type { DistributionFile, PackageIndex, ProjectListing } from './package-index.js';
export * from './client/index.js';
export * from './http/index.js';
export * from './cache/index.js';
export * from './pages/index.js';
