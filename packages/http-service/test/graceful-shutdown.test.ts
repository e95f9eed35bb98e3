// Graceful shutdown over a real listening server: in-flight requests finish, new ones are refused, onClose runs last.
import { connect } from 'node:net';
import { Router } from 'express';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/create-app';
import { serveWithGracefulShutdown } from '../src/graceful-shutdown';
import { createLogger } from '../src/logger';
import type { Predictor } from '../src/predictor';

const logger = createLogger({ level: 'silent' });
const predictor: Predictor = { info: { name: 'test-model', version: '1' }, predict: async (rows) => rows.map(() => ({ band: 'low' })) };

describe('serveWithGracefulShutdown', () => {
  it('lets an in-flight request finish, then closes resources', async () => {
    const events: string[] = [];
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    const slow = Router().get('/slow', async (_req, res) => {
      arrived();
      await new Promise((r) => setTimeout(r, 300));
      events.push('request done');
      res.json({ ok: true });
    });
    const app = createApp({ logger, predictor, routers: [slow] });
    const running = await serveWithGracefulShutdown(app, {
      port: 0,
      host: '127.0.0.1',
      logger,
      signals: [],
      onClose: async () => void events.push('closed'),
    });
    const inFlight = fetch(`http://127.0.0.1:${running.port}/slow`);
    await requestArrived; // shut down only once the request is in flight, however busy the machine
    const shutdown = running.shutdown('test');
    const res = await inFlight;
    expect(res.status).toBe(200);
    await shutdown;
    expect(events).toEqual(['request done', 'closed']);
    await expect(fetch(`http://127.0.0.1:${running.port}/healthz`)).rejects.toThrow();
  });

  it('answers a malformed HTTP request with a JSON 400', async () => {
    const running = await serveWithGracefulShutdown(createApp({ logger, predictor }), { port: 0, logger, signals: [] });
    const socket = connect(running.port, '127.0.0.1');
    socket.write('POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n');
    let reply = '';
    for await (const chunk of socket) reply += String(chunk);
    expect(reply).toMatch(/^HTTP\/1.1 400/);
    expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4)).error).toMatch(/malformed HTTP request/);
    await running.shutdown();
  });

  it('explains a port that is already in use', async () => {
    const app = createApp({ logger, predictor });
    const first = await serveWithGracefulShutdown(app, { port: 0, host: '127.0.0.1', logger, signals: [] });
    await expect(serveWithGracefulShutdown(app, { port: first.port, host: '127.0.0.1', logger, signals: [] })).rejects.toThrow(
      /already in use.*PORT/,
    );
    await first.shutdown();
  });
});
