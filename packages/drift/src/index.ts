// Public surface of @mlops/drift: exact per-feature drift statistics, the data set verdict, live drift gauges.

export * from './sorted-sample';
export * from './radix-sort';
export * from './ks-test';
export * from './ks-exact';
export * from './wasserstein';
export * from './binned';
export * from './drift-options';
export * from './feature-drift';
export * from './dataset-drift';
export * from './profile-drift';
export * from './sampled-window';
export * from './drift-gauges';
export * from './live-drift';
export * from './live-drift-config';
