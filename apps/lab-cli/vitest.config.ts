// lab-cli uses the shared vitest settings; its tests spawn the CLI (tsx start-up, real vitest runs).
export { default } from '../../vitest.shared';
