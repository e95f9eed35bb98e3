// Vitest settings for @mlops/batch: integration tests against a real Redis and the real ONNX model.
export { default } from '../../vitest.shared';
