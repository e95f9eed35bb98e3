// Public surface of @mlops/dataset: feature schema, bundled file paths, CSV loader, seeded split.

export * from './feature-schema';
export * from './csv-format-error';
export * from './csv-records';
export * from './parse-wine-csv';
export * from './paths';
export * from './read-wine-csv';
export * from './split-dataset';
