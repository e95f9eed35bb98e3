// Serves YOUR lab 03 code for real: `npm start -w @mlops/lab-03-serve-onnx`, then curl port 8083 (see README).
import { importLabModule } from '@mlops/lab-kit/lab-module';
import { modelRepositoryFromEnv, serveModels } from '@mlops/serving';

const handler = await importLabModule<typeof import('./starter/infer-handler')>(import.meta.dirname, 'infer-handler.ts');
const batcher = await importLabModule<typeof import('./starter/micro-batcher')>(import.meta.dirname, 'micro-batcher.ts');

const port = Number(process.env.PORT ?? 8083);
const batching = process.env.BATCHING === 'off' ? false : { maxBatchSize: Number(process.env.MAX_BATCH_SIZE ?? 256), maxQueueDelayMs: Number(process.env.MAX_QUEUE_DELAY_MS ?? 0) };
const { port: bound } = await serveModels({
  repository: modelRepositoryFromEnv(),
  models: [{ name: 'wine-quality' }],
  port,
  batching,
  parts: { parseInferRequest: handler.parseInferRequest, buildInferResponse: handler.buildInferResponse, MicroBatcher: batcher.MicroBatcher },
});
console.log(`lab 03: v2 inference on http://127.0.0.1:${bound}; try: curl -s http://127.0.0.1:${bound}/v2/models/wine-quality`);
