// Public surface of @mlops/retraining: the retrain job, its queue and worker, the HTTP routes, named errors.

export * from './errors';
export * from './job-types';
export * from './retraining-space';
export * from './training-data';
export * from './rejection-log';
export * from './run-retraining';
export * from './retrain-processor';
export * from './retrain-queue';
export * from './retrain-worker';
export * from './job-status';
export * from './alert-payload';
export * from './alert-episodes';
export * from './rate-limit';
export * from './trigger-context';
export * from './retraining-router';
export * from './routes-config';
export * from './alert-webhook';
export * from './manual-trigger';
