// Listen, then on SIGTERM/SIGINT stop accepting connections, let in-flight requests finish, and close resources.

import { createServer, type RequestListener, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';

/** Options for {@link serveWithGracefulShutdown}. */
export interface ServeOptions {
  port: number;
  /** Interface to bind: this machine only unless told otherwise. @defaultValue `'127.0.0.1'` */
  host?: string;
  logger: Logger;
  /** Longest wait for in-flight requests before connections are cut. @defaultValue 10000 */
  drainTimeoutMs?: number;
  /** Closes what the app holds (models, queues), after the HTTP server has drained. */
  onClose?: () => Promise<void>;
  /** Signals that start a shutdown. @defaultValue `['SIGTERM', 'SIGINT']` */
  signals?: readonly NodeJS.Signals[];
}

/** A running server and a way to stop it as a signal would. */
export interface RunningServer {
  server: Server;
  port: number;
  shutdown(reason?: string): Promise<void>;
}

/**
 * Starts listening with `handler` (an Express app, or any `node:http` request listener such as an inference
 * data plane in front of one) and installs signal handlers for a graceful shutdown: no new connections, idle keep-alive
 * connections closed, in-flight requests given `drainTimeoutMs` to finish, then `onClose`.
 * A port already in use rejects with a message naming the port and the fix.
 */
export async function serveWithGracefulShutdown(handler: RequestListener, options: ServeOptions): Promise<RunningServer> {
  const { logger, drainTimeoutMs = 10_000 } = options;
  const server = createServer(handler);
  server.listen(options.port, options.host ?? '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`port ${options.port} is already in use: stop the other process or set PORT to a free port`, { cause: err })
          : err,
      ),
    );
  });
  const port = (server.address() as AddressInfo).port;
  server.on('clientError', answerMalformedRequest);

  let closing: Promise<void> | undefined;
  const shutdown = (reason = 'shutdown requested'): Promise<void> => {
    closing ??= (async () => {
      logger.info({ reason, drainTimeoutMs }, 'shutting down: draining in-flight requests');
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive sockets turn idle as their last response ends: close them as they do, not at the deadline.
      server.closeIdleConnections();
      const sweeper = setInterval(() => server.closeIdleConnections(), 50);
      const timer = setTimeout(() => {
        logger.warn('drain timeout reached: closing remaining connections');
        server.closeAllConnections();
      }, drainTimeoutMs);
      await drained;
      clearInterval(sweeper);
      clearTimeout(timer);
      await options.onClose?.();
      logger.info('shutdown complete');
    })();
    return closing;
  };

  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
      if (closing) {
        logger.warn({ signal }, 'second signal: exiting now');
        process.exit(1);
      }
      shutdown(signal).then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  return { server, port, shutdown };
}

/**
 * Requests too broken for Express (bad framing, oversized headers) are answered by Node itself with a bare
 * 400; answer them in JSON like every other error, then close the connection.
 */
function answerMalformedRequest(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, text] = err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request'];
  const body = JSON.stringify({ error: `malformed HTTP request (${err.code ?? 'parse error'}): check the request line, headers and Content-Length` });
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
