// Uses the repository's shared vitest settings.
export { default } from '../../vitest.shared';
