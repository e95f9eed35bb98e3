// Opens a registry on the committed model and builds the test app around the v2 router.

import type { Express } from 'express';
import { createInferenceRouter, ModelRegistry, type InferenceRouterOptions } from '../../src/index';
import { MODEL, REPOSITORY } from './model-fixture';
import { createTestApp } from './test-app';

/** A served wine-quality model: the app, its registry, and a close for afterAll. */
export async function openServedApp(
  opts: Omit<InferenceRouterOptions, 'registry'> = {},
): Promise<{ app: Express; registry: ModelRegistry; close: () => Promise<void> }> {
  const registry = await ModelRegistry.open({ repository: REPOSITORY, models: [{ name: MODEL }] });
  const app = createTestApp(createInferenceRouter({ registry, ...opts }));
  return { app, registry, close: () => registry.close() };
}

/** A v2 infer body for flat row-major `data`. */
export function inferBody(data: readonly number[], rows = data.length / 11, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { inputs: [{ name: 'features', shape: [rows, 11], datatype: 'FP32', data }], ...extra };
}
