// Starts the worker's /metrics server: process, chunk and queue metrics on METRICS_PORT.

import type { Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { ChunkJobData, ChunkOutcome } from '@mlops/batch';
import { createBatchMetrics, createModelInfo, serveMetrics, type MetricsServer, type Registry } from '@mlops/metrics';
import type { WorkerConfig } from './config';
import { CHUNK_FAILURE_REASONS, observeChunkWorker, queueMetrics } from './worker-metrics';

/** What the metrics report on. */
export interface WorkerMetricsDeps {
  readonly worker: Worker<ChunkJobData, ChunkOutcome>;
  /** The chunk queue, for BullMQ's jobs-by-state counts. */
  readonly queue: Pick<Queue, 'exportPrometheusMetrics'>;
  readonly model: { readonly name: string; readonly version: string; readonly sha256: string };
  /** The registry to serve (the caller may have registered metrics of its own in it: live drift). */
  readonly registry: Registry;
}

/**
 * Registers the worker's metrics in `deps.registry` and serves them. When METRICS_PORT was not set and
 * the default port is taken (another worker on this machine), it listens on a free port instead and says so.
 * @throws Error naming METRICS_PORT when an explicitly set port cannot be used.
 */
export async function startWorkerMetrics(config: WorkerConfig, deps: WorkerMetricsDeps, log: Logger): Promise<MetricsServer> {
  const { registry } = deps;
  observeChunkWorker(deps.worker, createBatchMetrics(registry, { reasons: CHUNK_FAILURE_REASONS }));
  createModelInfo(registry).set([deps.model]);
  const options = {
    registry,
    host: config.metrics.host,
    extras: [queueMetrics(deps.queue)],
    onExtraError: (error: unknown) => log.debug({ err: (error as Error).message }, 'queue metrics left out of this scrape'),
  };
  let server: MetricsServer;
  try {
    server = await serveMetrics({ ...options, port: config.metrics.port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw new Error(`metrics server did not start: ${(error as Error).message}`, { cause: error });
    if (!config.metrics.portIsDefault) throw new Error(`METRICS_PORT ${config.metrics.port} is already in use: give each worker on this machine its own METRICS_PORT`, { cause: error });
    server = await serveMetrics({ ...options, port: 0 });
    log.warn({ port: server.port }, `default metrics port ${config.metrics.port} is taken (another worker?): metrics on port ${server.port}; set METRICS_PORT per worker to scrape each`);
  }
  const shown = config.metrics.host === '0.0.0.0' || config.metrics.host === '::' ? '127.0.0.1' : config.metrics.host;
  log.info({ metricsPort: server.port }, `metrics on http://${shown}:${server.port}/metrics`);
  return server;
}
