// The retrainer's configuration: defaults, relative data paths, and one-line errors naming the bad variable.

import { describe, expect, it } from 'vitest';
import { RED_WINE_CSV, WHITE_WINE_CSV } from '@mlops/dataset';
import { readRetrainerConfig } from './config';

describe('readRetrainerConfig', () => {
  it('defaults to the red wines plus the white wines, the npm run train settings and the default gate', () => {
    const config = readRetrainerConfig({}, '/work');
    expect(config.data).toEqual({ reference: RED_WINE_CSV, newRows: [WHITE_WINE_CSV] });
    expect(config.training).toEqual({ seed: 42, epochs: 200, patience: 20, backend: 'auto' });
    expect(config.gate).toEqual({ oldPopulation: 'red', newPopulation: 'white', margin: 0.02, tolerance: 0.01, minRows: 50 });
    expect(config.space).toEqual({ queueName: 'retraining', prefix: 'mlops' });
    expect(config.concurrency).toBe(1);
  });

  it('reads several new-data files, relative to where the command was typed', () => {
    const config = readRetrainerConfig({ RETRAIN_NEW_DATA: 'data/a.csv, /abs/b.csv', RETRAIN_EPOCHS: '5', GATE_TOLERANCE: '0.05' }, '/work');
    expect(config.data.newRows).toEqual(['/work/data/a.csv', '/abs/b.csv']);
    expect(config.training.epochs).toBe(5);
    expect(config.gate.tolerance).toBe(0.05);
  });

  it('names every bad variable in one message', () => {
    expect(() => readRetrainerConfig({ RETRAIN_EPOCHS: '0', GATE_MARGIN: '2', TFJS_BACKEND: 'gpu' })).toThrow(/RETRAIN_EPOCHS.*TFJS_BACKEND.*GATE_MARGIN|RETRAIN_EPOCHS.*GATE_MARGIN/s);
    expect(() => readRetrainerConfig({ GATE_OLD_POPULATION: 'white' })).toThrow(expect.objectContaining({ code: 'RETRAINER_CONFIG', message: expect.stringContaining('both "white"') }));
  });
});
