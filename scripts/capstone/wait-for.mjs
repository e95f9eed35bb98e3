// Polls a condition until it holds or a deadline passes; the error says what was awaited and what was last seen.

/**
 * Calls `check` every `intervalMs` until it returns a truthy value (returned) or `timeoutMs` passes (throws).
 * `check` may throw: the last error or returned falsy `describe()` goes into the timeout message.
 * @template T
 * @param {string} what @param {() => Promise<T> | T} check
 * @param {{ timeoutMs: number, intervalMs?: number, describe?: () => string, abort?: () => string | undefined }} options
 * @returns {Promise<T>}
 */
export async function waitFor(what, check, { timeoutMs, intervalMs = 250, describe, abort }) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const stop = abort?.();
    if (stop) throw new Error(`${what}: ${stop}`);
    try {
      const value = await check();
      if (value) return value;
      last = describe?.() ?? '';
    } catch (error) {
      last = error.message;
    }
    if (Date.now() >= deadline) throw new Error(`${what}: not within ${(timeoutMs / 1000).toFixed(0)} s${last ? ` (last seen: ${last})` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** GET or POST JSON with a timeout; resolves { status, body } (body parsed when JSON, else text). */
export async function http(url, { method = 'GET', body, headers = {}, timeoutMs = 5000 } = {}) {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let parsed = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, body: parsed, headers: response.headers };
}
