// Serves YOUR lab 03 code for real: `npm start -w @mlops/lab-03-serve-onnx`, then curl port 8083 (see README).
import { serveWithGracefulShutdown } from '@mlops/http-service/graceful-shutdown';
import { createLogger } from '@mlops/http-service/logger';
import { importLabModule, runLabMain } from '@mlops/lab-kit/runtime';
import { ModelRegistry, modelRepositoryFromEnv } from '@mlops/serving';
import { createLabServingApp } from './lab-server';

// An unfinished step prints "step N is not done yet: open ..." and exits 1, not a stack trace; while serving,
// the same message is the 500 answer of the request that reached it.
await runLabMain(async () => {
  const handler = await importLabModule<typeof import('./starter/infer-handler')>(import.meta.dirname, 'infer-handler.ts');
  const batching = await importLabModule<typeof import('./starter/micro-batcher')>(import.meta.dirname, 'micro-batcher.ts');

  const port = Number(process.env.PORT ?? 8083);
  const batchOptions =
    process.env.BATCHING === 'off' ? false : { maxBatchSize: Number(process.env.MAX_BATCH_SIZE ?? 256), maxQueueDelayMs: Number(process.env.MAX_QUEUE_DELAY_MS ?? 0) };
  const registry = await ModelRegistry.open({ repository: modelRepositoryFromEnv(), models: [{ name: 'wine-quality' }] });
  const app = createLabServingApp({ registry, learner: { handler, batching }, batching: batchOptions });
  const logger = createLogger({ name: 'lab-03' });
  // SIGTERM / Ctrl-C: stop accepting, answer requests in flight, then drain your micro-batcher and free the model.
  const { port: bound } = await serveWithGracefulShutdown(app, { port, logger, onClose: () => registry.close() });
  console.log(`lab 03: v2 inference on http://127.0.0.1:${bound}; try: curl -s http://127.0.0.1:${bound}/v2/models/wine-quality`);
});
