// NotImplementedError: its code, properties and the learner-facing message.
import { afterEach, describe, expect, it } from 'vitest';
import { isNotImplementedError, notImplemented, notImplementedMessage, NotImplementedError } from './not-implemented';

const saved = { dir: process.env.MLOPS_LAB_DIR, id: process.env.MLOPS_LAB_ID };

afterEach(() => {
  if (saved.dir === undefined) delete process.env.MLOPS_LAB_DIR;
  else process.env.MLOPS_LAB_DIR = saved.dir;
  if (saved.id === undefined) delete process.env.MLOPS_LAB_ID;
  else process.env.MLOPS_LAB_ID = saved.id;
});

describe('notImplemented', () => {
  it('throws a NotImplementedError with code, file and step', () => {
    let caught: unknown;
    try {
      notImplemented('src/features.ts', 'step 2: standardise the features');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NotImplementedError);
    expect(caught).toMatchObject({ code: 'NOT_IMPLEMENTED', file: 'src/features.ts', step: 'step 2: standardise the features' });
    expect(isNotImplementedError(caught)).toBe(true);
    expect(isNotImplementedError(new Error('x'))).toBe(false);
  });

  it('names the lab file and the hint command when the lab is known', () => {
    process.env.MLOPS_LAB_DIR = 'labs/01-api-foundations';
    process.env.MLOPS_LAB_ID = '01';
    expect(notImplementedMessage('src/features.ts', 'step 2: standardise')).toBe(
      'step 2 is not done yet: open labs/01-api-foundations/src/features.ts and replace the TODO (standardise); hint: npm run lab -- hint 01',
    );
  });

  it('still names the file when the lab is unknown', () => {
    delete process.env.MLOPS_LAB_DIR;
    delete process.env.MLOPS_LAB_ID;
    expect(notImplementedMessage('src/a.ts', 'step 3: x')).toBe('step 3 is not done yet: open src/a.ts and replace the TODO (x); hint: npm run lab -- hint');
  });
});
