// Live drift settings from the environment (DRIFT_*), validated once, with the defaults next to their meaning.

/** Live drift settings of a service. */
export interface LiveDriftConfig {
  /** DRIFT_LIVE: `off`, `0` or `false` turns live drift off. @defaultValue true */
  readonly enabled: boolean;
  /** DRIFT_WINDOW_ROWS: rows kept per model version, the most recent sampled ones. @defaultValue 2000 */
  readonly windowRows: number;
  /** DRIFT_SAMPLE_RATE: share of scored rows sampled into the window, in (0, 1]. @defaultValue 1 */
  readonly sampleRate: number;
  /** DRIFT_CHECK_SECONDS: seconds between checks. @defaultValue 60 */
  readonly intervalSeconds: number;
  /** DRIFT_MIN_ROWS: a window with fewer rows is not checked. @defaultValue 200 */
  readonly minRows: number;
}

/** Thrown for a DRIFT_* variable that cannot be used; the message names it and what it accepts. */
export class LiveDriftConfigError extends Error {
  readonly code = 'DRIFT_CONFIG_INVALID';
  override readonly name = 'LiveDriftConfigError';
}

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, ok: (v: number) => boolean, accepts: string): number {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!ok(value)) throw new LiveDriftConfigError(`${name}="${text}" is not valid: use ${accepts}`);
  return value;
}

/**
 * Reads DRIFT_LIVE, DRIFT_WINDOW_ROWS, DRIFT_SAMPLE_RATE, DRIFT_CHECK_SECONDS and DRIFT_MIN_ROWS.
 * @throws LiveDriftConfigError naming the variable.
 */
export function liveDriftConfigFromEnv(env: NodeJS.ProcessEnv = process.env): LiveDriftConfig {
  const flag = env.DRIFT_LIVE?.trim().toLowerCase();
  if (flag !== undefined && flag !== '' && !['on', 'off', '1', '0', 'true', 'false'].includes(flag)) {
    throw new LiveDriftConfigError(`DRIFT_LIVE="${env.DRIFT_LIVE}" is not valid: use on, off, 1, 0, true or false`);
  }
  const isCount = (max: number) => (v: number) => Number.isInteger(v) && v >= 1 && v <= max;
  return {
    enabled: flag !== 'off' && flag !== '0' && flag !== 'false',
    windowRows: numberFrom(env, 'DRIFT_WINDOW_ROWS', 2000, isCount(100_000), 'a whole number of rows from 1 to 100000'),
    sampleRate: numberFrom(env, 'DRIFT_SAMPLE_RATE', 1, (v) => v > 0 && v <= 1, 'a share in (0, 1], e.g. 0.1'),
    intervalSeconds: numberFrom(env, 'DRIFT_CHECK_SECONDS', 60, (v) => v >= 0.01 && v <= 86_400, 'seconds from 0.01 to 86400'),
    minRows: numberFrom(env, 'DRIFT_MIN_ROWS', 200, isCount(100_000), 'a whole number of rows from 1 to 100000'),
  };
}
