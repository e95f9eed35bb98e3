// Public surface of @mlops/http-service: the building blocks every HTTP service of the course is made of.

export { createApp, type AppDeps } from './create-app';
export { createErrorHandler } from './error-handler';
export { createHealthRouter } from './health-route';
export { HttpError } from './http-error';
export { createLogger, type Logger, type LoggerOptions } from './logger';
export { notFound } from './not-found';
export { createPredictRouter, type PredictRouterOptions } from './predict-route';
export type { Prediction, Predictor } from './predictor';
export { REQUEST_ID_HEADER, requestContext, requestIdFrom } from './request-context';
export { serveWithGracefulShutdown, type RunningServer, type ServeOptions } from './graceful-shutdown';
export { MAX_WINES_PER_REQUEST, parsePredictionRequest, type FieldIssue, type PredictionRequest } from './validate-prediction';
