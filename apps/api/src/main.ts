// Starts the API: read configuration, build the app, listen on PORT, shut down gracefully on SIGTERM.

import { createLogger, serveWithGracefulShutdown } from '@mlops/http-service';
import { buildApi } from './build-api';
import { readConfig } from './config';

let config: ReturnType<typeof readConfig>;
try {
  config = readConfig();
} catch (error) {
  // No logger yet: its level is part of the configuration that just failed.
  console.error(`API did not start: ${(error as Error).message}`);
  process.exit(1);
}
const logger = createLogger({ name: 'api', level: config.LOG_LEVEL });
try {
  const api = await buildApi(config, logger);
  const { port } = await serveWithGracefulShutdown(api.app, {
    port: config.PORT,
    host: config.HOST,
    logger,
    drainTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    onClose: api.close,
  });
  const shown = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  logger.info({ port, host: config.HOST }, `API listening on http://${shown}:${port} (try GET /healthz, GET /v2/models/${config.MODEL_NAME})`);
} catch (error) {
  logger.fatal(`API did not start: ${(error as Error).message}`);
  process.exitCode = 1;
}
