// The /metrics answer: a registry's text exposition plus extra exposition text (BullMQ's queue metrics).

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

/** More exposition text to append, e.g. `() => queue.exportPrometheusMetrics()`. Must use its own metric names. */
export type ExtraMetrics = () => Promise<string> | string;

/** The Prometheus text format's content type, as prom-client writes it. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * The registry's exposition followed by each extra source's. An extra source that fails (Redis away) is left
 * out, so the process's own metrics are still scraped; its failure is counted by whoever calls `onExtraError`.
 */
export async function metricsText(registry: Registry, extras: readonly ExtraMetrics[] = [], onExtraError?: (error: unknown) => void): Promise<string> {
  const parts = await Promise.all([
    registry.metrics(),
    ...extras.map(async (extra) => {
      try {
        return await extra();
      } catch (error) {
        onExtraError?.(error);
        return '';
      }
    }),
  ]);
  // Every part ends with exactly one newline, as the text format wants.
  return parts.filter((p) => p.trim() !== '').map((p) => (p.endsWith('\n') ? p : `${p}\n`)).join('');
}

/**
 * A request handler (Express or plain `node:http`) answering `GET /metrics` with {@link metricsText}.
 * @example app.get('/metrics', metricsHandler(registry));
 */
export function metricsHandler(registry: Registry, extras: readonly ExtraMetrics[] = [], onExtraError?: (error: unknown) => void): (req: IncomingMessage, res: ServerResponse) => void {
  return (_req, res) => {
    metricsText(registry, extras, onExtraError).then(
      (text) => {
        res.statusCode = 200;
        res.setHeader('content-type', METRICS_CONTENT_TYPE);
        res.setHeader('cache-control', 'no-store');
        res.end(text);
      },
      (error: unknown) => {
        res.statusCode = 500;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ error: `could not collect metrics: ${(error as Error).message}` }));
      },
    );
  };
}
