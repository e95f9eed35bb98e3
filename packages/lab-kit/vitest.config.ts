// @mlops/lab-kit uses the repository's shared vitest settings (some tests start real vitest runs in child processes).
export { default } from '../../vitest.shared';
