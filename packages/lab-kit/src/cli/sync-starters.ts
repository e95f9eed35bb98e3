// `npm run labs:sync`: regenerates labs/*/starter/ from the reference code of every lab with a lab.json.

import pc from 'picocolors';
import { findLabs, repoRoot } from '../runtime/lab-metadata';
import { writeStarter } from '../authoring/lab-starter';

let failed = false;
for (const lab of findLabs(repoRoot())) {
  try {
    const changed = writeStarter(lab);
    const note = changed.length ? `updated ${changed.map((f) => `starter/${f}`).join(', ')}` : 'up to date';
    console.log(`${pc.green('✓')} ${lab.relDir}: ${note}`);
  } catch (error) {
    failed = true;
    console.error(`${pc.red('✗')} ${lab.relDir}: ${(error as Error).message}`);
  }
}
process.exitCode = failed ? 1 : 0;
