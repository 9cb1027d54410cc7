#!/usr/bin/env node
// Runs the built CLI (dist/). `npm ci` builds it through the `prepare` script.
import { execute } from '@oclif/core/execute';
import { settings } from '@oclif/core/settings';

// Always the built commands: left to itself, oclif loads src/*.ts through tsx whenever
// NODE_ENV is "test" or "development" (common in CI), which costs ~100 MB and start-up
// time and runs other code than the one shipped. bin/dev.js is the way to run the sources.
settings.enableAutoTranspile = false;

await execute({ dir: import.meta.url });
