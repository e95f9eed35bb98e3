// Public surface of @mlops/model-store: repository layout, manifest schema, read/verify/write, named errors.

export * from './errors';
export * from './manifest-schema';
export * from './repository';
export * from './read-model';
export * from './write-model-version';
export * from './class-probabilities';
