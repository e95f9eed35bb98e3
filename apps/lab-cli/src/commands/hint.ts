// `lab hint`: the next hint of a lab not shown yet, or all of them.

import { markAllHintsShown, takeNextHint } from '@mlops/lab-kit/engine';
import { type Lab } from '@mlops/lab-kit/runtime';
import pc from 'picocolors';

/** Prints the next unseen hint (or every hint with `all`) and remembers what was shown. */
export function hintCommand(lab: Lab, options: { all?: boolean }): void {
  const count = lab.hints.length;
  if (count === 0) {
    console.log(`lab ${lab.id} has no hints; compare with the reference: npm run lab -- diff ${lab.id}`);
    return;
  }
  if (options.all) {
    lab.hints.forEach((text, i) => console.log(`${pc.cyan(`hint ${i + 1}/${count}`)} ${text}`));
    markAllHintsShown(lab);
    return;
  }
  const hint = takeNextHint(lab);
  if (!hint) {
    console.log(`all ${count} hints of lab ${lab.id} were shown: npm run lab -- hint ${lab.id} --all to see them again,`);
    console.log(`or compare your code with the reference: npm run lab -- diff ${lab.id}`);
    return;
  }
  console.log(`${pc.cyan(`hint ${hint.index}/${count}`)} (lab ${lab.id}) ${hint.text}`);
  if (hint.index < count) console.log(pc.dim(`another hint: npm run lab -- hint ${lab.id}`));
}
