// 5xx answers of the infer route: no server paths for a model that failed to load, a lab's "step N is not done yet" shown, causes logged.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createInferenceRouter, ModelRegistry, relativeToRepository, type InferenceParts } from '../src/index';
import { copyRepository, MODEL, REPOSITORY, WINES } from './helpers/model-fixture';
import { inferBody } from './helpers/served-app';
import { createTestApp } from './helpers/test-app';

/** An infer app whose micro-batcher throws `error`, with a request logger that records its lines. */
async function failingApp(error: Error): Promise<{ app: express.Express; lines: string[]; close: () => Promise<void> }> {
  const registry = await ModelRegistry.open({ repository: REPOSITORY, models: [{ name: MODEL }] });
  const lines: string[] = [];
  const FailingBatcher = class {
    submit(): Promise<Float32Array> {
      return Promise.reject(error);
    }
    close(): Promise<void> {
      return Promise.resolve();
    }
  } as unknown as InferenceParts['MicroBatcher'];
  const outer = express.Router();
  outer.use((req, _res, next) => {
    (req as unknown as { log: object }).log = { error: (_obj: object, msg: string) => lines.push(msg) };
    next();
  });
  outer.use(createInferenceRouter({ registry, parts: { MicroBatcher: FailingBatcher } }));
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
  it('answers 500 with the message of a lab starter\'s NotImplementedError (step N is not done yet)', async () => {
    const notDone = Object.assign(new Error('step 4 is not done yet: open labs/03-serve-onnx/src/micro-batcher.ts and replace the TODO'), { name: 'NotImplementedError', code: 'NOT_IMPLEMENTED' });
    const { app, close } = await failingApp(notDone);
    try {
      const res = await request(app).post(`/v2/models/${MODEL}/infer`).send(inferBody(WINES[0]!));
      expect([res.status, res.body.error]).toEqual([500, notDone.message]);
    } finally {
      await close();
    }
  });

  it('answers any other error with a generic 500 and logs the model, version and the cause\'s message', async () => {
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
});
