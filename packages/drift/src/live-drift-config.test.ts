import { describe, expect, it } from 'vitest';
import { liveDriftConfigFromEnv } from './live-drift-config';

describe('liveDriftConfigFromEnv', () => {
  it('defaults: on, 2000 rows, every row, every 60 s, at least 200 rows', () => {
    expect(liveDriftConfigFromEnv({})).toEqual({ enabled: true, windowRows: 2000, sampleRate: 1, intervalSeconds: 60, minRows: 200 });
  });

  it('reads every variable', () => {
    const env = { DRIFT_LIVE: 'false', DRIFT_WINDOW_ROWS: '500', DRIFT_SAMPLE_RATE: '0.25', DRIFT_CHECK_SECONDS: '0.2', DRIFT_MIN_ROWS: '50' };
    expect(liveDriftConfigFromEnv(env)).toEqual({ enabled: false, windowRows: 500, sampleRate: 0.25, intervalSeconds: 0.2, minRows: 50 });
    expect(liveDriftConfigFromEnv({ DRIFT_LIVE: 'off' }).enabled).toBe(false);
    expect(liveDriftConfigFromEnv({ DRIFT_LIVE: 'on' }).enabled).toBe(true);
  });

  it('names the variable and what it accepts', () => {
    expect(() => liveDriftConfigFromEnv({ DRIFT_WINDOW_ROWS: '1e9' })).toThrow('DRIFT_WINDOW_ROWS="1e9" is not valid: use a whole number of rows from 1 to 100000');
    expect(() => liveDriftConfigFromEnv({ DRIFT_SAMPLE_RATE: '0' })).toThrow(/DRIFT_SAMPLE_RATE/);
    expect(() => liveDriftConfigFromEnv({ DRIFT_LIVE: 'yes' })).toThrow(/DRIFT_LIVE/);
    expect(() => liveDriftConfigFromEnv({ DRIFT_CHECK_SECONDS: 'soon' })).toThrow(/DRIFT_CHECK_SECONDS/);
  });
});
