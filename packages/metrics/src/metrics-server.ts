// A tiny HTTP server that only answers GET /metrics (and /healthz), for processes without an HTTP API: batch workers.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { metricsHandler, type ExtraMetrics } from './exposition';

/** Options of {@link serveMetrics}. */
export interface MetricsServerOptions {
  readonly registry: Registry;
  /** TCP port; 0 picks a free one (tests). */
  readonly port: number;
  /** Interface to bind. @defaultValue '127.0.0.1' */
  readonly host?: string;
  readonly extras?: readonly ExtraMetrics[];
  /** Called when an extra source fails during a scrape (it is left out of that scrape). */
  readonly onExtraError?: (error: unknown) => void;
}

/** A listening metrics server. */
export interface MetricsServer {
  /** The port it listens on (the real one when 0 was asked). */
  readonly port: number;
  readonly server: Server;
  /** Stops listening and closes idle connections (a scrape in flight finishes). */
  close(): Promise<void>;
}

/**
 * Listens on `port` and answers `GET /metrics` with the registry's metrics plus the extras, `GET /healthz` with
 * 200, other paths with 404 and other methods with 405 (short JSON messages).
 * @example const server = await serveMetrics({ registry, port: 9464, extras: [() => queue.exportPrometheusMetrics()] });
 */
export async function serveMetrics(options: MetricsServerOptions): Promise<MetricsServer> {
  const handle = metricsHandler(options.registry, options.extras, options.onExtraError);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, body: object, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    };
    if (path !== '/metrics' && path !== '/healthz') return send(404, { error: `no route ${path}: this port serves GET /metrics and GET /healthz` });
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, { error: `${req.method} is not allowed: use GET` }, { allow: 'GET, HEAD' });
    if (path === '/healthz') return send(200, { status: 'ok' });
    handle(req, res);
  });
  // Scrapes are small GETs; bound how long a slow client may hold a connection.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
