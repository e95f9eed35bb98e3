// InferenceObserver: production instrumentation of the inference routes (metrics, live drift), guarded so it never breaks a request.

/** Outcome of one infer request: 2xx, 4xx or 5xx. */
export type InferOutcome = 'success' | 'client_error' | 'server_error';

/**
 * Optional callbacks the inference routes call as they work, for metrics and live drift monitoring.
 * Every callback is optional; each is called synchronously on the request path, so keep it cheap
 * (increment a counter, copy into a ring buffer). A callback that throws is caught and reported once
 * (see {@link guardObserver}): an observer can never fail or slow down a request beyond its own cost.
 *
 * Labels stay bounded: `model` is a configured model name (`"unknown"` for names the server does not
 * serve), `route` is the route template (`/v2/models/:name/infer`), never the raw path.
 */
export interface InferenceObserver {
  /** One HTTP request answered by the data plane (any route it serves, any status). `route` is the template. */
  onResponse?(e: { method: string; route: string; status: number; seconds: number }): void;
  /** One infer request finished, answered or refused. `rows` is 0 when the request failed before its shape was known. */
  onInfer?(e: { model: string; version: string; outcome: InferOutcome; rows: number; seconds: number }): void;
  /** One onnxruntime run (a micro-batch, or an unbatched request): its rows, how long its oldest request queued, the run's time. */
  onRun?(e: { model: string; version: string; rows: number; queueSeconds: number; computeSeconds: number }): void;
  /**
   * Rows scored for one request: features row-major (`rows x featureCount`, the model's float32 input),
   * the predicted class index of each row (highest probability, the first on a tie) and the class labels.
   * The arrays are only valid during the call: copy what you keep.
   */
  onScored?(e: {
    model: string;
    version: string;
    features: Float32Array;
    featureCount: number;
    rows: number;
    predicted: ArrayLike<number>;
    labels: readonly string[];
  }): void;
}

/**
 * The observer with every callback wrapped in a try/catch: a throwing callback is reported to `onError`
 * (first failure per callback only, so a broken observer cannot flood the log) and the request goes on.
 * Returns undefined for an undefined observer, so call sites pay one `if` when nobody observes.
 */
export function guardObserver(observer: InferenceObserver | undefined, onError: (error: unknown, callback: string) => void): InferenceObserver | undefined {
  if (!observer) return undefined;
  const guarded: InferenceObserver = {};
  for (const name of ['onResponse', 'onInfer', 'onRun', 'onScored'] as const) {
    const callback = observer[name] as ((e: unknown) => void) | undefined;
    if (typeof callback !== 'function') continue;
    let reported = false;
    (guarded as Record<string, (e: unknown) => void>)[name] = (e: unknown): void => {
      try {
        callback.call(observer, e);
      } catch (error) {
        if (!reported) {
          reported = true;
          onError(error, name);
        }
      }
    };
  }
  return guarded;
}
