// A stand-in classroom on 127.0.0.1 for the CLI's tests: records what learners send, answers as told.

import { createServer, type IncomingMessage } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** One request the fake classroom received. */
export interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

/** A running fake classroom. */
export interface FakeClassroom {
  readonly url: string;
  readonly received: Received[];
  /** The status the next reports get (204 by default). */
  reportStatus: number;
  close(): Promise<void>;
}

/** Starts a fake classroom: join answers 201 with a token, reports `reportStatus`, leave 204. */
export async function startFakeClassroom(): Promise<FakeClassroom> {
  const received: Received[] = [];
  const fake = { reportStatus: 204 };
  const server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      const body: unknown = text ? JSON.parse(text) : undefined;
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      const reply = (status: number, json?: unknown) => {
        res.writeHead(status, json === undefined ? {} : { 'content-type': 'application/json' });
        res.end(json === undefined ? undefined : JSON.stringify(json));
      };
      if (req.url === '/api/join') {
        const { code, name } = body as { code: string; name: string };
        if (code !== 'K7PX4Q') return reply(403, { error: 'wrong class code' });
        return reply(201, { id: '0123456789abcdef', name, token: 'learner-secret-token' });
      }
      if (req.url === '/api/report') return reply(fake.reportStatus, fake.reportStatus === 204 ? undefined : { error: `status ${fake.reportStatus}` });
      if (req.url === '/api/me') return reply(204);
      reply(404, { error: 'no route' });
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    get reportStatus() {
      return fake.reportStatus;
    },
    set reportStatus(status: number) {
      fake.reportStatus = status;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A server that accepts connections and never answers: a classroom laptop that froze, or a firewall that drops. */
export async function startSilentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
