// The events a serving data plane reports about inference (the shape of @mlops/serving's InferenceObserver).

/** How an infer request ended. */
export type InferOutcome = 'success' | 'client_error' | 'server_error';

/**
 * What the data plane reports. Structurally the same as `InferenceObserver` in `@mlops/serving`, declared here
 * so the metrics package does not depend on the serving package. Every method must be cheap and never throw.
 */
export interface InferenceEvents {
  /** One HTTP request answered by the data plane. `route` is the template. */
  onResponse?(e: { method: string; route: string; status: number; seconds: number }): void;
  /** One infer request finished. */
  onInfer?(e: { model: string; version: string; outcome: InferOutcome; rows: number; seconds: number }): void;
  /** One onnxruntime run (a micro-batch, or an unbatched request). */
  onRun?(e: { model: string; version: string; rows: number; queueSeconds: number; computeSeconds: number }): void;
  /** Rows scored: row-major features, the predicted class index per row and the class labels. */
  onScored?(e: { model: string; version: string; features: Float32Array; featureCount: number; rows: number; predicted: ArrayLike<number>; labels: readonly string[] }): void;
}
