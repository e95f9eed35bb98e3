// Opens a registry on the committed model and serves it as production does: the data plane in front of the test app.

import type { RequestListener } from 'node:http';
import { createInferencePlane, ModelRegistry, type InferencePlaneOptions } from '../../src/index';
import { MODEL, REPOSITORY } from './model-fixture';
import { createTestApp } from './test-app';

/**
 * A served wine-quality model: the data plane (`createInferencePlane`) answering the v2 routes, in front of a
 * test app with `plane.router` for what it hands over; its registry, and a close for afterAll.
 */
export async function openServedApp(
  opts: Omit<InferencePlaneOptions, 'registry'> = {},
): Promise<{ app: RequestListener; registry: ModelRegistry; close: () => Promise<void> }> {
  const registry = await ModelRegistry.open({ repository: REPOSITORY, models: [{ name: MODEL }] });
  const plane = createInferencePlane({ registry, ...opts });
  const app = plane.handler(createTestApp(plane.router));
  return { app, registry, close: () => registry.close() };
}

/** A v2 infer body for flat row-major `data`. */
export function inferBody(data: readonly number[], rows = data.length / 11, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { inputs: [{ name: 'features', shape: [rows, 11], datatype: 'FP32', data }], ...extra };
}
