// The retraining routes' settings from the environment: defaults, limits, and errors that name the variable.

import { describe, expect, it } from 'vitest';
import { retrainingRoutesConfigFromEnv } from './routes-config';
import { DEFAULT_REQUEST_LIMIT, DEFAULT_RETRAIN_LIMIT } from './retraining-router';

describe('retrainingRoutesConfigFromEnv', () => {
  it('defaults to no token (triggers off), the default queue and the router\'s limits', () => {
    const config = retrainingRoutesConfigFromEnv({});
    expect(config).toEqual({ token: undefined, space: { queueName: 'retraining', prefix: 'mlops' }, requestLimit: DEFAULT_REQUEST_LIMIT, retrainLimit: DEFAULT_RETRAIN_LIMIT });
    expect(retrainingRoutesConfigFromEnv({ RETRAINING_TOKEN: '' }).token).toBeUndefined();
  });

  it('reads the token, queue, prefix and limits', () => {
    const config = retrainingRoutesConfigFromEnv({ RETRAINING_TOKEN: 'a'.repeat(32), RETRAIN_QUEUE: 'rq', RETRAIN_PREFIX: 'p1', RETRAINING_REQUESTS_PER_MINUTE: '10', RETRAININGS_PER_HOUR: '1' });
    expect(config).toEqual({ token: 'a'.repeat(32), space: { queueName: 'rq', prefix: 'p1' }, requestLimit: { limit: 10, windowSeconds: 60 }, retrainLimit: { limit: 1, windowSeconds: 3600 } });
  });

  it('refuses a short or spaced token without repeating it, a prefix with ":", and limits that are not counts', () => {
    for (const token of ['short', 'with a space in it 1234']) {
      const error = (() => {
        try {
          retrainingRoutesConfigFromEnv({ RETRAINING_TOKEN: token });
        } catch (e) {
          return e as Error;
        }
      })();
      expect(error?.message).toContain('RETRAINING_TOKEN is not valid');
      expect(error?.message).not.toContain(token);
    }
    expect(() => retrainingRoutesConfigFromEnv({ RETRAIN_PREFIX: 'a:b' })).toThrow(/RETRAIN_PREFIX="a:b"/);
    expect(() => retrainingRoutesConfigFromEnv({ RETRAININGS_PER_HOUR: '0' })).toThrow(expect.objectContaining({ code: 'RETRAINING_CONFIG_INVALID' }));
    expect(() => retrainingRoutesConfigFromEnv({ RETRAINING_REQUESTS_PER_MINUTE: '2.5' })).toThrow(/RETRAINING_REQUESTS_PER_MINUTE/);
  });
});
