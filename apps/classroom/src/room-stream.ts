// The room page's live stream (Server-Sent Events): a snapshot on connect, then every change, plus a heartbeat.

import type { Response } from 'express';
import type { RoomEvents, RoomSnapshot } from './room-types';

/** Options of {@link RoomStream}. */
export interface RoomStreamOptions {
  /** Milliseconds between `tick` events. @defaultValue 15000 */
  readonly heartbeatMs?: number;
  /** Most room pages connected at once. @defaultValue 20 */
  readonly maxClients?: number;
  readonly clock?: () => number;
}

interface Client {
  readonly res: Response;
  /** Events that happened while the snapshot was being read, sent right after it. */
  pending: string[] | undefined;
}

/** A slow client holding more than this much unsent data is dropped (its browser reconnects and gets a snapshot). */
const MAX_BUFFERED_BYTES = 1 << 20;

/** Fans out room events to every connected room page. */
export class RoomStream {
  private readonly clients = new Set<Client>();
  private readonly timer: NodeJS.Timeout;
  private readonly clock: () => number;
  private readonly maxClients: number;

  constructor(options: RoomStreamOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.maxClients = options.maxClients ?? 20;
    this.timer = setInterval(() => this.broadcast('tick', { now: this.clock() }), options.heartbeatMs ?? 15_000);
    this.timer.unref();
  }

  /** Room pages connected now. */
  get size(): number {
    return this.clients.size;
  }

  /** True when another page may connect. */
  get hasRoom(): boolean {
    return this.clients.size < this.maxClients;
  }

  /**
   * Starts the stream on `res` and sends the snapshot from `snapshot()`. Events broadcast while the snapshot is
   * read are held back and sent after it, so none falls in the gap (the page ignores any older copy of a row).
   */
  async open(res: Response, snapshot: () => Promise<RoomSnapshot>): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // A reverse proxy (nginx) must not buffer the stream.
      'x-accel-buffering': 'no',
    });
    res.socket?.setNoDelay(true);
    // The page reconnects 2 s after a drop; on reconnect it gets a fresh snapshot.
    res.write('retry: 2000\n\n');
    const client: Client = { res, pending: [] };
    this.clients.add(client);
    res.on('close', () => this.clients.delete(client));
    try {
      const first = frame('snapshot', await snapshot());
      if (!res.writable) return;
      res.write(first + (client.pending ?? []).join(''));
      client.pending = undefined;
    } catch (error) {
      this.clients.delete(client);
      res.end(frame('fault', { message: `the classroom cannot read the class: ${(error as Error).message}` }));
    }
  }

  /** Sends an event to every connected page. */
  broadcast<K extends keyof RoomEvents>(event: K, data: RoomEvents[K]): void {
    if (this.clients.size === 0) return;
    const text = frame(event, data);
    for (const client of this.clients) {
      if (client.pending) {
        client.pending.push(text);
      } else if (client.res.writableLength > MAX_BUFFERED_BYTES) {
        client.res.destroy();
        this.clients.delete(client);
      } else {
        client.res.write(text);
      }
    }
  }

  /** Ends every stream and stops the heartbeat (shutdown: open streams would hold the server open). */
  close(): void {
    clearInterval(this.timer);
    for (const client of this.clients) client.res.end();
    this.clients.clear();
  }
}

/** One SSE frame; JSON has no raw line breaks, so one `data:` line is enough. */
function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
