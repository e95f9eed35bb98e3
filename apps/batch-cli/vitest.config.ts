// Vitest settings for the batch CLI: the real CLI process against a real API, worker and Redis.
export { default } from '../../vitest.shared';
