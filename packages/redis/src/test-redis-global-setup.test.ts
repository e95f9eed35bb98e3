// The vitest global set-up changes nothing where a Redis is configured or answers locally.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import setup, { CONTAINER_FAILURE_ENV } from './test-redis-global-setup';

// Only the paths that need no Docker: with a Redis answering (or REDIS_URL set) nothing may change.
const saved = { ...process.env };
beforeEach(() => {
  delete process.env[CONTAINER_FAILURE_ENV];
});
afterEach(() => {
  for (const key of ['REDIS_URL', 'TEST_REDIS_LOCAL_URL', CONTAINER_FAILURE_ENV]) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

describe('the Redis global set-up', () => {
  it('leaves REDIS_URL alone and starts nothing when it is set', async () => {
    process.env.REDIS_URL = 'redis://127.0.0.1:1';
    expect(await setup()).toBeUndefined();
    expect(process.env.REDIS_URL).toBe('redis://127.0.0.1:1');
    expect(process.env[CONTAINER_FAILURE_ENV]).toBeUndefined();
  });

  it.skipIf(Boolean(process.env.REDIS_URL))('starts nothing when a local Redis answers', async () => {
    // The suite runs against a local Redis (127.0.0.1:6379) here; the probe finds it first.
    delete process.env.REDIS_URL;
    delete process.env.TEST_REDIS_LOCAL_URL;
    expect(await setup()).toBeUndefined();
    expect(process.env.REDIS_URL).toBeUndefined();
    expect(process.env[CONTAINER_FAILURE_ENV]).toBeUndefined();
  });
});
