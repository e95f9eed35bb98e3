// Public surface of @mlops/serving: model loading, registry, v2 inference router, micro-batcher.

export * from './load-model';
export * from './model-signature';
export * from './model-registry';
export * from './micro-batcher';
export * from './infer-handler';
export * from './infer-response-json';
export * from './v2-metadata';
export * from './inference-router';
