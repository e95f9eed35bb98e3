// Step 2: the verdict of a version's live drift gauges, where "no series" and "an old check" are not "no drift".

import { describe, expect, it } from 'vitest';
import { driftVerdict } from '@lab/drift-verdict';

const now = 1_796_000_000;
const rules = { minRows: 200, maxAgeSeconds: 60, nowSeconds: now };
const fresh = { windowRows: 600, lastCheckSeconds: now - 1 };

describe('step 2: driftVerdict', () => {
  it('says drift for detected 1 and no-drift for detected 0 on a fresh, full check', () => {
    expect(driftVerdict({ detected: 1, ...fresh }, rules)).toBe('drift');
    expect(driftVerdict({ detected: 0, ...fresh }, rules)).toBe('no-drift');
  });

  it('says unknown, not no-drift, when the detected series is absent (the version was never checked)', () => {
    expect(driftVerdict({ ...fresh }, rules), 'an absent series is not a 0: no check, no verdict').toBe('unknown');
    expect(driftVerdict({}, rules)).toBe('unknown');
  });

  it('says unknown when the window-rows or the timestamp series is absent', () => {
    expect(driftVerdict({ detected: 0, lastCheckSeconds: now }, rules)).toBe('unknown');
    expect(driftVerdict({ detected: 1, windowRows: 600 }, rules)).toBe('unknown');
  });

  it('says unknown below minRows and trusts a window of exactly minRows', () => {
    expect(driftVerdict({ detected: 0, windowRows: 199, lastCheckSeconds: now }, rules), 'fewer than minRows rows say nothing').toBe('unknown');
    expect(driftVerdict({ detected: 0, windowRows: 200, lastCheckSeconds: now }, rules), 'minRows rows are enough').toBe('no-drift');
    expect(driftVerdict({ detected: 1, windowRows: 200, lastCheckSeconds: now }, rules)).toBe('drift');
  });

  it('says unknown for a check older than maxAgeSeconds and trusts one exactly that old', () => {
    expect(driftVerdict({ detected: 1, windowRows: 600, lastCheckSeconds: now - 61 }, rules), 'an old check is about old traffic').toBe('unknown');
    expect(driftVerdict({ detected: 1, windowRows: 600, lastCheckSeconds: now - 60 }, rules)).toBe('drift');
    expect(driftVerdict({ detected: 0, windowRows: 600, lastCheckSeconds: now - 60.5 }, rules)).toBe('unknown');
  });

  it('reads the rules it is given, not the capstone defaults', () => {
    const strict = { minRows: 1000, maxAgeSeconds: 5, nowSeconds: now };
    expect(driftVerdict({ detected: 0, windowRows: 600, lastCheckSeconds: now }, strict)).toBe('unknown');
    expect(driftVerdict({ detected: 0, windowRows: 1000, lastCheckSeconds: now - 6 }, strict)).toBe('unknown');
    expect(driftVerdict({ detected: 0, windowRows: 1000, lastCheckSeconds: now - 5 }, strict)).toBe('no-drift');
  });

  it('says unknown for a detected value that is neither 0 nor 1', () => {
    expect(driftVerdict({ detected: 0.5, ...fresh }, rules)).toBe('unknown');
  });
});
