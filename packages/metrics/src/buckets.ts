// Histogram buckets of the service metrics, chosen for a sub-millisecond model behind a few-millisecond HTTP path.

/** Request durations in seconds: 0.5 ms to 10 s, dense around the 1-100 ms a healthy API answers in. */
export const HTTP_DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Micro-batch queue wait and onnxruntime compute in seconds: 50 µs to 1 s. */
export const INFERENCE_SECONDS_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/** Rows per onnxruntime run: powers of two up to the largest request (1,024 rows) and beyond. */
export const BATCH_ROWS_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096, 16384];

/** Batch chunk durations in seconds: 5 ms to 60 s. */
export const CHUNK_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
