// @mlops/lab-kit/authoring: for lab authors: starters from solution regions, the labs' vitest config, learner copies and run helpers for run checks.
export { compareStarter, generateLabSolution, generateLabStarter, listFiles, referencePackage, writeStarter, type ReferencePackage } from './lab-starter';
export { createLearnerCopy, type LearnerCopy } from './learner-copy';
export { replaceOnce, startLabRun, type LabRun } from './run-check';
export { generateStarter, StarterGenerationError, type GeneratedStarter, type StarterContext } from './starter-generator';
export { defineLabConfig, labAliases, labSuite, type LabAlias, type LabSuite } from './vitest-config';
