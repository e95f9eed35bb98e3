// The learner CLI (`npm run lab -- <command>`): list, verify, watch, hint, diff, solve, reset, doctor, join, leave.

import { findLab, LabNotFoundError } from '@mlops/lab-kit/runtime';
import { Command } from 'commander';
import pc from 'picocolors';
import { labsRoot, pickLab } from './context';

const labArg = '[lab]';
const labHelp = 'lab id, slug or folder (default: the first lab not passed yet)';

// Each command loads its module when it runs, so `list` or `hint` does not pay for verify's or doctor's imports.
const program = new Command('lab')
  .description('mlops-labs learner CLI: run with npm run lab -- <command>')
  .showHelpAfterError();

program
  .command('list')
  .description('every lab with its time, status and last test result')
  .option('--json', 'machine-readable output for instructors')
  .action(async (options: { json?: boolean }) => (await import('./commands/list')).listCommand(labsRoot(), options));

program
  .command('verify')
  .argument(labArg, labHelp)
  .description("run a lab's tests against your code in src/")
  .action(async (lab?: string) => {
    const { verifyLab } = await import('./commands/verify');
    if (!(await verifyLab(pickLab(lab)))) process.exitCode = 1;
  });

program
  .command('watch')
  .argument(labArg, labHelp)
  .description('verify again every time you save a file in the lab\'s src/')
  .action(async (lab?: string) => (await import('./commands/watch')).watchLab(pickLab(lab)));

program
  .command('hint')
  .argument(labArg, labHelp)
  .option('--all', 'show every hint of the lab')
  .description('show the next hint you have not seen yet')
  .action(async (lab: string | undefined, options: { all?: boolean }) => (await import('./commands/hint')).hintCommand(pickLab(lab), options));

program
  .command('diff')
  .argument(labArg, labHelp)
  .option('--no-color', 'plain output')
  .description('compare your files with the reference solution')
  .action(async (lab: string | undefined, options: { color?: boolean }) => {
    const { diffLab } = await import('./commands/diff');
    diffLab(pickLab(lab), options.color === false ? { color: false } : {});
  });

program
  .command('solve')
  .argument(labArg, labHelp)
  .option('--up-to <lab>', 'solve every lab before this one that has not passed (instructor catch-up)')
  .description('copy the reference solution into src/ (your files are backed up first), then run its tests and record them')
  .action(async (lab: string | undefined, options: { upTo?: string }) => {
    const [{ solveCommand, solveUpTo }, { reportSolved }] = await Promise.all([import('./commands/solve-reset'), import('./classroom/report')]);
    if (options.upTo) {
      const solved = await solveUpTo(labsRoot(), findLab(options.upTo, labsRoot()).id);
      await reportSolved(labsRoot(), solved.map((l) => l.id));
    } else {
      const picked = pickLab(lab);
      await solveCommand(picked);
      await reportSolved(picked.root, [picked.id]);
    }
  });

program
  .command('reset')
  .argument(labArg, labHelp)
  .description('restore the starter into src/ (your files are backed up first)')
  .action(async (lab?: string) => (await import('./commands/solve-reset')).resetCommand(pickLab(lab)));

program
  .command('join')
  .argument('<url>', 'the classroom URL the instructor shows, e.g. http://192.168.1.23:8088')
  .requiredOption('--code <code>', 'the class code the instructor shows')
  .requiredOption('--name <name>', 'your name on the room page (up to 40 characters)')
  .description("send your verify results to the instructor's room page: lab, step, test counts, first failure (never code)")
  .action(async (url: string, options: { code: string; name: string }) => {
    const { joinCommand } = await import('./commands/join-leave');
    if (!(await joinCommand(labsRoot(), url, options))) process.exitCode = 1;
  });

program
  .command('leave')
  .description('stop sending verify results to the classroom')
  .action(async () => (await import('./commands/join-leave')).leaveCommand(labsRoot()));

program
  .command('doctor')
  .description('check Node, dependencies, onnxruntime, TensorFlow.js, Redis, Docker and ports')
  .action(async () => {
    const { doctorCommand } = await import('./commands/doctor');
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
