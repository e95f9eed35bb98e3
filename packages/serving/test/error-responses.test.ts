// 5xx answers of the infer route: no server paths for a model that failed to load, scoring failures hidden from callers and logged.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import { BatcherClosedError, createInferenceRouter, ModelRegistry, relativeToRepository, scoringError, type LoadedModel } from '../src/index';
import { copyRepository, MODEL, REPOSITORY, WINES } from './helpers/model-fixture';
import { inferBody } from './helpers/served-app';
import { createTestApp } from './helpers/test-app';

/** An infer app whose model's score() rejects with `error`, with a request logger that records its lines. */
async function failingApp(error: Error): Promise<{ app: express.Express; lines: string[]; close: () => Promise<void> }> {
  const registry = await ModelRegistry.open({ repository: REPOSITORY, models: [{ name: MODEL }] });
  vi.spyOn(registry.get(MODEL)!, 'score').mockRejectedValue(error);
  const lines: string[] = [];
  const outer = express.Router();
  outer.use((req, _res, next) => {
    (req as unknown as { log: object }).log = { error: (_obj: object, msg: string) => lines.push(msg) };
    next();
  });
  outer.use(createInferenceRouter({ registry }));
  return { app: createTestApp(outer), lines, close: () => registry.close() };
}

describe('a model that failed to load', () => {
  it('answers 503 naming the model, the version and the problem, without the server\'s absolute paths', async () => {
    const repo = await copyRepository();
    const registry = new ModelRegistry({ repository: repo.dir, models: [{ name: MODEL, version: '1' }] });
    try {
      const path = join(repo.dir, MODEL, '1', 'model.onnx');
      const bytes = await readFile(path);
      bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
      await writeFile(path, bytes);
      await registry.load().catch(() => {});
      const res = await request(createTestApp(createInferenceRouter({ registry }))).post(`/v2/models/${MODEL}/infer`).send(inferBody(WINES[0]!));
      expect(res.status).toBe(503);
      expect(res.body.error).toMatch(/^model "wine-quality" is not ready \(version 1 failed to load: checksum mismatch for wine-quality\/1\/model\.onnx: /);
      expect(res.body.error).not.toContain(repo.dir);
    } finally {
      await registry.close();
      await repo.cleanup();
    }
  });

  it('rewrites paths under the repository, and the repository itself, in any message', () => {
    expect(relativeToRepository("ENOENT: open '/srv/models/wine-quality/2/model.onnx'", '/srv/models')).toBe("ENOENT: open 'wine-quality/2/model.onnx'");
    expect(relativeToRepository('no model named "x" in /srv/models; known models: none', '/srv/models/')).toBe('no model named "x" in the model repository; known models: none');
  });
});

describe('a scoring error', () => {
  it('answers a failed score with a generic 500 and logs the model, version and the cause\'s message', async () => {
    const { app, lines, close } = await failingApp(new Error('onnxruntime: bad tensor at /srv/secret'));
    try {
      const res = await request(app).post(`/v2/models/${MODEL}/infer`).send(inferBody(WINES[0]!));
      expect([res.status, res.body.error]).toEqual([500, 'model "wine-quality" failed to score the request']);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^model "wine-quality" version \d+ failed to score 1 rows: onnxruntime: bad tensor at \/srv\/secret$/);
    } finally {
      await close();
    }
  });

  it('answers 503 with the batcher\'s message when the micro-batcher is closed (shutting down)', () => {
    const model = { name: MODEL, version: '1' } as LoadedModel;
    const error = scoringError(new BatcherClosedError(), model, 1);
    expect([error.status, error.message]).toEqual([503, new BatcherClosedError().message]);
  });
});
