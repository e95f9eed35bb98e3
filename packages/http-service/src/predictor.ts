// Predictor: what /v1/predict needs from a model, so a rule model and an ONNX model are interchangeable.

import type { QualityBand } from '@mlops/dataset/feature-schema';

/** The result for one wine. */
export interface Prediction {
  /** The predicted quality band. */
  readonly band: QualityBand;
  /** Probability per band, when the model has them (a rule model does not). */
  readonly probabilities?: Readonly<Record<QualityBand, number>>;
}

/** Anything that turns rows of the 11 raw features (model order) into predictions, one per row. */
export interface Predictor {
  /** Model name and version, reported in responses, e.g. `{ name: 'baseline-rules', version: '1' }`. */
  readonly info: { readonly name: string; readonly version: string };
  predict(rows: readonly (readonly number[])[]): Promise<Prediction[]>;
}
