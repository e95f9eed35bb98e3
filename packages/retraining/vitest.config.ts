// Vitest settings for @mlops/retraining: a real Redis, real training runs, a real Alertmanager.
export { default } from '../../vitest.shared';
