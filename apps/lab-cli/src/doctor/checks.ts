// The doctor's checks: each returns ok, warn or fail with the exact command that fixes it.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { addModelBytes } from './onnx-probe';

/** The outcome of one check. */
export interface CheckResult {
  readonly status: 'ok' | 'warn' | 'fail';
  readonly label: string;
  /** The exact command or step that fixes a warning or failure. */
  readonly fix?: string;
}

/** Minimum Node version the lockfile is tested with. */
export const MIN_NODE = [20, 19, 0] as const;
/** The Node majors CI tests the course on; others get a warning, never a refusal. */
export const TESTED_NODE_MAJORS = [20, 22] as const;

/** Node version: warn below 20.19 (with the fix) and on a major CI does not test; never refuse. */
export function checkNode(version = process.versions.node): CheckResult {
  const [major = 0, minor = 0, patch = 0] = version.replace(/^v/, '').split('.').map(Number);
  const tested = TESTED_NODE_MAJORS.join(', ');
  const belowMin = (major - MIN_NODE[0] || minor - MIN_NODE[1] || patch - MIN_NODE[2]) < 0;
  if (belowMin) {
    return {
      status: 'warn',
      label: `Node ${version} is older than ${MIN_NODE.join('.')}; some packages may not install or run`,
      fix: 'nvm install 20 && nvm use 20   (or install Node 20 or 22 LTS from https://nodejs.org)',
    };
  }
  if ((TESTED_NODE_MAJORS as readonly number[]).includes(major)) return { status: 'ok', label: `Node ${version} (tested on ${tested})` };
  const which = major > Math.max(...TESTED_NODE_MAJORS) ? 'is newer than' : 'is not one of';
  return {
    status: 'warn',
    label: `Node ${major} ${which} the versions this course is tested on (${tested}); it should work — report problems`,
    fix: 'nothing to do unless something breaks; then nvm install 22 && nvm use 22, and open an issue',
  };
}

/** Every third-party dependency of every workspace is present in node_modules. */
export function checkDependencies(root: string): CheckResult {
  if (!existsSync(join(root, 'node_modules'))) {
    return { status: 'fail', label: 'dependencies are not installed (no node_modules)', fix: 'npm ci' };
  }
  const missing: string[] = [];
  let count = 0;
  for (const dir of workspaceDirs(root)) {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) {
      if (name.startsWith('@mlops/')) continue;
      count += 1;
      const found = [dir, root].some((base) => existsSync(join(base, 'node_modules', name, 'package.json')));
      if (!found && !missing.includes(name)) missing.push(name);
    }
  }
  if (missing.length === 0) return { status: 'ok', label: `dependencies installed (${count} declared across the workspaces)` };
  return { status: 'fail', label: `missing dependencies: ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', ...' : ''}`, fix: 'npm ci' };
}

function workspaceDirs(root: string): string[] {
  const dirs = [root];
  for (const group of ['apps', 'packages', 'labs']) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const d of readdirSync(base, { withFileTypes: true })) {
      if (d.isDirectory() && existsSync(join(base, d.name, 'package.json'))) dirs.push(join(base, d.name));
    }
  }
  return dirs;
}

/** onnxruntime-node loads and runs a tiny model built in memory. */
export async function checkOnnxRuntime(): Promise<CheckResult> {
  try {
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(addModelBytes(2));
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from([1, 2]), [2]) });
    const data = Array.from((out.y?.data ?? []) as Float32Array);
    await session.release();
    if (data[0] !== 2 || data[1] !== 4) throw new Error(`x + x gave [${data.join(', ')}] instead of [2, 4]`);
    return { status: 'ok', label: 'onnxruntime-node loads and runs a model (cpu)' };
  } catch (error) {
    return {
      status: 'fail',
      label: `onnxruntime-node does not run: ${(error as Error).message.split('\n')[0]}`,
      fix: 'npm rebuild onnxruntime-node   (or rm -rf node_modules && npm ci; on Linux it needs glibc 2.28+)',
    };
  }
}

