// @mlops/lab-kit/engine: what the learner CLI runs: lab test runs and their summaries, learner state, solve and reset.
export { labStepFiles } from './lab-steps';
export { skipWarnings, summarise, toFailure, type FirstFailure, type JsonReport, type LabTestSummary } from './lab-test-report';
export { resetLab, solveLab, type ReplaceResult } from './learner-files';
export * from './learner-state';
export { runLabTests, type LabTestResult, type RunLabTestsOptions } from './run-lab-tests';
