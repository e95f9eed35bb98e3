// Vitest settings for @mlops/redis: integration tests against a real Redis.
export { default } from '../../vitest.shared';
