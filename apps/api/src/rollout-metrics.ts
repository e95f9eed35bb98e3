// Rollout gauges on the API's metrics registry: model_rollout_state{model,state} and model_traffic_share{model,version}.

import { Gauge, type Registry } from 'prom-client';

/** Phases a model's rollout is in; the last outcome stays until the next rollout starts. */
export const ROLLOUT_STATES = ['stable', 'canary', 'shadow', 'promoted', 'rolled_back', 'failed'] as const;
export type RolloutState = (typeof ROLLOUT_STATES)[number];

/** The rollout gauges of one process. */
export interface RolloutMetrics {
  /** Sets `model_rollout_state{model,state}` to 1 for `state` and 0 for the others. */
  setState(model: string, state: RolloutState): void;
  /** Sets `model_traffic_share{model,version}` (the share of answered requests, 0 to 1) for exactly these versions. */
  setShares(model: string, shares: Readonly<Record<string, number>>): void;
}

/** Registers the rollout gauges in `registry`. */
export function createRolloutMetrics(registry: Registry): RolloutMetrics {
  const state = new Gauge({ name: 'model_rollout_state', help: 'Rollout phase of a model: 1 for the current state (stable, canary, shadow, promoted, rolled_back, failed), 0 for the others.', labelNames: ['model', 'state'] as const, registers: [registry] });
  const share = new Gauge({ name: 'model_traffic_share', help: 'Share of the answered infer requests (0 to 1) routed to a model version.', labelNames: ['model', 'version'] as const, registers: [registry] });
  return {
    setState(model, current) {
      for (const s of ROLLOUT_STATES) state.set({ model, state: s }, s === current ? 1 : 0);
    },
    setShares(model, shares) {
      share.reset();
      for (const [version, value] of Object.entries(shares)) share.set({ model, version }, value);
    },
  };
}
