// Reads JSON batch rows: objects with named features, or arrays of the 11 numbers in model order.

import { FEATURE_COUNT, FEATURE_KEYS, FEATURE_NAMES } from '@mlops/dataset/feature-schema';
import { describeJsonValue } from '@mlops/http-service/value-text';

/**
 * Reads one JSON row into `out` (model order). A row is `{ "fixedAcidity": 7.4, ... }` (JSON keys or
 * CSV names) or `[7.4, 0.7, ...]` (11 numbers). Returns `undefined` when good, else what is wrong.
 */
export function parseJsonRow(row: unknown, out: Float64Array): string | undefined {
  if (Array.isArray(row)) {
    if (row.length !== FEATURE_COUNT) return `expected an array of ${FEATURE_COUNT} numbers in model order, found ${row.length} values`;
    for (let i = 0; i < FEATURE_COUNT; i++) {
      const value: unknown = row[i];
      if (typeof value !== 'number') return `value ${i} ("${FEATURE_NAMES[i]}") is ${describeJsonValue(value)}, not a number`;
      if (!Number.isFinite(value)) return `value ${i} ("${FEATURE_NAMES[i]}") is ${describeJsonValue(value)}`;
      out[i] = value;
    }
    return undefined;
  }
  if (row === null || typeof row !== 'object') return `expected an object with the 11 features or an array of 11 numbers, found ${describeJsonValue(row)}`;
  const record = row as Record<string, unknown>;
  for (let i = 0; i < FEATURE_COUNT; i++) {
    const key = FEATURE_KEYS[i]!;
    const value = record[key] ?? record[FEATURE_NAMES[i]!];
    if (value === undefined) return `missing "${key}"`;
    if (typeof value !== 'number') return `"${key}" is ${describeJsonValue(value)}, not a number`;
    if (!Number.isFinite(value)) return `"${key}" is ${describeJsonValue(value)}`;
    out[i] = value;
  }
  return undefined;
}

/** Deepest nesting accepted in one JSON row (the row itself is level 1); deeper rows refuse the whole body. */
export const MAX_JSON_ROW_DEPTH = 8;

/**
 * The index of the first row nested deeper than `maxDepth` levels, or -1. Walks without recursion, so a row
 * nested 100,000 levels deep (which `JSON.parse` accepts and `JSON.stringify` overflows the stack on) is found
 * without a stack overflow, and stops at the first level past the limit.
 */
export function firstTooDeepRow(rows: readonly unknown[], maxDepth = MAX_JSON_ROW_DEPTH): number {
  for (let index = 0; index < rows.length; index++) {
    const stack: [unknown, number][] = [[rows[index], 1]];
    while (stack.length > 0) {
      const [value, depth] = stack.pop()!;
      if (value === null || typeof value !== 'object') continue;
      if (depth > maxDepth) return index;
      for (const child of Array.isArray(value) ? value : Object.values(value)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return -1;
}
