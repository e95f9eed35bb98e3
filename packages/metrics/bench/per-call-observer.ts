// The benchmark's baseline: the same metrics recorded with a prom-client inc/observe on every call (no tallies).

import { Counter, Histogram, Registry } from 'prom-client';
import { BATCH_ROWS_BUCKETS, HTTP_DURATION_BUCKETS, INFERENCE_SECONDS_BUCKETS } from '../src/buckets';
import { statusClass } from '../src/http-metrics';
import type { InferenceEvents } from '../src/inference-events';

/** An observer recording the HTTP and inference metrics straight into prom-client, one labels object per call. */
export function createPerCallObserver(): InferenceEvents {
  const registers = [new Registry()];
  const http = ['method', 'route', 'status_class'] as const;
  const mv = ['model', 'version'] as const;
  const httpRequests = new Counter({ name: 'http_requests_total', help: 'h', labelNames: http, registers });
  const httpDuration = new Histogram({ name: 'http_request_duration_seconds', help: 'h', labelNames: http, buckets: HTTP_DURATION_BUCKETS, registers });
  const requests = new Counter({ name: 'inference_requests_total', help: 'h', labelNames: [...mv, 'outcome'] as const, registers });
  const queue = new Histogram({ name: 'inference_queue_seconds', help: 'h', labelNames: mv, buckets: INFERENCE_SECONDS_BUCKETS, registers });
  const compute = new Histogram({ name: 'inference_compute_seconds', help: 'h', labelNames: mv, buckets: INFERENCE_SECONDS_BUCKETS, registers });
  const batchRows = new Histogram({ name: 'inference_batch_rows', help: 'h', labelNames: mv, buckets: BATCH_ROWS_BUCKETS, registers });
  const predictions = new Counter({ name: 'inference_predictions_total', help: 'h', labelNames: [...mv, 'class'] as const, registers });
  return {
    onResponse({ method, route, status, seconds }) {
      const labels = { method, route, status_class: statusClass(status) };
      httpRequests.inc(labels);
      httpDuration.observe(labels, seconds);
    },
    onInfer({ model, version, outcome }) {
      requests.inc({ model, version, outcome });
    },
    onRun({ model, version, rows, queueSeconds, computeSeconds }) {
      const labels = { model, version };
      queue.observe(labels, queueSeconds);
      compute.observe(labels, computeSeconds);
      batchRows.observe(labels, rows);
    },
    onScored({ model, version, rows, predicted, labels }) {
      const counts = new Array<number>(labels.length).fill(0);
      for (let i = 0; i < rows; i++) counts[predicted[i]!]! += 1;
      counts.forEach((n, k) => {
        if (n > 0) predictions.inc({ model, version, class: labels[k]! }, n);
      });
    },
  };
}
