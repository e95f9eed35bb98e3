// Entry point of `npm run retrainer`: without arguments the worker process; with a command (trigger, status, list,
// rejections) the command line, which loads no training code.

const argv = process.argv.slice(2);
if (argv.length === 0 || argv[0] === 'work') {
  await import('./worker-main');
} else {
  const { runRetrainingCli } = await import('./cli/retraining-cli');
  process.exitCode = await runRetrainingCli(argv, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), env: process.env });
}

export {};
