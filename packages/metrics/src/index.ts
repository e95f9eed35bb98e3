// Public surface of @mlops/metrics: registry, HTTP RED metrics, inference and batch metrics, exposition, promtool.

export * from './metrics-registry';
export * from './buckets';
export * from './http-metrics';
export * from './route-label';
export * from './http-middleware';
export * from './inference-events';
export * from './inference-metrics';
export * from './model-info';
export * from './batch-metrics';
export * from './exposition';
export * from './metrics-server';
export { Registry } from 'prom-client';
