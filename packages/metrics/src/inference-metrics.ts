// Inference metrics like Triton's and KServe's: outcomes, queue wait vs compute, rows per run, predictions per class.

import { Counter, Histogram, type Registry } from 'prom-client';
import { BATCH_ROWS_BUCKETS, INFERENCE_SECONDS_BUCKETS } from './buckets';
import type { HttpMetrics } from './http-metrics';
import { tallyCounter, tallyHistogram } from './tally';
import type { InferenceEvents } from './inference-events';

/** The inference metrics, by model and version. */
export interface InferenceMetricSet {
  /** Finished infer requests, by `outcome` too. */
  readonly requests: Counter<'model' | 'version' | 'outcome'>;
  /** Seconds a micro-batch waited before onnxruntime started it. */
  readonly queue: Histogram<'model' | 'version'>;
  /** Seconds onnxruntime took per run. */
  readonly compute: Histogram<'model' | 'version'>;
  /** Rows per onnxruntime run. */
  readonly batchRows: Histogram<'model' | 'version'>;
  /** Predicted rows, by `class` too. */
  readonly predictions: Counter<'model' | 'version' | 'class'>;
}

/**
 * Registers `inference_requests_total{model,version,outcome}`, `inference_queue_seconds` and
 * `inference_compute_seconds` (the split Triton reports: waiting for a micro-batch vs running in onnxruntime,
 * {@link INFERENCE_SECONDS_BUCKETS}), `inference_batch_rows` (rows per run, {@link BATCH_ROWS_BUCKETS}) and
 * `inference_predictions_total{model,version,class}` in `registry`.
 */
export function registerInferenceMetrics(registry: Registry): InferenceMetricSet {
  // #region solution step 4: two counters and three histograms, named and labelled as the README's table says
  const registers = [registry];
  const requests = new Counter({ name: 'inference_requests_total', help: 'Infer requests finished, by model, version and outcome (success, client_error, server_error).', labelNames: ['model', 'version', 'outcome'] as const, registers });
  const queue = new Histogram({ name: 'inference_queue_seconds', help: 'Time a micro-batch waited before onnxruntime started it, in seconds.', labelNames: ['model', 'version'] as const, buckets: INFERENCE_SECONDS_BUCKETS, registers });
  const compute = new Histogram({ name: 'inference_compute_seconds', help: 'Time in onnxruntime per run, in seconds.', labelNames: ['model', 'version'] as const, buckets: INFERENCE_SECONDS_BUCKETS, registers });
  const batchRows = new Histogram({ name: 'inference_batch_rows', help: 'Rows per onnxruntime run: the batch size the micro-batcher achieved.', labelNames: ['model', 'version'] as const, buckets: BATCH_ROWS_BUCKETS, registers });
  const predictions = new Counter({ name: 'inference_predictions_total', help: 'Rows predicted, by model, version and predicted class.', labelNames: ['model', 'version', 'class'] as const, registers });
  return { requests, queue, compute, batchRows, predictions };
  // #endregion solution
}

/**
 * Registers the inference metrics ({@link registerInferenceMetrics}) and returns an observer for the serving data
 * plane that records what it reports. With `http`, the data plane's answered requests go into the HTTP RED
 * metrics too (`onResponse`). The callbacks run on the request path: they call the metrics through tallies
 * ({@link tallyCounter}, {@link tallyHistogram}: the same `inc`/`observe`, in plain numbers, handed over on each scrape).
 * @example createInferencePlane({ registry: models, observer: createInferenceMetricsObserver(metricsRegistry, http) })
 */
export function createInferenceMetricsObserver(registry: Registry, http?: HttpMetrics): InferenceEvents {
  const metrics = registerInferenceMetrics(registry);
  // The same calls as on prom-client's metrics, counted in plain numbers and handed over on each scrape.
  const requests = tallyCounter(metrics.requests, ['model', 'version', 'outcome']);
  const queue = tallyHistogram(metrics.queue, ['model', 'version']);
  const compute = tallyHistogram(metrics.compute, ['model', 'version']);
  const batchRows = tallyHistogram(metrics.batchRows, ['model', 'version']);
  const predictions = tallyCounter(metrics.predictions, ['model', 'version', 'class']);
  const observer: InferenceEvents = {
    onInfer({ model, version, outcome }) {
      // #region solution step 5: count the finished request under its model, version and outcome
      requests.inc({ model, version, outcome });
      // #endregion solution
    },
    onRun({ model, version, rows, queueSeconds, computeSeconds }) {
      // #region solution step 5: observe the run's queue seconds, compute seconds and rows
      const labels = { model, version };
      queue.observe(labels, queueSeconds);
      compute.observe(labels, computeSeconds);
      batchRows.observe(labels, rows);
      // #endregion solution
    },
    onScored({ model, version, rows, predicted, labels }) {
      // #region solution step 5: count every row under its predicted class label, labels[predicted[i]]
      // One update per predicted class, not per row: a 1,024-row request is still a few updates.
      const counts = new Array<number>(labels.length).fill(0);
      for (let i = 0; i < rows; i++) counts[predicted[i]!]! += 1;
      counts.forEach((n, k) => {
        if (n > 0) predictions.inc({ model, version, class: labels[k]! }, n);
      });
      // #endregion solution
    },
  };
  if (http) observer.onResponse = (e) => http.observe(e);
  return observer;
}
