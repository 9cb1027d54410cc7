/**
 * Resolution: the PubGrub solver and its provider interface.
 */
export * from './pubgrub/index.js';
