// Tests of the training-curve SVG: well-formed, one point per epoch per line, best epoch marked.

import { describe, expect, it } from 'vitest';
import { trainingCurveSvg } from './training-curve-svg';

describe('trainingCurveSvg', () => {
  it('draws loss and validation loss with one point per epoch and marks the best epoch', () => {
    const history = [1, 2, 3, 4].map((epoch) => ({ epoch, loss: 1 / epoch, valLoss: 1.2 / epoch, valAccuracy: 0.5 }));
    const svg = trainingCurveSvg(history, { bestEpoch: 3, title: 'a <b> & c' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    const lines = [...svg.matchAll(/<polyline[^>]*points="([^"]*)"/g)].map((m) => m[1]!.split(' ').length);
    expect(lines).toEqual([4, 4]);
    expect(svg).toContain('best epoch 3');
    expect(svg).toContain('a &lt;b&gt; &amp; c');
  });

  it('copes with a single epoch and no history', () => {
    expect(trainingCurveSvg([{ epoch: 1, loss: 1, valLoss: 1, valAccuracy: 0 }])).toContain('<polyline');
    expect(trainingCurveSvg([])).toContain('</svg>');
  });
});
