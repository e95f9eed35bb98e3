// Child process of the rollout benchmark: the data plane and the model repository routes on a loopback port; prints the port.
// Usage: tsx bench/rollout-server.ts <repository>   (ADMIN_TOKEN from the environment)

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { createErrorHandler } from '@mlops/http-service/error-handler';
import { notFound } from '@mlops/http-service/not-found';
import { createInferencePlane, createRepositoryRouter, ModelRegistry } from '../src/index';

const repository = process.argv[2];
if (!repository) throw new Error('usage: rollout-server.ts <model repository>');
const logger = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: true }));
const registry = await ModelRegistry.open({ repository, models: [{ name: 'wine-quality', version: '1' }] });
const plane = createInferencePlane({ registry, logger });
const repositoryRoutes = createRepositoryRouter({ registry, adminToken: process.env.ADMIN_TOKEN, logger: pino({ level: 'info' }, process.stderr) });
const app = express().use(plane.router, repositoryRoutes, notFound(), createErrorHandler());
const server = createServer(plane.handler(app)).listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void registry.close().then(() => process.exit(0));
});
