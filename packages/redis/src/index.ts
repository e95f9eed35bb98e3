// Public surface of @mlops/redis: URL from the environment, connection factories, eviction-policy check, transactions, errors.

export * from './redis-url';
export * from './connections';
export * from './errors';
export * from './eviction-policy';
export * from './redis-transaction';
