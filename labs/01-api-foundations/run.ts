// Runs YOUR lab 01 app for real: `npm start -w @mlops/lab-01-api-foundations`, then curl it on port 8081.
import { importLabModule } from '@mlops/lab-kit/lab-module';
import { createLogger, serveWithGracefulShutdown } from '@mlops/web';

const { createApp } = await importLabModule<typeof import('./starter/create-app')>(import.meta.dirname, 'create-app.ts');
const port = Number(process.env.PORT ?? 8081);
const logger = createLogger({ name: 'lab-01' });
const { port: bound } = await serveWithGracefulShutdown(createApp({ logger }), { port, logger });
logger.info(`lab 01 API listening on http://127.0.0.1:${bound}; try: curl -s http://127.0.0.1:${bound}/healthz`);
