// Tests of the fixed evaluation set and its scoring: held-out rows, stable hash, per-population figures.

import { loadWines, RED_WINE_CSV, WHITE_WINE_CSV } from '@mlops/dataset';
import { sha256File } from '@mlops/model-store';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluationRowsSha256, loadEvaluationSet, withoutEvaluationRows, type EvaluationSet } from './evaluation-set';
import { evaluateOnFixedSet } from './fixed-evaluation';
import { splitWines } from './wine-split';

let set: EvaluationSet;
beforeAll(async () => {
  set = await loadEvaluationSet();
});

describe('loadEvaluationSet', () => {
  it('holds out the red test split of seed 42 (what the shipped model never trained on) and 15% of the white wines', async () => {
    expect(set.populations.map((p) => [p.name, p.rows.length])).toEqual([['red', 240], ['white', 735]]);
    expect(set.populations[0]!.rows).toEqual(splitWines(await loadWines('red'), 42).test);
    expect(set.id).toBe('wine-quality-eval-1');
  });

  it('records its files by project-relative path, sha256 and rows', async () => {
    expect(set.data).toEqual([
      { path: 'packages/dataset/data/winequality-red.csv', sha256: await sha256File(RED_WINE_CSV), rows: 1599 },
      { path: 'packages/dataset/data/winequality-white.csv', sha256: await sha256File(WHITE_WINE_CSV), rows: 4898 },
    ]);
  });

  it('hashes the rows: the same rows give the same hash, one changed quality another', () => {
    expect(evaluationRowsSha256(set.populations)).toBe(set.sha256);
    const [red, white] = set.populations;
    const changed = [{ ...red!, rows: [{ ...red!.rows[0]!, quality: red!.rows[0]!.quality + 1 }, ...red!.rows.slice(1)] }, white!];
    expect(evaluationRowsSha256(changed)).not.toBe(set.sha256);
  });
});

describe('evaluateOnFixedSet', () => {
  it('scores each population separately with the given scorer', async () => {
    // Always "low": accuracy is the share of low wines in each population.
    const result = await evaluateOnFixedSet(set, async (features) => features.map(() => [0.8, 0.1, 0.1]));
    const lowShare = (name: string) => {
      const rows = set.populations.find((p) => p.name === name)!.rows;
      return Math.round((rows.filter((r) => r.quality <= 5).length / rows.length) * 1e4) / 1e4;
    };
    expect(result).toMatchObject({ id: set.id, sha256: set.sha256, populations: { red: { rows: 240, accuracy: lowShare('red') }, white: { rows: 735, accuracy: lowShare('white') } } });
    expect(result.populations.red!.accuracy).not.toBe(result.populations.white!.accuracy);
  });
});

describe('withoutEvaluationRows', () => {
  it('drops every row equal to an evaluation row, duplicates included, and keeps the rest in order', async () => {
    const reds = await loadWines('red');
    const kept = withoutEvaluationRows(reds, set);
    const held = new Set(set.populations.flatMap((p) => p.rows.map((r) => `${r.features.join(',')},${r.quality}`)));
    expect(kept.some((r) => held.has(`${r.features.join(',')},${r.quality}`))).toBe(false);
    // 240 held-out reds, plus 69 other rows equal to one of them (the red file has duplicate wines).
    expect(reds.length - kept.length).toBe(240 + 69);
    expect(kept).toEqual(reds.filter((r) => kept.includes(r)));
  });

  it('drops a held-out wine sent again with another quality label', () => {
    const heldOut = set.populations[1]!.rows[0]!;
    const relabelled = { ...heldOut, quality: heldOut.quality === 9 ? 3 : heldOut.quality + 1 };
    expect(withoutEvaluationRows([relabelled], set)).toEqual([]);
  });
});
