// reachableRedis: PONG means a Redis; NOAUTH, a hang-up, silence or a bad URL do not.

import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { reachableRedis } from './test-redis-probe';

const servers: Server[] = [];
const held: Socket[] = [];
afterEach(async () => {
  for (const socket of held.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A TCP server on 127.0.0.1 that answers each connection with `reply` (or hangs up when `reply` is undefined). */
async function fakeServer(reply: string | undefined): Promise<string> {
  const server = createServer((socket) => {
    socket.once('data', () => (reply === undefined ? socket.destroy() : socket.end(reply)));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `redis://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('reachableRedis', () => {
  it('is true when the server answers PING with +PONG', async () => {
    expect(await reachableRedis(await fakeServer('+PONG\r\n'))).toBe(true);
  });

  it('is false for a password-protected server (-NOAUTH), a server that hangs up, and a closed port', async () => {
    expect(await reachableRedis(await fakeServer('-NOAUTH Authentication required.\r\n'))).toBe(false);
    expect(await reachableRedis(await fakeServer(undefined))).toBe(false);
    expect(await reachableRedis('redis://127.0.0.1:1')).toBe(false);
  });

  it('is false, within the time limit, for a server that never answers', async () => {
    const server = createServer((socket) => void held.push(socket));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const started = performance.now();
    expect(await reachableRedis(`redis://127.0.0.1:${(server.address() as AddressInfo).port}`, 200)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('is false for a URL it cannot parse', async () => {
    expect(await reachableRedis('not a url')).toBe(false);
  });
});
