// Runs YOUR formatWine (src/format-wine.ts) on three real red wines: `npm start -w @mlops/lab-00-setup-check`.

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureLearnerFiles, isNotImplementedError, readLab, setLabContext } from '@mlops/lab-kit';

const lab = readLab(import.meta.dirname);
ensureLearnerFiles(lab);
setLabContext(lab);
// A computed path: src/ is the learner's copy, not part of the type-checked lab sources.
const mod = (await import(pathToFileURL(join(lab.dir, 'src', 'format-wine.ts')).href)) as typeof import('./starter/format-wine');

// The first rows of winequality-red.csv (alcohol, pH, volatile acidity, quality).
const wines = [
  { alcohol: 9.4, pH: 3.51, volatileAcidity: 0.7, quality: 5 },
  { alcohol: 9.8, pH: 3.2, volatileAcidity: 0.88, quality: 5 },
  { alcohol: 9.8, pH: 3.16, volatileAcidity: 0.28, quality: 6 },
];

try {
  for (const wine of wines) console.log(mod.formatWine(wine));
} catch (error) {
  if (!isNotImplementedError(error)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
