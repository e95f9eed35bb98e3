// Container health check, run with node (the image has no curl): `healthcheck.mjs api|worker|retrainer`.
// api: GET /v2/health/ready answers 200 (the model is loaded). worker and retrainer: this container holds a BullMQ
// worker connection on the batch or the retraining queue (BullMQ names it `<prefix>:<base64 queue name>`), so it is
// consuming jobs.
import { networkInterfaces } from 'node:os';
import { Redis } from 'ioredis';
import { DEFAULT_BATCH_SPACE } from '@mlops/batch/batch-space';
import { redisUrlFromEnv } from '@mlops/redis';
import { DEFAULT_RETRAINING_SPACE } from '@mlops/retraining/retraining-space';

const TIMEOUT_MS = 2000;

async function apiReady() {
  const port = process.env.PORT || '8080';
  const response = await fetch(`http://127.0.0.1:${port}/v2/health/ready`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!response.ok) throw new Error(`/v2/health/ready answered ${response.status}`);
  return 'api ready';
}

/** Checks that this container consumes `queue` under `prefix`. */
async function consuming(prefix, queue) {
  const name = `${prefix}:${Buffer.from(queue).toString('base64')}`;
  const ownAddresses = new Set(Object.values(networkInterfaces()).flat().map((i) => i?.address));
  const redis = new Redis(redisUrlFromEnv(), { connectTimeout: TIMEOUT_MS, commandTimeout: TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
  redis.on('error', () => {});
  try {
    await redis.connect();
    const clients = String(await redis.client('LIST')).split('\n');
    const mine = clients.filter((line) => {
      const fields = Object.fromEntries(line.split(' ').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
      const host = fields.addr?.slice(0, fields.addr.lastIndexOf(':'));
      return (fields.name === name || fields.name?.startsWith(`${name}:w:`)) && ownAddresses.has(host);
    });
    if (mine.length === 0) throw new Error(`no worker connection named ${name} from this container`);
    return `consuming ${queue} (${mine.length} connection${mine.length > 1 ? 's' : ''})`;
  } finally {
    redis.disconnect();
  }
}

const checks = {
  api: apiReady,
  worker: () => consuming(process.env.BATCH_PREFIX || DEFAULT_BATCH_SPACE.prefix, process.env.BATCH_QUEUE || DEFAULT_BATCH_SPACE.queueName),
  retrainer: () => consuming(process.env.RETRAIN_PREFIX || DEFAULT_RETRAINING_SPACE.prefix, process.env.RETRAIN_QUEUE || DEFAULT_RETRAINING_SPACE.queueName),
};
const check = Object.hasOwn(checks, process.argv[2] ?? '') ? checks[process.argv[2]] : undefined;
if (!check) {
  console.error('usage: healthcheck.mjs api|worker|retrainer');
  process.exit(2);
}
check().then(
  (message) => {
    console.log(message);
    process.exit(0);
  },
  (error) => {
    console.error(`unhealthy: ${error.message}`);
    process.exit(1);
  },
);
