// Unit tests of the room page's logic (public/room-model.js): cells, stuck, room progress, the shared failure.

import { describe, expect, it } from 'vitest';
import type { LabRecord, LearnerView } from '../src/room-types';
// The page's own module, plain JavaScript checked by tsconfig.public.json.
import { cellView, isStuck, labColumns, labProgress, sharedFailure, sortLearners } from '../public/room-model.js';

const MIN = 60_000;
const NOW = 1_000 * MIN;
const lab01 = { id: '01', title: 'API foundations', steps: 4 };

const record = (over: Partial<LabRecord> = {}): LabRecord => ({
  passed: 11,
  failed: 17,
  skipped: 0,
  total: 28,
  step: 2,
  message: 'expected 500 to be 400',
  solved: false,
  at: NOW - MIN,
  stepSince: NOW - 5 * MIN,
  ...over,
});

const learner = (name: string, labs: Record<string, LabRecord>, currentLab: string | null = Object.keys(labs).at(-1) ?? null): LearnerView => ({
  id: name.toLowerCase().padEnd(16, '0').slice(0, 16),
  name,
  joinedAt: 0,
  lastSeenAt: currentLab ? NOW - MIN : null,
  currentLab,
  version: 1,
  labs,
});

describe('isStuck', () => {
  it('is true on the current lab after the threshold on one step, not before', () => {
    const ana = learner('Ana', { '01': record({ stepSince: NOW - 12 * MIN }) });
    expect(isStuck(ana, '01', NOW, 10 * MIN)).toBe(true);
    expect(isStuck(ana, '01', NOW, 15 * MIN)).toBe(false);
  });

  it('is false for a passed lab and for a lab the learner moved on from', () => {
    const old = NOW - 60 * MIN;
    const ben = learner('Ben', { '00': record({ stepSince: old }), '01': record({ stepSince: NOW }) }, '01');
    expect(isStuck(ben, '00', NOW, 10 * MIN), 'left behind, not stuck').toBe(false);
    const passed = learner('Cy', { '01': record({ passed: 28, failed: 0, stepSince: old }) });
    expect(isStuck(passed, '01', NOW, 10 * MIN)).toBe(false);
  });
});

describe('cellView', () => {
  it('says the state in words: not started, step N of M with tests, stuck for how long, passed or solved', () => {
    expect(cellView(learner('A', {}), lab01, NOW, 10 * MIN)).toMatchObject({ status: 'none', text: '—', detail: 'not started' });
    expect(cellView(learner('A', { '01': record() }), lab01, NOW, 10 * MIN)).toEqual({ status: 'progress', text: 'step 2/4', detail: '11/28' });
    expect(cellView(learner('A', { '01': record({ stepSince: NOW - 14 * MIN }) }), lab01, NOW, 10 * MIN)).toEqual({
      status: 'stuck',
      text: '⚠ STUCK 14 min',
      detail: 'step 2/4',
    });
    expect(cellView(learner('A', { '01': record({ passed: 28, failed: 0 }) }), lab01, NOW, 10 * MIN).text).toBe('✓ passed');
    expect(cellView(learner('A', { '01': record({ passed: 28, failed: 0, solved: true }) }), lab01, NOW, 10 * MIN).text).toBe('✓ solved');
  });

  it('does not call a run with skipped tests passed, and shows the skipped count', () => {
    const view = cellView(learner('A', { '01': record({ passed: 26, failed: 0, skipped: 2, step: null, message: null }) }), lab01, NOW, 10 * MIN);
    expect(view).toEqual({ status: 'progress', text: 'in progress', detail: '26/28 · 2 skipped' });
  });
});

describe('labProgress', () => {
  it('counts passed (solved among them), in progress, stuck and not started', () => {
    const room = [
      learner('A', { '01': record({ passed: 28, failed: 0 }) }),
      learner('B', { '01': record({ passed: 28, failed: 0, solved: true }) }),
      learner('C', { '01': record({ stepSince: NOW - 30 * MIN }) }),
      learner('D', { '01': record() }),
      learner('E', {}),
    ];
    expect(labProgress(room, '01', NOW, 10 * MIN)).toEqual({ passed: 2, solved: 1, inProgress: 2, stuck: 1, notStarted: 1, learners: 5 });
  });
});

describe('sharedFailure', () => {
  it('finds the failure most learners share, with the count, ignoring whitespace differences', () => {
    const room = [
      learner('A', { '01': record({ message: 'expected 500 to be 400' }) }),
      learner('B', { '01': record({ message: 'expected  500\nto be 400' }) }),
      learner('C', { '01': record({ message: 'other', step: 3 }) }),
      learner('D', { '01': record({ passed: 28, failed: 0 }) }),
    ];
    expect(sharedFailure(room, '01')).toEqual({ message: 'expected 500 to be 400', step: 2, count: 2, todo: false, failing: 3, distinct: 2 });
  });

  it('prefers a real failure to more learners who have not started a step yet', () => {
    const todo = 'step 2 is not done yet: open labs/01-api-foundations/src/validate-prediction.ts and replace the TODO';
    const room = [
      learner('A', { '01': record({ message: todo }) }),
      learner('B', { '01': record({ message: todo }) }),
      learner('C', { '01': record({ message: 'expected 500 to be 400' }) }),
    ];
    expect(sharedFailure(room, '01')).toMatchObject({ message: 'expected 500 to be 400', count: 1, todo: false });
    expect(sharedFailure(room.slice(0, 2), '01')).toMatchObject({ count: 2, todo: true });
  });

  it('is null for a lab nobody fails', () => {
    expect(sharedFailure([learner('A', {})], '01')).toBeNull();
  });
});

describe('labColumns and sortLearners', () => {
  it('adds a column for a lab the classroom does not know', () => {
    expect(labColumns([lab01], [learner('A', { '07': record() })]).map((l) => l.id)).toEqual(['01', '07']);
  });

  it('orders by name, by progress, or stuck first', () => {
    const room = [
      learner('bea', { '01': record() }),
      learner('Ana', { '01': record({ stepSince: NOW - 20 * MIN }) }),
      learner('Cy', { '00': record({ passed: 28, failed: 0 }), '01': record({ passed: 20, failed: 8 }) }, '01'),
    ];
    const names = (order: 'name' | 'progress' | 'stuck') => sortLearners(room, order, NOW, 10 * MIN).map((l) => l.name);
    expect(names('name')).toEqual(['Ana', 'bea', 'Cy']);
    expect(names('progress')).toEqual(['Cy', 'Ana', 'bea']);
    expect(names('stuck')).toEqual(['Ana', 'bea', 'Cy']);
  });
});
