// Inference metrics like Triton's and KServe's: outcomes, queue wait vs compute, rows per run, predictions per class.

import { Counter, Histogram, type Registry } from 'prom-client';
import { BATCH_ROWS_BUCKETS, INFERENCE_SECONDS_BUCKETS } from './buckets';
import type { HttpMetrics } from './http-metrics';
import type { InferenceEvents } from './inference-events';

/** A counter or histogram child: what one (model, version) records into. */
interface ModelChildren {
  queue: { observe(v: number): void };
  compute: { observe(v: number): void };
  batchRows: { observe(v: number): void };
  outcomes: Map<string, { inc(n?: number): void }>;
  classes: Map<string, { inc(n?: number): void }>;
}

/**
 * Registers the inference metrics in `registry` and returns an observer for the serving data plane:
 * `inference_requests_total{model,version,outcome}`, `inference_queue_seconds` and `inference_compute_seconds`
 * (the split Triton reports: time waiting for a micro-batch vs time in onnxruntime),
 * `inference_batch_rows` (rows per onnxruntime run: the real batch size) and
 * `inference_predictions_total{model,version,class}`. With `http`, the data plane's answered requests go into
 * the HTTP RED metrics too (`onResponse`). Label children are cached per model version.
 * @example createInferenceRouter({ registry: models, observer: createInferenceMetricsObserver(metricsRegistry, http) })
 */
export function createInferenceMetricsObserver(registry: Registry, http?: HttpMetrics): InferenceEvents {
  const registers = [registry];
  const requests = new Counter({ name: 'inference_requests_total', help: 'Infer requests finished, by model, version and outcome (success, client_error, server_error).', labelNames: ['model', 'version', 'outcome'], registers });
  const queue = new Histogram({ name: 'inference_queue_seconds', help: 'Time a request waited for its micro-batch to start, in seconds (per onnxruntime run).', labelNames: ['model', 'version'], buckets: INFERENCE_SECONDS_BUCKETS, registers });
  const compute = new Histogram({ name: 'inference_compute_seconds', help: 'Time in onnxruntime per run, in seconds.', labelNames: ['model', 'version'], buckets: INFERENCE_SECONDS_BUCKETS, registers });
  const batchRows = new Histogram({ name: 'inference_batch_rows', help: 'Rows per onnxruntime run: the batch size the micro-batcher achieved.', labelNames: ['model', 'version'], buckets: BATCH_ROWS_BUCKETS, registers });
  const predictions = new Counter({ name: 'inference_predictions_total', help: 'Rows predicted, by model, version and predicted class.', labelNames: ['model', 'version', 'class'], registers });

  const byModel = new Map<string, ModelChildren>();
  const childrenOf = (model: string, version: string): ModelChildren => {
    const key = `${model}\u0000${version}`;
    let c = byModel.get(key);
    if (!c) {
      c = {
        queue: queue.labels({ model, version }),
        compute: compute.labels({ model, version }),
        batchRows: batchRows.labels({ model, version }),
        outcomes: new Map(),
        classes: new Map(),
      };
      byModel.set(key, c);
    }
    return c;
  };
  const observer: InferenceEvents = {
    onInfer({ model, version, outcome }) {
      const c = childrenOf(model, version);
      let child = c.outcomes.get(outcome);
      if (!child) c.outcomes.set(outcome, (child = requests.labels({ model, version, outcome })));
      child.inc();
    },
    onRun({ model, version, rows, queueSeconds, computeSeconds }) {
      const c = childrenOf(model, version);
      c.queue.observe(queueSeconds);
      c.compute.observe(computeSeconds);
      c.batchRows.observe(rows);
    },
    onScored({ model, version, rows, predicted, labels }) {
      const c = childrenOf(model, version);
      // Count per class first: one increment per class, not one per row.
      const counts = new Array<number>(labels.length).fill(0);
      for (let i = 0; i < rows; i++) {
        const k = predicted[i]!;
        if (k >= 0 && k < counts.length) counts[k]! += 1;
      }
      for (let k = 0; k < labels.length; k++) {
        if (counts[k] === 0) continue;
        const label = labels[k]!;
        let child = c.classes.get(label);
        if (!child) c.classes.set(label, (child = predictions.labels({ model, version, class: label })));
        child.inc(counts[k]);
      }
    },
  };
  if (http) observer.onResponse = (e) => http.observe(e);
  return observer;
}
