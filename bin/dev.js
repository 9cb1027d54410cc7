#!/usr/bin/env -S node --import tsx --no-warnings
// Runs the CLI from the TypeScript sources (src/), for development.
import { execute } from '@oclif/core/execute';

await execute({ development: true, dir: import.meta.url });
