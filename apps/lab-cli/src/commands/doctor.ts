// `lab doctor`: checks the machine for the labs and prints each problem with its exact fix.

import pc from 'picocolors';
import { checkDependencies, checkDocker, checkNode, checkOnnxRuntime, checkPort, checkRedis, checkTfjs, type CheckResult } from '../doctor/checks';
import { fail, ok, warn } from '../output';

/** Runs every check in order and prints it; returns the results (failures make the exit code 1). */
export async function doctorCommand(root: string): Promise<CheckResult[]> {
  console.log(pc.bold('mlops-labs doctor'));
  const results: CheckResult[] = [];
  const steps: (() => CheckResult | Promise<CheckResult>)[] = [
    () => checkNode(),
    () => checkDependencies(root),
    () => checkOnnxRuntime(),
    () => checkTfjs(),
    () => checkRedis(),
    () => checkDocker(),
    () => checkPort(8080),
  ];
  for (const step of steps) {
    const result = await step();
    results.push(result);
    const line = result.status === 'ok' ? ok(result.label) : result.status === 'warn' ? warn(result.label) : fail(result.label);
    console.log(line);
    if (result.fix) console.log(`    fix: ${pc.cyan(result.fix)}`);
  }
  const failures = results.filter((r) => r.status === 'fail').length;
  const warnings = results.filter((r) => r.status === 'warn').length;
  if (failures > 0) console.log(pc.red(`${failures} problem(s) to fix before the labs will work${warnings ? `, ${warnings} warning(s)` : ''}.`));
  else console.log(pc.green(`ready for the labs${warnings ? ` (${warnings} warning(s): fine for now, fix them before the lab that needs them)` : ''}.`));
  return results;
}
