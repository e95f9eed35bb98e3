// Runs this lab's tests against the learner's src/ (default), the starter or the reference (LAB_TARGET).
import { defineLabConfig } from '@mlops/lab-kit/authoring';

export default defineLabConfig(import.meta.dirname);
