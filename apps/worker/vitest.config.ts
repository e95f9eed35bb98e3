// Vitest settings for the worker app: real processes against a real Redis.
export { default } from '../../vitest.shared';
