// Trains the wine model with YOUR standardiser and Dense export, then writes it to the scratch repository tmp/: `npm start -w @mlops/lab-02-train-and-export`.
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { importLabModule } from '@mlops/lab-kit/lab-module';
import { isNotImplementedError } from '@mlops/lab-kit/not-implemented';
import { nextVersion, verifyModel, writeModelVersion } from '@mlops/model-store';
import { argmaxRows, buildWineManifest, selectBackend, trainingCurveSvg, trainWineModel } from '@mlops/training';
import { createEpochProgress } from '@mlops/training/cli/epoch-progress';
import { formatEvaluationReport } from '@mlops/training/cli/evaluation-report';

const { fitStandardizer, standardize } = await importLabModule<typeof import('./starter/standardizer')>(import.meta.dirname, 'standardizer.ts');
const { denseLayerToOnnx } = await importLabModule<typeof import('./starter/onnx-dense-layer')>(import.meta.dirname, 'onnx-dense-layer.ts');

const repository = join(import.meta.dirname, 'tmp');
const name = 'wine-quality';
const backend = await selectBackend();
console.log(`tfjs backend: ${backend}`);
const progress = createEpochProgress(200);
const run = await trainWineModel({ onEpoch: progress.onEpoch, steps: { fitStandardizer, standardize, convertDense: denseLayerToOnnx } })
  .catch((error: unknown) => {
    // An unfinished step is the expected state of a fresh lab: say which, without a stack trace.
    if (!isNotImplementedError(error)) throw error;
    console.error(error.message);
    process.exit(1);
  })
  .finally(() => progress.stop());
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
const out = await session.run({ features: new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, 11]) });
const data = out.probabilities!.data as Float32Array;
const onnxRows = rows.map((_, i) => Array.from(data.subarray(i * 3, i * 3 + 3)));
const maxDiff = Math.max(...onnxRows.flatMap((p, i) => p.map((v, j) => Math.abs(v - run.testProbabilities[i]![j]!))));
const sameBand = argmaxRows(onnxRows).every((c, i) => c === argmaxRows(run.testProbabilities)[i]);
console.log(`\nwrote ${modelPath} (checksum verified)`);
console.log(`parity on ${rows.length} test rows: max |onnx - tfjs| = ${maxDiff.toExponential(2)}, same band on every row: ${sameBand ? 'yes' : 'NO'}`);
run.model.dispose();
process.exitCode = maxDiff <= 1e-4 && sameBand ? 0 : 1;
