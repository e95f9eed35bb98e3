// The repository's shared vitest settings, with one module graph per worker: the test files share onnxruntime,
// the loaded reference session and the transformed sources instead of loading them again per file.
import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared';

export default mergeConfig(shared, defineConfig({ test: { isolate: false } }));
