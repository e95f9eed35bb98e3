// Tests of the manifest's lineage: optional (older manifests still load), checked when present, kept on write.

import { describe, expect, it } from 'vitest';
import { exampleLineage, exampleManifest } from '../test/fixtures';
import { ModelManifestSchema } from './manifest-schema';

const sha256 = 'd'.repeat(64);

describe('manifest lineage', () => {
  it('is optional, so manifests written before lineage existed still load', () => {
    expect(ModelManifestSchema.safeParse({ ...exampleManifest('wine-quality', '1'), sha256 }).success).toBe(true);
  });

  it('keeps data files, seed, code version, parent and fixed-evaluation metrics', () => {
    const lineage = exampleLineage('1');
    const parsed = ModelManifestSchema.parse({ ...exampleManifest('wine-quality', '2'), sha256, lineage });
    expect(parsed.lineage).toEqual(lineage);
  });

  it('rejects a lineage with a bad checksum, a parent that is not a version, or a metric above 1', () => {
    const bad = [
      { ...exampleLineage(), data: [{ path: 'x.csv', sha256: 'nope', rows: 1 }] },
      { ...exampleLineage(), parentVersion: '../1' },
      { ...exampleLineage(), evaluation: { ...exampleLineage().evaluation, populations: { red: { rows: 1, accuracy: 1.5, macroF1: 0.5 } } } },
    ];
    const problems = bad.map((lineage) => ModelManifestSchema.safeParse({ ...exampleManifest('wine-quality', '2'), sha256, lineage }).error?.issues[0]?.path.join('.'));
    expect(problems).toEqual(['lineage.data.0.sha256', 'lineage.parentVersion', 'lineage.evaluation.populations.red.accuracy']);
  });
});
