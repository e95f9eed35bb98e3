// Public surface of @mlops/redis: URL from the environment, connection factories, eviction-policy check.

export * from './redis-url';
export * from './connections';
export * from './eviction-policy';
