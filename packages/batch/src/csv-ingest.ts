// Parses CSV uploads on one ingest thread shared by the process, so inference requests keep the event loop (bounded by backpressure both ways).

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { readCsvRecords, type CsvRecordLimits } from '@mlops/dataset/csv-records';
import type { SealedChunk } from './chunk-producer';
import { csvChunks, csvRowBatches } from './csv-row-batches';
import { BatchInputError } from './errors';
import type { FromIngest, ToIngest } from './ingest-messages';

/** Bytes sent to the thread and not yet parsed before the upload's stream is paused. */
const MAX_BYTES_AHEAD = 1024 * 1024;

interface Channel {
  readonly chunks: SealedChunk[];
  done: boolean;
  failure?: Error;
  wake?: () => void;
  onRead(bytes: number): void;
}

/** How to start the ingest thread here, or `undefined` when it cannot be (then uploads are parsed in process). */
function threadEntry(): { readonly entry: string | URL; readonly options: WorkerOptions } | undefined {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // From source, the thread runs TypeScript like the rest of the app: it registers tsx's loader first (loaders given
    // with --import do not reach worker threads on Node 20). require.resolve finds tsx's CommonJS API; its ESM build is beside it.
    let tsx: string;
    try {
      tsx = pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
    } catch {
      return undefined;
    }
    const code = `const { workerData } = require('node:worker_threads');
import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.entry); });`;
    return { entry: code, options: { eval: true, workerData: { tsx, entry: new URL('./csv-ingest-thread.ts', here).href } } };
  }
  // A bundle: the thread is its own entry point (csv-ingest-thread.mjs), beside this file or one folder up (split chunks).
  for (const candidate of ['./csv-ingest-thread.mjs', '../csv-ingest-thread.mjs']) {
    const url = new URL(candidate, here);
    if (existsSync(url)) return { entry: url, options: {} };
  }
  return undefined;
}

const ENTRY = threadEntry();

let shared: { worker: Worker; channels: Map<number, Channel> } | undefined;
let nextId = 1;

function thread(): { worker: Worker; channels: Map<number, Channel> } {
  if (shared) return shared;
  const worker = new Worker(ENTRY!.entry, ENTRY!.options);
  const channels = new Map<number, Channel>();
  const current = { worker, channels };
  worker.on('message', (message: FromIngest) => {
    const channel = channels.get(message.id);
    if (channel === undefined) return;
    if (message.type === 'read') return channel.onRead(message.bytes);
    if (message.type === 'chunk') channel.chunks.push(message.chunk);
    else if (message.type === 'done') channel.done = true;
    else channel.failure = message.status < 500 ? new BatchInputError(message.message, message.status) : new Error(`CSV ingest: ${message.message}`);
    channel.wake?.();
  });
  const lost = (error: Error): void => {
    if (shared === current) shared = undefined;
    for (const channel of channels.values()) {
      channel.failure ??= new Error(`the CSV ingest thread stopped: ${error.message}`);
      channel.wake?.();
    }
    channels.clear();
  };
  worker.on('error', lost);
  worker.on('exit', (code) => lost(new Error(`exit code ${code}`)));
  // Idle until an upload comes (after the listeners: adding them refs the thread again).
  worker.unref();
  shared = current;
  return current;
}

/**
 * The sealed chunks of a CSV upload, parsed and cut on the ingest thread (`readCsvRecords`, `csvRowBatches` and
 * `csvChunks` there; in process where the thread's entry point is missing, e.g. a bundle built without it): this
 * thread only forwards bytes and takes chunks. At most 1 MB of input and 8 chunks are in flight, so a slow consumer
 * pauses `input` (and the client's upload). An error of `input` (the client went away) is thrown as is; stopping early
 * (return or throw) tells the thread to drop the upload and leaves `input` to the caller to drain.
 * @throws BatchInputError (400, 413) for what the client sent, as `csvRowBatches` and `readCsvRecords` do.
 */
export async function* csvChunksInThread(input: Readable, chunkSize: number, limits: CsvRecordLimits = {}): AsyncGenerator<SealedChunk> {
  if (ENTRY === undefined) return yield* csvChunks(csvRowBatches(readCsvRecords(input, limits)), chunkSize);
  const { worker, channels } = thread();
  const id = nextId++;
  const send = (message: ToIngest): void => worker.postMessage(message);
  let sent = 0;
  let parsed = 0;
  let ended = false;
  const channel: Channel = {
    chunks: [],
    done: false,
    onRead(bytes) {
      parsed += bytes;
      if (input.isPaused() && !ended && sent - parsed <= MAX_BYTES_AHEAD / 2) input.resume();
    },
  };
  const wake = (): void => channel.wake?.();
  const onData = (bytes: Buffer): void => {
    send({ type: 'data', id, bytes });
    sent += bytes.length;
    if (sent - parsed > MAX_BYTES_AHEAD) input.pause();
  };
  const onEnd = (): void => {
    ended = true;
    send({ type: 'end', id });
  };
  const onError = (error: Error): void => {
    channel.failure ??= error;
    wake();
  };
  const onClose = (): void => {
    if (!ended) onError(new Error('the upload stream closed before its end'));
  };
  channels.set(id, channel);
  // The thread keeps the process alive while it parses an upload, never when idle.
  if (channels.size === 1) worker.ref();
  send({ type: 'open', id, chunkSize, ...(limits.maxRecordSize === undefined ? {} : { maxRecordSize: limits.maxRecordSize }) });
  input.on('data', onData).once('end', onEnd).on('error', onError).once('close', onClose);
  try {
    for (;;) {
      const chunk = channel.chunks.shift();
      if (chunk !== undefined) {
        yield chunk;
        send({ type: 'taken', id });
        continue;
      }
      if (channel.failure) throw channel.failure;
      if (channel.done) return;
      await new Promise<void>((resolve) => (channel.wake = resolve));
      channel.wake = undefined;
    }
  } finally {
    input.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    if (!channel.done && !channel.failure) send({ type: 'abort', id });
    channels.delete(id);
    if (channels.size === 0) worker.unref();
  }
}
