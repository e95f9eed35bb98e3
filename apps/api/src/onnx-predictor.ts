// The ONNX model behind /v1/predict: adapts a model of the registry to the Predictor interface of @mlops/web.

import { FEATURE_COUNT, type QualityBand } from '@mlops/dataset/feature-schema';
import type { ModelRegistry } from '@mlops/serving';
import { HttpError, type Prediction, type Predictor } from '@mlops/web';

/**
 * A {@link Predictor} that scores with the registry's model `name`. While the model is not loaded it
 * answers 503 with the reason, so a client can tell "retry later" from "your request is wrong".
 */
export function onnxPredictor(registry: ModelRegistry, name: string): Predictor {
  return {
    get info() {
      const model = registry.get(name);
      return { name, version: model?.version ?? 'not loaded' };
    },
    async predict(rows): Promise<Prediction[]> {
      const model = registry.get(name);
      if (!model) {
        const state = registry.state(name);
        const reason = state?.state === 'failed' ? `: ${state.error.message}` : ` (${state?.state ?? 'unknown'})`;
        throw new HttpError(503, `model "${name}" is not loaded${reason}`);
      }
      const features = new Float32Array(rows.length * FEATURE_COUNT);
      rows.forEach((row, i) => features.set(row, i * FEATURE_COUNT));
      const probabilities = await model.score(features, rows.length);
      // The manifest, not our constants, says which column is which band.
      const labels = model.manifest.classLabels as readonly QualityBand[];
      const classes = labels.length;
      return rows.map((_, i) => {
        const p = probabilities.subarray(i * classes, (i + 1) * classes);
        let best = 0;
        for (let c = 1; c < classes; c++) if (p[c]! > p[best]!) best = c;
        const byBand = Object.fromEntries(labels.map((band, c) => [band, round(p[c]!)])) as Record<QualityBand, number>;
        return { band: labels[best]!, probabilities: byBand };
      });
    },
  };
}

/** Probabilities to 6 decimals: float32 noise beyond that only makes responses longer. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
