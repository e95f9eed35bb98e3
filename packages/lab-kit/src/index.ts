// @mlops/lab-kit: lab metadata, starter generation, lab test runs and learner state.
export * from './lab-metadata';
export * from './lab-starter';
export * from './not-implemented';
export * from './lab-steps';
export * from './lab-test-report';
export * from './run-lab-main';
export * from './run-lab-tests';
export * from './starter-generator';
export * from './vitest-config';
export * from './learner-files';
export * from './learner-state';
