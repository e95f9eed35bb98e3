// Public surface of @mlops/batch: batch API router, producer, chunk processor, retry policy, worker, results.

export * from './batch-space';
export * from './batch-store';
export * from './batch-queue';
export * from './batch-router';
export * from './chunk-codec';
export * from './chunk-errors';
export * from './chunk-failure';
export * from './chunk-processor';
export * from './chunk-producer';
export * from './csv-rows';
export * from './json-rows';
export * from './results-stream';
export * from './retry-policy';
export * from './row-problem';
export * from './settle-within';
export * from './submit-batch';
export * from './upload-body';
export * from './batch-worker';
