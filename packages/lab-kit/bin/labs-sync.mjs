#!/usr/bin/env node
// labs-sync: regenerates every lab's starter/ from its reference.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/sync-starters.ts');
