// Public surface of @mlops/model-store: repository layout, manifest schema, read/verify/write, aliases, named errors.

export * from './errors';
export * from './manifest-schema';
export * from './repository';
export * from './read-model';
export * from './write-model-version';
export * from './class-probabilities';
export * from './alias-schema';
export { readAliases, readAliasHistory, setAlias, type AliasChange, type AliasChangeResult, type ChangeAuthor } from './aliases';
export * from './rollback';
export * from './resolve-model-version';
