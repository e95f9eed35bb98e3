// Public surface of @mlops/drift: exact per-feature drift statistics, the data set verdict, the HTML report.

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
