// Runs YOUR lab 01 app for real: `npm start -w @mlops/lab-01-api-foundations`, then curl it on port 8081.
import { importLabModule, runLabMain } from '@mlops/lab-kit/runtime';
import { createLogger, serveWithGracefulShutdown } from '@mlops/http-service';

// An unfinished step prints "step N is not done yet: open ..." and exits 1, not a stack trace.
await runLabMain(async () => {
  // Your files: your app factory (with your error handler and, through predict-route.ts, your validation) and your rule model.
  const { createApp } = await importLabModule<typeof import('./starter/create-app')>(import.meta.dirname, 'create-app.ts');
  const { baselinePredictor } = await importLabModule<typeof import('./starter/baseline-model')>(import.meta.dirname, 'baseline-model.ts');
  const port = Number(process.env.PORT ?? 8081);
  const logger = createLogger({ name: 'lab-01' });
  const { port: bound } = await serveWithGracefulShutdown(createApp({ logger, predictor: baselinePredictor }), { port, logger });
  logger.info(`lab 01 API listening on http://127.0.0.1:${bound}; try: curl -s http://127.0.0.1:${bound}/healthz`);
});
