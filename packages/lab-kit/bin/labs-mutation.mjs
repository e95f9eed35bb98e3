#!/usr/bin/env node
// labs-mutation [NN ...]: mutation-tests the labs' solution regions with their own tests (Stryker) and prints a table.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/mutation.ts');
