// Public surface of @mlops/serving: model loading, registry, v2 routes and their building blocks, micro-batcher.

export * from './load-model';
export * from './model-signature';
export * from './model-registry';
export * from './micro-batcher';
export * from './infer-handler';
export * from './infer-body';
export * from './infer-binary';
export * from './float32';
export * from './infer-response-json';
export * from './v2-metadata';
export * from './find-model';
export * from './metadata-router';
export * from './scoring-error';
export * from './inference-router';
export * from './inference-core';
export * from './inference-observer';
export * from './inference-plane';
export * from './serving-app';
export * from './serve-models';
export * from './model-leases';
export * from './warm-up';
export * from './admin-guard';
export * from './repository-index';
export * from './repository-router';
// Where models live, re-exported for servers and labs that depend on @mlops/serving only.
export { DEFAULT_MODEL_REPOSITORY, modelRepositoryFromEnv } from '@mlops/model-store';