/** A TensorFlow.js backend is available: native tfjs-node (optional), else wasm, else pure-JS cpu. */
export async function checkTfjs(): Promise<CheckResult> {
  const tfName = '@tensorflow/tfjs'; // variables: these packages belong to the training workspace
  const nativeName = '@tensorflow/tfjs-node';
  const wasmName = '@tensorflow/tfjs-backend-wasm';
  const warn = console.warn;
  console.warn = () => {}; // tfjs prints an "install tfjs-node" banner; the check reports it instead
  try {
    const tf = (await import(tfName)) as { setBackend(name: string): Promise<boolean>; ready(): Promise<void>; getBackend(): string };
    const native = await import(nativeName).then(() => true, () => false);
    if (!native) await import(wasmName).catch(() => undefined);
    for (const name of native ? ['tensorflow'] : ['wasm', 'cpu']) {
      if (await tf.setBackend(name).catch(() => false)) {
        await tf.ready();
        const note = native ? '' : ' (@tensorflow/tfjs-node is optional and not installed here: training falls back to wasm/cpu, slower but fine for these labs)';
        return { status: 'ok', label: `TensorFlow.js backend: ${tf.getBackend()}${note}` };
      }
    }
    return { status: 'fail', label: 'no TensorFlow.js backend could start', fix: 'npm ci' };
  } catch (error) {
    return { status: 'fail', label: `TensorFlow.js does not load: ${(error as Error).message.split('\n')[0]}`, fix: 'npm ci' };
  } finally {
    console.warn = warn;
  }
}

/** Redis answers at REDIS_URL and keeps BullMQ's keys (`maxmemory-policy noeviction`). */
export async function checkRedis(url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'): Promise<CheckResult> {
  const start = 'docker compose up -d redis   (or: redis-server --maxmemory-policy noeviction)';
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  let lastError: Error | undefined;
  redis.on('error', (error: Error) => (lastError = error)); // reported below
  try {
    await redis.connect();
    const policy = await redis.config('GET', 'maxmemory-policy').then((r) => String((r as string[])[1]), () => 'unknown (CONFIG is disabled)');
    if (policy === 'noeviction') return { status: 'ok', label: `Redis at ${url} (maxmemory-policy noeviction)` };
    return {
      status: 'warn',
      label: `Redis at ${url} has maxmemory-policy ${policy}; BullMQ (lab 04) needs noeviction or it can lose jobs`,
      fix: `redis-cli -u ${url} config set maxmemory-policy noeviction`,
    };
  } catch (error) {
    return { status: 'warn', label: `Redis is not reachable at ${url} (${(lastError ?? (error as Error)).message}); labs 04+ need it`, fix: start };
  } finally {
    redis.disconnect();
  }
}

/** Docker CLI present and its engine reachable (only the capstone needs it: a warning at most). */
export function checkDocker(): CheckResult {
  const run = spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8', timeout: 8000 });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
    return { status: 'warn', label: 'Docker CLI not found (only the capstone needs it; Redis can run natively)', fix: 'install Docker: https://docs.docker.com/get-docker/' };
  }
  if (run.status !== 0) {
    return { status: 'warn', label: 'Docker CLI found, but the Docker engine is not reachable (only the capstone needs it)', fix: 'start Docker Desktop, or on Linux: sudo systemctl start docker' };
  }
  return { status: 'ok', label: `Docker engine ${run.stdout.trim()} reachable` };
}

/** A TCP port is free to listen on (the API uses 8080). */
export function checkPort(port: number): Promise<CheckResult> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      resolve({
        status: 'warn',
        label: `port ${port} is ${error.code === 'EADDRINUSE' ? 'in use' : `not available (${error.code})`}`,
        fix: `find the process: lsof -i :${port}   (stop it, or run the API with PORT=${port + 1})`,
      }),
    );
    server.listen(port, () => server.close(() => resolve({ status: 'ok', label: `port ${port} is free` })));
  });
}
