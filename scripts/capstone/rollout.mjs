// Serves a new model version on the running API: the repository API (admin routes) when the API has it.

import { http } from './wait-for.mjs';

/**
 * Asks the API to load `version` of `model` beside the one serving and swap when it is checked
 * (`POST /v2/repository/models/{name}/load` with `{"parameters":{"version":"2"}}`, Triton's explicit mode).
 * Resolves `{ available: false }` when the API has no repository API (404 on the index), so the caller can fall back.
 */
export async function loadThroughRepositoryApi(apiUrl, adminToken, model, version) {
  const auth = { authorization: `Bearer ${adminToken}` };
  const index = await http(`${apiUrl}/v2/repository/index`, { method: 'POST', body: {}, headers: auth });
  if (index.status === 404) return { available: false };
  if (index.status !== 200) throw new Error(`POST /v2/repository/index answered ${index.status}: ${JSON.stringify(index.body).slice(0, 300)}`);
  const load = await http(`${apiUrl}/v2/repository/models/${encodeURIComponent(model)}/load`, {
    method: 'POST',
    body: { parameters: { version } },
    headers: auth,
    timeoutMs: 60_000,
  });
  if (load.status !== 200) throw new Error(`POST /v2/repository/models/${model}/load answered ${load.status}: ${JSON.stringify(load.body).slice(0, 300)}`);
  const after = await http(`${apiUrl}/v2/repository/index`, { method: 'POST', body: {}, headers: auth });
  return { available: true, index: after.body };
}

/** "wine-quality v2 READY" lines of a repository index answer. */
export function describeIndex(index) {
  if (!Array.isArray(index)) return JSON.stringify(index).slice(0, 200);
  return index.map((m) => `${m.name} v${m.version ?? '?'} ${m.state ?? ''}`.trim()).join(', ');
}
