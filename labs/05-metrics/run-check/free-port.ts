// A free TCP port for the lab's Prometheus in the run check.

import { once } from 'node:events';
import { createServer } from 'node:net';

/** A port nobody listens on right now (the OS picks it). */
export async function freePortForLab(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}
