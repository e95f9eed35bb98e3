// Trains the wine model with YOUR standardiser and Dense export, then writes it to the scratch repository tmp/: `npm start -w @mlops/lab-02-train-and-export`.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { importLabModule, runLabMain } from '@mlops/lab-kit/runtime';
import { nextVersion, verifyModel, writeModelVersion } from '@mlops/model-store';
import { argmaxRows, buildWineManifest, ONNX_INPUT_NAME, ONNX_OUTPUT_NAME, selectBackend, trainingCurveSvg } from '@mlops/training';
import { createEpochProgress } from '@mlops/training/cli/epoch-progress';
import { formatEvaluationReport } from '@mlops/training/cli/evaluation-report';
import { trainWithYourCode } from './train-with-your-code';

// --epochs N caps training (default 200, early stopping usually ends sooner); --repository DIR writes elsewhere than tmp/.
const { epochs, repository } = readArgs();
const name = 'wine-quality';

// An unfinished step prints "step N is not done yet: open ..." and exits 1, not a stack trace.
await runLabMain(async () => {
  const { fitStandardizer, standardize } = await importLabModule<typeof import('./starter/standardizer')>(import.meta.dirname, 'standardizer.ts');
  const { denseLayerToOnnx } = await importLabModule<typeof import('./starter/onnx-dense-layer')>(import.meta.dirname, 'onnx-dense-layer.ts');
  const backend = await selectBackend();
  console.log(`tfjs backend: ${backend}`);
  const progress = createEpochProgress(epochs);
  const run = await trainWithYourCode({ fitStandardizer, standardize, denseLayerToOnnx }, { epochs, onEpoch: progress.onEpoch }).finally(() => progress.stop());
  try {
    console.log(`stopped after ${run.history.length} epochs, best epoch ${run.bestEpoch}\n`);
    console.log(formatEvaluationReport(run.evaluation, run.baseline));

    const version = await nextVersion(repository, name);
    const manifest = buildWineManifest(run, { name, version, backend });
    const svg = trainingCurveSvg(run.history, { bestEpoch: run.bestEpoch, title: `lab 02: ${name} v${version}` });
    await writeModelVersion(repository, name, { onnxBytes: run.onnxBytes, manifest, extraFiles: { 'training-curve.svg': svg } });
    const { modelPath } = await verifyModel(repository, name, version);

    // Parity: the file on disk, in onnxruntime, against tfjs on every test row.
    const session = await ort.InferenceSession.create(modelPath);
    const rows = run.split.test.map((r) => r.features);
    const out = await session.run({ [ONNX_INPUT_NAME]: new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, 11]) });
    await session.release();
    const data = out[ONNX_OUTPUT_NAME]!.data as Float32Array;
    const onnxRows = rows.map((_, i) => Array.from(data.subarray(i * 3, i * 3 + 3)));
    const maxDiff = Math.max(...onnxRows.flatMap((p, i) => p.map((v, j) => Math.abs(v - run.testProbabilities[i]![j]!))));
    const tfjsBands = argmaxRows(run.testProbabilities);
    const sameBand = argmaxRows(onnxRows).every((c, i) => c === tfjsBands[i]);
    console.log(`\nwrote ${modelPath} (checksum verified)`);
    console.log(`parity on ${rows.length} test rows: max |onnx - tfjs| = ${maxDiff.toExponential(2)}, same band on every row: ${sameBand ? 'yes' : 'NO'}`);
    process.exitCode = maxDiff <= 1e-4 && sameBand ? 0 : 1;
  } finally {
    run.model.dispose();
  }
});

function readArgs(): { epochs: number; repository: string } {
  try {
    const { values } = parseArgs({ options: { epochs: { type: 'string', default: '200' }, repository: { type: 'string' } } });
    const epochs = Number(values.epochs);
    if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`--epochs must be a whole number >= 1, got "${values.epochs}"`);
    // npm start -w runs in the lab folder; INIT_CWD is where the command was typed.
    const repository = values.repository ? resolve(process.env.INIT_CWD || process.cwd(), values.repository) : resolve(import.meta.dirname, 'tmp');
    return { epochs, repository };
  } catch (error) {
    console.error(`lab 02 run.ts: ${(error as Error).message} (options: --epochs N, --repository DIR)`);
    process.exit(1);
  }
}
