#!/usr/bin/env node
// lab-check <labDir>: the CI check of one lab (starter in sync, reference passes, starter fails, run.ts runs the learner's code).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/check-lab.ts');
