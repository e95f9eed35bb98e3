// Reads a Wine Quality CSV into one Float64Array per feature, streaming, with bounded size and row count.

import { stat } from 'node:fs/promises';
import { FEATURE_COUNT, streamWineCsv } from '@mlops/dataset';

/** Limits of {@link readFeatureColumns}: what a drift check accepts before refusing the file. */
export interface ReadLimits {
  /** Largest file accepted, in bytes. @defaultValue 512 MiB */
  readonly maxBytes?: number;
  /** Most data rows accepted. @defaultValue 5,000,000 */
  readonly maxRows?: number;
}

/** A file a drift check cannot use: missing, too large, or too many rows. Malformed CSV raises `CsvFormatError`. */
export class DriftInputError extends Error {
  readonly code: 'DRIFT_INPUT_MISSING' | 'DRIFT_INPUT_TOO_LARGE' | 'DRIFT_INPUT_EMPTY';
  constructor(code: DriftInputError['code'], message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DriftInputError';
    this.code = code;
  }
}

/**
 * Streams a CSV (header naming the 11 features, see @mlops/dataset) into feature columns in model order.
 * Memory is 8 bytes per value; the file text is never held whole.
 * @throws CsvFormatError naming file, line and column; DriftInputError when missing, too large or empty.
 */
export async function readFeatureColumns(path: string, limits: ReadLimits = {}): Promise<{ columns: Float64Array[]; rows: number }> {
  const maxBytes = limits.maxBytes ?? 512 * 1024 * 1024;
  const maxRows = limits.maxRows ?? 5_000_000;
  const size = await stat(path).then(
    (s) => s.size,
    (error: unknown) => {
      throw new DriftInputError('DRIFT_INPUT_MISSING', `${path}: cannot read the file (${(error as Error).message})`, { cause: error });
    },
  );
  if (size > maxBytes) throw new DriftInputError('DRIFT_INPUT_TOO_LARGE', `${path}: ${size} bytes, more than the ${maxBytes} accepted`);
  let capacity = 1024;
  let columns = Array.from({ length: FEATURE_COUNT }, () => new Float64Array(capacity));
  let rows = 0;
  for await (const row of streamWineCsv(path)) {
    if (rows === maxRows) throw new DriftInputError('DRIFT_INPUT_TOO_LARGE', `${path}: more than ${maxRows} rows`);
    if (rows === capacity) {
      capacity *= 2;
      columns = columns.map((c) => {
        const grown = new Float64Array(capacity);
        grown.set(c);
        return grown;
      });
    }
    for (let k = 0; k < FEATURE_COUNT; k++) columns[k]![rows] = row.features[k]!;
    rows++;
  }
  if (rows === 0) throw new DriftInputError('DRIFT_INPUT_EMPTY', `${path}: a header but no data rows`);
  return { columns: columns.map((c) => c.subarray(0, rows)), rows };
}
