// Tests of gate evidence from manifests: the fixed-evaluation figures, never the version's own test split.

import { exampleLineage, exampleManifest } from '@mlops/model-store/testing';
import { describe, expect, it } from 'vitest';
import { evidenceFromManifest } from './gate-evidence';

describe('evidenceFromManifest', () => {
  it('takes the lineage\'s fixed-evaluation figures, not the test-split metrics of the manifest', () => {
    const manifest = { ...exampleManifest('wine-quality', '2'), sha256: 'd'.repeat(64), lineage: exampleLineage('1') };
    manifest.metrics = { ...manifest.metrics, macroF1: 0.99 };
    expect(evidenceFromManifest(manifest)).toEqual({
      model: 'wine-quality/2',
      evaluationSet: { id: 'wine-quality-eval-1', sha256: 'c'.repeat(64) },
      populations: { red: { rows: 240, macroF1: 0.61 }, white: { rows: 735, macroF1: 0.3 } },
    });
  });

  it('says to score a version first when its manifest predates lineage', () => {
    const manifest = { ...exampleManifest('wine-quality', '1'), sha256: 'd'.repeat(64) };
    expect(() => evidenceFromManifest(manifest)).toThrow(expect.objectContaining({ code: 'NO_LINEAGE', message: expect.stringContaining('score it on the evaluation set first') }));
  });
});
