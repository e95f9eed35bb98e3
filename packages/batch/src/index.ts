// Public surface of @mlops/batch: batch API router, producer, chunk processor, retry policy, worker, results, job types, errors.

export * from './batch-owner';
export * from './batch-space';
export * from './batch-store';
export * from './batch-queue';
export * from './batch-router';
export * from './chunk-codec';
export * from './chunk-failure';
export * from './chunk-processor';
export * from './chunk-producer';
export * from './csv-ingest';
export * from './csv-row-batches';
export * from './csv-rows';
export * from './errors';
export * from './failure-record';
export * from './job-types';
export * from './json-rows';
export * from './results-stream';
export * from './retry-policy';
export * from './row-problem';
export * from './row-scorer';
export * from './settle-within';
export * from './submit-batch';
export * from './upload-body';
export * from './upload-lease';
export * from './batch-worker';
