// The learner CLI (`npm run lab -- <command>`): list, verify, watch, hint, diff, solve, reset, doctor.

import { findLab, LabNotFoundError } from '@mlops/lab-kit/runtime';
import { Command } from 'commander';
import pc from 'picocolors';
import { labsRoot, pickLab } from './context';
import { diffLab } from './commands/diff';
import { doctorCommand } from './commands/doctor';
import { hintCommand } from './commands/hint';
import { listCommand } from './commands/list';
import { resetCommand, solveCommand, solveUpTo } from './commands/solve-reset';
import { verifyLab } from './commands/verify';
import { watchLab } from './commands/watch';

const labArg = '[lab]';
const labHelp = 'lab id, slug or folder (default: the first lab not passed yet)';

const program = new Command('lab')
  .description('mlops-labs learner CLI: run with npm run lab -- <command>')
  .showHelpAfterError();

program
  .command('list')
  .description('every lab with its time, status and last test result')
  .option('--json', 'machine-readable output for instructors')
  .action((options: { json?: boolean }) => listCommand(labsRoot(), options));

program
  .command('verify')
  .argument(labArg, labHelp)
  .description("run a lab's tests against your code in src/")
  .action(async (lab?: string) => {
    if (!(await verifyLab(pickLab(lab)))) process.exitCode = 1;
  });

program
  .command('watch')
  .argument(labArg, labHelp)
  .description('verify again every time you save a file in the lab\'s src/')
  .action(async (lab?: string) => watchLab(pickLab(lab)));

program
  .command('hint')
  .argument(labArg, labHelp)
  .option('--all', 'show every hint of the lab')
  .description('show the next hint you have not seen yet')
  .action((lab: string | undefined, options: { all?: boolean }) => hintCommand(pickLab(lab), options));

program
  .command('diff')
  .argument(labArg, labHelp)
  .option('--no-color', 'plain output')
  .description('compare your files with the reference solution')
  .action((lab: string | undefined, options: { color?: boolean }) => {
    diffLab(pickLab(lab), options.color === false ? { color: false } : {});
  });

program
  .command('solve')
  .argument(labArg, labHelp)
  .option('--up-to <lab>', 'solve every lab before this one that has not passed (instructor catch-up)')
  .description('copy the reference solution into src/ (your files are backed up first), then run its tests and record them')
  .action(async (lab: string | undefined, options: { upTo?: string }) => {
    if (options.upTo) await solveUpTo(labsRoot(), findLab(options.upTo, labsRoot()).id);
    else await solveCommand(pickLab(lab));
  });

program
  .command('reset')
  .argument(labArg, labHelp)
  .description('restore the starter into src/ (your files are backed up first)')
  .action((lab?: string) => resetCommand(pickLab(lab)));

program
  .command('doctor')
  .description('check Node, dependencies, onnxruntime, TensorFlow.js, Redis, Docker and ports')
  .action(async () => {
    const results = await doctorCommand(labsRoot());
    if (results.some((r) => r.status === 'fail')) process.exitCode = 1;
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof LabNotFoundError) {
    console.error(pc.red(error.message));
    process.exitCode = 2;
  } else {
    console.error(pc.red(`error: ${(error as Error).message}`));
    process.exitCode = 1;
  }
}
