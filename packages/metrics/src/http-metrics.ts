// The RED metrics of an HTTP service: requests by method, route template and status class, and their durations.

import { Counter, Histogram, type Registry } from 'prom-client';
import { HTTP_DURATION_BUCKETS } from './buckets';

/** One answered HTTP request. `route` is a template (`/v2/models/:name/infer`) or `unmatched`, never a raw URL. */
export interface HttpObservation {
  readonly method: string;
  readonly route: string;
  readonly status: number;
  /** Wall time from the request's arrival to the end of its response, in seconds. */
  readonly seconds: number;
}

/** Records answered requests into `http_requests_total` and `http_request_duration_seconds`. */
export interface HttpMetrics {
  observe(e: HttpObservation): void;
}

/** The route label of a request no route matched (404s, scanners): one series, not one per URL. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Methods kept as labels; anything else (made-up verbs from scanners) is `other`, so labels stay bounded. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The status class label: `2xx`, `3xx`, `4xx` or `5xx` (anything outside 100-599 is `5xx`: the server sent
 * something it should not have).
 * @example statusClass(404) // '4xx'
 */
export function statusClass(status: number): string {
  if (!Number.isInteger(status) || status < 100 || status > 599) return '5xx';
  return `${Math.floor(status / 100)}xx`;
}

/**
 * Registers the HTTP RED metrics in `registry` (once per registry) and returns their recorder. Label children
 * are cached per (method, route, class), so recording a request is two map look-ups and two increments.
 */
export function createHttpMetrics(registry: Registry): HttpMetrics {
  const labelNames = ['method', 'route', 'status_class'] as const;
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by method, route template and status class.', labelNames, registers: [registry] });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from a request arriving to its response ending, in seconds, by method, route template and status class.',
    labelNames,
    buckets: HTTP_DURATION_BUCKETS,
    registers: [registry],
  });
  const children = new Map<string, { count: { inc(): void }; time: { observe(v: number): void } }>();
  return {
    observe({ method, route, status, seconds }) {
      const m = KNOWN_METHODS.has(method) ? method : 'other';
      const cls = statusClass(status);
      const key = `${m} ${cls} ${route}`;
      let child = children.get(key);
      if (!child) {
        const labels = { method: m, route, status_class: cls };
        child = { count: requests.labels(labels), time: duration.labels(labels) };
        children.set(key, child);
      }
      child.count.inc();
      child.time.observe(seconds);
    },
  };
}
