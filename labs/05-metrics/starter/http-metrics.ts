// The RED metrics of an HTTP service: requests by method, route template and status class, and their durations.

import { Counter, Histogram, type Registry } from 'prom-client';
import { HTTP_DURATION_BUCKETS } from '@mlops/metrics/buckets';
import { tallyCounter, tallyHistogram, type CounterSeries, type HistogramSeries } from '@mlops/metrics/tally';
import { notImplemented } from '@mlops/lab-kit/runtime';

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
  // TODO step 1: 2xx, 3xx, 4xx or 5xx; anything that is not an integer from 100 to 599 is 5xx
  throw notImplemented('src/http-metrics.ts', 'step 1: 2xx, 3xx, 4xx or 5xx; anything that is not an integer from 100 to 599 is 5xx');
}

/** The two metrics behind {@link HttpMetrics}. */
export interface HttpMetricSet {
  /** How many requests were answered: only ever goes up. */
  readonly requests: Counter<'method' | 'route' | 'status_class'>;
  /** How long they took, in seconds, in buckets (quantiles are computed from them in PromQL). */
  readonly duration: Histogram<'method' | 'route' | 'status_class'>;
}

/**
 * Registers `http_requests_total` (a counter) and `http_request_duration_seconds` (a histogram with
 * {@link HTTP_DURATION_BUCKETS}), both labelled `method`, `route` and `status_class`, in `registry`.
 */
export function registerHttpMetrics(registry: Registry): HttpMetricSet {
  // TODO step 1: a counter of requests and a histogram of durations in seconds, labelled method, route, status_class
  throw notImplemented('src/http-metrics.ts', 'step 1: a counter of requests and a histogram of durations in seconds, labelled method, route, status_class');
}

/**
 * Registers the HTTP RED metrics in `registry` (once per registry) and returns their recorder. A request costs
 * a few map lookups and additions in plain numbers (the series of each method, route and status is found once
 * and kept); a scrape hands the totals to prom-client ({@link tallyCounter}, {@link tallyHistogram}).
 */
export function createHttpMetrics(registry: Registry): HttpMetrics {
  const { requests, duration } = registerHttpMetrics(registry);
  const names = ['method', 'route', 'status_class'] as const;
  const counted = tallyCounter(requests, names);
  const timed = tallyHistogram(duration, names);
  type Pair = { readonly count: CounterSeries; readonly time: HistogramSeries };
  const cache = new Map<string, Map<string, Map<number, Pair>>>();
  let cached = 0;
  const pairOf = (method: string, route: string, status: number): Pair => {
    const pair = cache.get(method)?.get(route)?.get(status);
    if (pair !== undefined) return pair;
    const labels = { method: KNOWN_METHODS.has(method) ? method : 'other', route, status_class: statusClass(status) };
    const made = { count: counted.series(labels), time: timed.series(labels) };
    // The series are bounded by their labels; the cache by a cap of its own (a method outside the set is `other`).
    if (cached < MAX_CACHED) {
      cached += 1;
      let byRoute = cache.get(method);
      if (byRoute === undefined) cache.set(method, (byRoute = new Map()));
      let byStatus = byRoute.get(route);
      if (byStatus === undefined) byRoute.set(route, (byStatus = new Map()));
      byStatus.set(status, made);
    }
    return made;
  };
  return {
    observe({ method, route, status, seconds }) {
      const pair = pairOf(method, route, status);
      pair.count.inc();
      pair.time.observe(seconds);
    },
  };
}

/** How many method, route and status combinations the recorder keeps at hand (the rest are looked up by label). */
const MAX_CACHED = 1024;
