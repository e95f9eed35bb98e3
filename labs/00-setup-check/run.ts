// Runs YOUR formatWine (src/format-wine.ts) on three real red wines: `npm start -w @mlops/lab-00-setup-check`.

import { importLabModule, runLabMain } from '@mlops/lab-kit/runtime';

// The first rows of winequality-red.csv (alcohol, pH, volatile acidity, quality).
const wines = [
  { alcohol: 9.4, pH: 3.51, volatileAcidity: 0.7, quality: 5 },
  { alcohol: 9.8, pH: 3.2, volatileAcidity: 0.88, quality: 5 },
  { alcohol: 9.8, pH: 3.16, volatileAcidity: 0.28, quality: 6 },
];

// An unfinished step prints "step 2 is not done yet: open ..." and exits 1, not a stack trace.
await runLabMain(async () => {
  const { formatWine } = await importLabModule<typeof import('./starter/format-wine')>(import.meta.dirname, 'format-wine.ts');
  for (const wine of wines) console.log(formatWine(wine));
});
