// POST /v1/predict: named wine features in, quality band out.

import express, { Router } from 'express';
import type { Predictor } from '@mlops/http-service/predictor';
import { parsePredictionRequest } from './validate-prediction';

/** Options for {@link createPredictRouter}. */
export interface PredictRouterOptions {
  /** Largest JSON body accepted; a larger one is a 413. @defaultValue `'1mb'` */
  bodyLimit?: string | number | undefined;
}

/**
 * Router for `POST /v1/predict`. One wine in → `{"band": "medium", "probabilities"?: {...}, "model": {...}}`;
 * `{"wines": [...]}` in → `{"predictions": [{band, probabilities?}, ...], "model": {...}}` in the same order.
 * The route parses its own JSON body, up to `bodyLimit`: do not mount `express.json()` in front of it.
 * A bad body becomes a 400 `HttpError` from `parsePredictionRequest`, answered by the app's error handler.
 */
export function createPredictRouter(predictor: Predictor, options: PredictRouterOptions = {}): Router {
  const router = Router();
  const json = express.json({ limit: options.bodyLimit ?? '1mb' });
  router.post('/v1/predict', json, async (req, res) => {
    const { rows, single } = parsePredictionRequest(req.body);
    const predictions = await predictor.predict(rows);
    res.json(single ? { ...predictions[0], model: predictor.info } : { predictions, model: predictor.info });
  });
  return router;
}
