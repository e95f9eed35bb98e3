#!/usr/bin/env node
// mlops-lab: the learner CLI (list, verify, watch, hint, diff, solve, reset, join, leave, doctor).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
