// Entry point of `npm run models -- <command>`: runs the CLI on this process's arguments and sets the exit code.

import { runModelsCli } from './cli';

process.exitCode = await runModelsCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
});
