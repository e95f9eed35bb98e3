// Tests of the train CLI's text output: the evaluation tables and the plain per-epoch lines.

import { describe, expect, it } from 'vitest';
import { evaluate } from '../metrics';
import { createEpochProgress } from './epoch-progress';
import { formatEvaluationReport } from './evaluation-report';

describe('formatEvaluationReport', () => {
  it('puts model and majority baseline side by side, then per-class figures and the confusion matrix', () => {
    const labels = ['low', 'medium', 'high'];
    const model = evaluate([0, 0, 1, 2], [0, 0, 1, 1], labels);
    const baseline = { ...evaluate([0, 0, 1, 2], [0, 0, 0, 0], labels), predictedLabel: 'low' };
    const text = formatEvaluationReport(model, baseline);
    expect(text).toMatch(/test split \(4 rows\)\s+model\s+majority baseline \("low"\)/);
    expect(text).toMatch(/accuracy\s+75\.0%\s+50\.0%/);
    expect(text).toMatch(/high\s+0\.000\s+0\.000\s+0\.000\s+1/);
    expect(text).toMatch(/high\s+0\s+1\s+0$/m);
  });
});

describe('createEpochProgress', () => {
  it('prints one plain line per epoch when stdout is not a terminal', () => {
    const lines: string[] = [];
    const progress = createEpochProgress(10, false, (line) => lines.push(line));
    progress.onEpoch({ epoch: 1, loss: 1.2345678, valLoss: 1.1, valAccuracy: 0.5 });
    progress.stop();
    expect(lines).toEqual(['epoch 1/10  loss 1.2346  val_loss 1.1000  val_acc 0.5000']);
  });
});
