// Tests of training: same seed gives the same model, early stopping keeps the best epoch.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './backend';
import { trainWineModel, type TrainedWineModel } from './train-wine-model';

const runs: TrainedWineModel[] = [];
beforeAll(async () => {
  await selectBackend('cpu');
});
afterAll(() => runs.forEach((r) => r.model.dispose()));

async function train(seed: number, epochs: number, patience?: number): Promise<TrainedWineModel> {
  const run = await trainWineModel({ seed, epochs, patience });
  runs.push(run);
  return run;
}

describe('trainWineModel', () => {
  it('splits, initialises and trains identically for the same seed', async () => {
    const [a, b, c] = [await train(3, 3), await train(3, 3), await train(4, 3)];
    expect(a.split.test).toEqual(b.split.test);
    expect(a.history).toEqual(b.history);
    expect(Buffer.from(a.onnxBytes).equals(Buffer.from(b.onnxBytes))).toBe(true);
    expect(c.split.test).not.toEqual(a.split.test);
    expect([a.split.train.length, a.split.validation.length, a.split.test.length]).toEqual([1119, 240, 240]);
  });

  it('stops early and restores the weights of the best validation epoch', async () => {
    const run = await train(42, 200, 2);
    expect(run.stoppedEarly).toBe(true);
    expect(run.history.length).toBe(run.bestEpoch + 2);
    const bestValLoss = Math.min(...run.history.map((h) => h.valLoss));
    expect(run.history[run.bestEpoch - 1]!.valLoss).toBe(bestValLoss);
  });
});
