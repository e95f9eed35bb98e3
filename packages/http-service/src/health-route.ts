// GET /healthz: liveness plus the model that /v1/predict uses.

import { Router } from 'express';
import type { Predictor } from './predictor';

/** Router answering `GET /healthz` with `{"status": "ok", "model": {...}, "uptimeSeconds": n}`. */
export function createHealthRouter(predictor: Predictor): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', model: predictor.info, uptimeSeconds: Math.round(process.uptime()) });
  });
  return router;
}
