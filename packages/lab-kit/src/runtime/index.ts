// @mlops/lab-kit/runtime: what starters, tests and a lab's run.ts import (NotImplementedError, importLabModule, runLabMain).
export { findLab, findLabs, findRepoRoot, labJsonSchema, LabNotFoundError, readLab, repoRoot, type Lab, type LabJson } from './lab-metadata';
export { importLabModule } from './lab-module';
export { ensureLearnerFiles, LAB_TARGETS, labTarget, learnerDir, prepareTarget, referenceFile, targetFile, type LabTarget } from './lab-target';
export { isNotImplementedError, NOT_IMPLEMENTED, notImplemented, notImplementedMessage, NotImplementedError, setLabContext } from './not-implemented';
export { runLabMain } from './run-lab-main';
