// How an error message shows a value a client sent: briefly, never whole (a 900 KB string stays out of a 400 body). Shared by every service.

/** Most characters of a sent value quoted in a message. */
export const MAX_QUOTED_CHARS = 100;

/**
 * Quotes `text` for a message: whole up to {@link MAX_QUOTED_CHARS} characters, else its start and its length.
 * @example quoteText('x'.repeat(900000)) // '"xxxx…" (900000 characters)' (100 x's)
 */
export function quoteText(text: string): string {
  if (text.length <= MAX_QUOTED_CHARS) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, MAX_QUOTED_CHARS)).slice(0, -1)}…" (${text.length} characters)`;
}

/**
 * Describes a parsed JSON value for a message without serialising it (no stack overflow on deep nesting,
 * no megabytes echoed): strings quoted by {@link quoteText}, numbers as sent when finite, containers by size.
 * @example describeJsonValue(Infinity) // 'not a finite number (beyond ±1.8e308, such as 1e400)'
 */
export function describeJsonValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string') return quoteText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'not a finite number (beyond ±1.8e308, such as 1e400)';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length} values`;
  if (typeof value === 'object') return `an object with ${Object.keys(value).length} keys`;
  return typeof value;
}
