// Vitest settings for the retrainer app: a real process against a real Redis.
export { default } from '../../vitest.shared';
