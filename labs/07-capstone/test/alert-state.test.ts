// Step 1: the drift alert's state for one model version, as the capstone waits for it.

import { describe, expect, it } from 'vitest';
import { alertState, type PrometheusAlert } from '@lab/alert-state';

const drift = (version: string, state: string, extra: Record<string, string> = {}): PrometheusAlert => ({
  labels: { alertname: 'ModelDataDrift', model: 'wine-quality', version, severity: 'warning', ...extra },
  state,
  activeAt: '2026-12-01T12:00:00Z',
  value: '1e+00',
});
const v2 = { alertname: 'ModelDataDrift', labels: { model: 'wine-quality', version: '2' } };

describe('step 1: alertState', () => {
  it('is inactive when Prometheus lists no alert', () => {
    expect(alertState([], v2), 'no alert listed means inactive').toBe('inactive');
  });

  it('is firing for a firing alert with the wanted name and labels, whatever other labels it has', () => {
    expect(alertState([drift('2', 'firing', { instance: '127.0.0.1:8080' })], v2)).toBe('firing');
  });

  it('is pending, not firing, while the condition holds for less than the rule\'s for:', () => {
    expect(alertState([drift('2', 'pending')], v2), 'pending means "not yet": the scenario must keep waiting').toBe('pending');
  });

  it("ignores another version's alert: v1 firing says nothing about v2", () => {
    expect(alertState([drift('1', 'firing')], v2), 'compare every label of match.labels, not only the alert name').toBe('inactive');
  });

  it("ignores another model's alert and an alert of another name with the same labels", () => {
    expect(alertState([drift('2', 'firing', { model: 'other-model' })], v2)).toBe('inactive');
    expect(alertState([{ ...drift('2', 'firing'), labels: { ...drift('2', 'firing').labels, alertname: 'ApiDown' } }], v2)).toBe('inactive');
  });

  it('says firing when one matching alert fires and another is pending, in either order', () => {
    const pendingFirst = [drift('2', 'pending', { instance: 'a' }), drift('2', 'firing', { instance: 'b' })];
    expect(alertState(pendingFirst, v2), 'look at every matching alert, not only the first').toBe('firing');
    expect(alertState([...pendingFirst].reverse(), v2)).toBe('firing');
  });

  it('matches on the alert name alone when no labels are given', () => {
    expect(alertState([drift('7', 'pending')], { alertname: 'ModelDataDrift' })).toBe('pending');
  });

  it('treats a state it does not know as neither pending nor firing', () => {
    expect(alertState([drift('2', 'inactive')], v2)).toBe('inactive');
  });
});
