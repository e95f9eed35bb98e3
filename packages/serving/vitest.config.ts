// The repository's shared vitest settings (one module graph per worker: the test files share onnxruntime and the loaded reference session).
export { default } from '../../vitest.shared';
