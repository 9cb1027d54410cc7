#!/usr/bin/env node
// Runs the built CLI (dist/). `npm ci` builds it through the `prepare` script.
import { execute } from '@oclif/core/execute';

await execute({ dir: import.meta.url });
