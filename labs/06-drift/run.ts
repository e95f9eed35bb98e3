// Runs YOUR lab 06 code for real: white wines against red ones feature by feature, the ordered-file trap, and the live gauges.
//   npm start -w @mlops/lab-06-drift                 the drift table (your sortedSample, KS statistic, p-value and PSI)
//   npm start -w @mlops/lab-06-drift -- --live       then a live window fed with wines, checked every 2 s against
//                                                    the wine-quality/1 training profile, /metrics written by your
//                                                    recordDriftReport (PORT, default 9466; --current red for red wines)
// The bins (sharedBinEdges, binShares), the exact p-value for small samples, the window and the profile check come
// from @mlops/drift; everything you wrote is what computes and exports the numbers.

import { createServer } from 'node:http';
import { FEATURE_COUNT, FEATURE_NAMES, loadWines, seededShuffle, splitDataset, type WineRow } from '@mlops/dataset';
import { sharedBinEdges, binShares } from '@mlops/drift/binned';
import { profileDatasetDrift } from '@mlops/drift/profile-drift';
import { SampledWindow } from '@mlops/drift/sampled-window';
import { importLabModule, runLabMain } from '@mlops/lab-kit/runtime';
import { modelRepositoryFromEnv, readManifest } from '@mlops/model-store';
import { Registry } from 'prom-client';

type Sorted = typeof import('./starter/sorted-sample');
type Ks = typeof import('./starter/ks-test');
type Binned = typeof import('./starter/binned');
type Gauges = typeof import('./starter/drift-gauges');

const live = process.argv.includes('--live');
const currentColor = process.argv.includes('--current') && process.argv[process.argv.indexOf('--current') + 1] === 'red' ? 'red' : 'white';
const column = (rows: readonly WineRow[], k: number): number[] => rows.map((r) => r.features[k]!);

function printTable(sorted: Sorted, ks: Ks, binned: Binned, red: WineRow[], white: WineRow[]): void {
  console.log(`white wines (${white.length}) against red wines (${red.length}), ranked by your KS statistic D`);
  console.log(`${'feature'.padEnd(22)} ${'D'.padStart(7)} ${'p (asymp)'.padStart(10)}  ${'PSI'.padStart(8)}`);
  const rows = FEATURE_NAMES.map((name, k) => {
    const a = sorted.sortedSample(column(red, k), `red "${name}"`);
    const b = sorted.sortedSample(column(white, k), `white "${name}"`);
    // Asymptotic p-values here (your step 3): the exact ones for 1599 x 4898 values cost seconds and say 0 all the same.
    const { statistic, pValue } = ks.ksTest(a, b, 'asymp');
    const edges = sharedBinEdges(a, b, 10);
    const psi = binned.psi(binned.fillEmptyBins(binShares(a, edges)), binned.fillEmptyBins(binShares(b, edges)));
    return { name, statistic, pValue, psi, sizes: `${a.length}/${b.length}` };
  });
  rows.sort((x, y) => y.statistic - x.statistic);
  for (const r of rows) console.log(`${r.name.padEnd(22)} ${r.statistic.toFixed(4).padStart(7)} ${r.pValue.toExponential(2).padStart(10)}  ${r.psi.toFixed(4).padStart(8)}`);
  console.log(`values per feature after your sortedSample (red/white): ${rows[0]!.sizes}`);
  // The ordered-file trap: the red file is sorted by something, so its halves are different wines.
  const drifting = (rows: readonly WineRow[]): number => {
    const half = Math.floor(rows.length / 2);
    return FEATURE_NAMES.filter((_, k) => ks.ksTest(sorted.sortedSample(column(rows.slice(0, half), k)), sorted.sortedSample(column(rows.slice(half), k))).pValue < 0.05).length;
  };
  console.log(`red file cut in half: ${drifting(red)}/11 features drift in file order, ${drifting(seededShuffle(red, 42))}/11 after a seeded shuffle`);
}

async function runLive(gauges: Gauges, red: WineRow[], white: WineRow[]): Promise<void> {
  const manifest = await readManifest(modelRepositoryFromEnv(), 'wine-quality', '1');
  // Held-out red wines are the model's own kind of data; white wines are the covariate shift.
  const source = currentColor === 'red' ? splitDataset(red, { seed: manifest.training.seed, validation: 0.15, test: 0.15 }).test : white;
  const registry = new Registry();
  const drift = gauges.createDriftGauges(registry);
  const window = new SampledWindow(FEATURE_COUNT, { capacity: 1000 });
  const labels = { model: manifest.name, version: manifest.version };
  const checkSeconds = Number(process.env.DRIFT_CHECK_SECONDS ?? 2);
  let next = 0;
  const feed = setInterval(() => {
    // 100 wines every 100 ms, round and round the file: the "traffic".
    const batch = Array.from({ length: 100 }, () => source[next++ % source.length]!);
    window.add(Float64Array.from(batch.flatMap((w) => w.features)), batch.length);
  }, 100);
  const check = setInterval(() => {
    if (window.size < 200) return;
    const report = profileDatasetDrift(manifest.profile.features, window.columns());
    gauges.recordDriftReport(drift, labels, report, window.size, Date.now() / 1000);
    console.log(`check: ${window.size} ${currentColor} wines in the window, ${report.driftedFeatures}/11 features drifted, data set drift ${report.datasetDrift ? 'YES' : 'no'}`);
  }, checkSeconds * 1000);
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end('try /metrics\n');
    void registry.metrics().then((text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text));
  });
  server.listen(Number(process.env.PORT ?? 9466), '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : process.env.PORT;
    console.log(`metrics on http://127.0.0.1:${port}/metrics (curl -s ... | grep model_drift); Ctrl+C stops`);
  });
  const stop = (): void => {
    clearInterval(feed);
    clearInterval(check);
    server.close(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// An unfinished step prints "step N is not done yet: open ..." and exits 1, not a stack trace.
await runLabMain(async () => {
  const dir = import.meta.dirname;
  const sorted = await importLabModule<Sorted>(dir, 'sorted-sample.ts');
  const ks = await importLabModule<Ks>(dir, 'ks-test.ts');
  const binned = await importLabModule<Binned>(dir, 'binned.ts');
  const gauges = await importLabModule<Gauges>(dir, 'drift-gauges.ts');
  const [red, white] = [await loadWines('red'), await loadWines('white')];
  printTable(sorted, ks, binned, red, white);
  if (live) await runLive(gauges, red, white);
});
