// Picks the TensorFlow.js backend: tfjs-node when installed, else wasm or the pure-JS cpu backend.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

/** Backends the trainer knows. `tensorflow` is @tensorflow/tfjs-node (native, optional). */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** Backends tried in order by `auto`: native first, then the faster of wasm and cpu as measured by `npm run bench:train`. */
export const AUTO_BACKEND_ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** Whether @tensorflow/tfjs-node can be loaded here (it registers the `tensorflow` backend). */
export async function loadNativeBackend(): Promise<boolean> {
  const specifier = '@tensorflow/tfjs-node'; // a variable: the package is optional and often absent
  try {
    await import(specifier);
    return tf.findBackendFactory('tensorflow') !== null;
  } catch {
    return false;
  }
}

/** Backends that can be initialised in this process. */
export async function availableBackends(): Promise<BackendName[]> {
  const available: BackendName[] = [];
  if (await loadNativeBackend()) available.push('tensorflow');
  if (tf.findBackendFactory('wasm')) available.push('wasm');
  available.push('cpu');
  return available;
}

/**
 * Activates a backend and returns the one now running. `auto` tries {@link AUTO_BACKEND_ORDER}.
 * @throws Error when an explicitly requested backend cannot start.
 */
export async function selectBackend(preferred: BackendName | 'auto' = 'auto'): Promise<BackendName> {
  const candidates = preferred === 'auto' ? AUTO_BACKEND_ORDER : [preferred];
  for (const name of candidates) {
    if (name === 'tensorflow' && !(await loadNativeBackend())) continue;
    if (await tf.setBackend(name).catch(() => false)) {
      await tf.ready();
      quietCpuAdvice();
      return name;
    }
  }
  throw new Error(`tfjs backend "${preferred}" is not available here; try --backend cpu`);
}

// The cpu backend prints a long "install tfjs-node" banner on first use; we report the backend ourselves.
function quietCpuAdvice(): void {
  if (tf.getBackend() === 'cpu') (tf.backend() as unknown as { firstUse: boolean }).firstUse = false;
}
