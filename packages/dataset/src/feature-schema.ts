// The Wine Quality feature schema: names, JSON keys, units and plausible ranges of the 11 inputs, and the quality bands.

/** One physicochemical input of the model. */
export interface FeatureSpec {
  /** Column name exactly as in the CSV header, e.g. `"fixed acidity"`. */
  readonly name: string;
  /** camelCase key used in JSON request bodies, e.g. `"fixedAcidity"`. */
  readonly key: string;
  /** Unit of measurement, for documentation and error messages. */
  readonly unit: string;
  /**
   * Range a real wine can plausibly have. Wider than the observed red and white ranges; a value outside
   * it is a data-entry error, not drift.
   */
  readonly min: number;
  readonly max: number;
}

/** The 11 model inputs, in the order the model expects them. */
export const FEATURES: readonly FeatureSpec[] = [
  { name: 'fixed acidity', key: 'fixedAcidity', unit: 'g(tartaric acid)/dm³', min: 0, max: 30 },
  { name: 'volatile acidity', key: 'volatileAcidity', unit: 'g(acetic acid)/dm³', min: 0, max: 3 },
  { name: 'citric acid', key: 'citricAcid', unit: 'g/dm³', min: 0, max: 3 },
  { name: 'residual sugar', key: 'residualSugar', unit: 'g/dm³', min: 0, max: 150 },
  { name: 'chlorides', key: 'chlorides', unit: 'g(sodium chloride)/dm³', min: 0, max: 1 },
  { name: 'free sulfur dioxide', key: 'freeSulfurDioxide', unit: 'mg/dm³', min: 0, max: 500 },
  { name: 'total sulfur dioxide', key: 'totalSulfurDioxide', unit: 'mg/dm³', min: 0, max: 1000 },
  { name: 'density', key: 'density', unit: 'g/cm³', min: 0.9, max: 1.1 },
  { name: 'pH', key: 'pH', unit: 'pH', min: 2, max: 5 },
  { name: 'sulphates', key: 'sulphates', unit: 'g(potassium sulphate)/dm³', min: 0, max: 5 },
  { name: 'alcohol', key: 'alcohol', unit: '% vol', min: 5, max: 20 },
];

/** Number of model inputs (11). */
export const FEATURE_COUNT = FEATURES.length;

/** CSV column names of the inputs, in model order. */
export const FEATURE_NAMES: readonly string[] = FEATURES.map((f) => f.name);

/** JSON keys of the inputs, in model order. */
export const FEATURE_KEYS: readonly string[] = FEATURES.map((f) => f.key);

/** CSV column name of the target. */
export const TARGET_NAME = 'quality';

/** Quality bands the model predicts, in class-index order. */
export const QUALITY_BANDS = ['low', 'medium', 'high'] as const;

/** A predicted quality band. */
export type QualityBand = (typeof QUALITY_BANDS)[number];

/**
 * Maps a sensory quality score (0-10) to its band: low <= 5, medium = 6, high >= 7.
 * @example qualityBand(5) // 'low'
 */
export function qualityBand(score: number): QualityBand {
  if (score <= 5) return 'low';
  if (score === 6) return 'medium';
  return 'high';
}

/** Class index (0, 1, 2) of a quality score, matching {@link QUALITY_BANDS}. */
export function qualityClass(score: number): number {
  return QUALITY_BANDS.indexOf(qualityBand(score));
}
