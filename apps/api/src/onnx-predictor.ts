// The ONNX model behind /v1/predict: adapts a model of the registry to the Predictor interface of @mlops/http-service.

import { FEATURE_COUNT, type QualityBand } from '@mlops/dataset/feature-schema';
import { predictedClass, roundProbability } from '@mlops/model-store';
import type { ModelRegistry } from '@mlops/serving';
import { HttpError, type Prediction, type Predictor } from '@mlops/http-service';

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
        const byBand = Object.fromEntries(
          labels.map((band, c) => [band, roundProbability(probabilities[i * classes + c]!)]),
        ) as Record<QualityBand, number>;
        return { band: labels[predictedClass(probabilities, i, classes)]!, probabilities: byBand };
      });
    },
  };
}

