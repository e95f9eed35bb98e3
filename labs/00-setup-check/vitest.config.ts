// Lab 00 tests: `@lab/*` is src/ (or starter/ or the reference, by LAB_TARGET).
import { defineLabConfig } from '@mlops/lab-kit/authoring';

export default defineLabConfig(import.meta.dirname);
