// Test helper: a TCP proxy a test can cut and restore, to make Redis "go away" for the clients behind it only.

import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** A proxy from a local port to `target`; `cut()` drops every connection and stops listening, `restore()` listens again. */
export interface TcpProxy {
  readonly port: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a proxy on a free local port that forwards to `targetHost:targetPort`.
 * @example const proxy = await startTcpProxy('127.0.0.1', 6379); new Redis(`redis://127.0.0.1:${proxy.port}`); await proxy.cut();
 */
export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server;
  const listen = (port: number) =>
    new Promise<number>((resolve) => {
      server = createServer((client) => {
        const upstream = createConnection(targetPort, targetHost);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
    });
  const port = await listen(0);
  const cut = async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  };
  return { port, cut, restore: async () => void (await listen(port)), close: cut };
}
