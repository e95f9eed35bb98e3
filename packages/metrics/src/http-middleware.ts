// Express middleware that records every request into the HTTP RED metrics once its response has ended.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpMetrics } from './http-metrics';
import { routeLabel, type RoutedRequest } from './route-label';

/** The status recorded for a request whose client went away before the response ended (nginx's convention). */
export const CLIENT_CLOSED_STATUS = 499;

/**
 * Middleware to mount before every route: it starts a clock and, when the response has ended (or the client
 * went away: {@link CLIENT_CLOSED_STATUS}), records method, route template, status and seconds. The route is
 * read at the end, because Express only knows it once a route has handled the request.
 * @example app.use(httpMetricsMiddleware(createHttpMetrics(registry)));
 */
export function httpMetricsMiddleware(metrics: HttpMetrics): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    // #region solution step 3: start a clock; once the response is closed, observe method, route, status and seconds
    const start = performance.now();
    res.once('close', () => {
      metrics.observe({
        method: String(req.method),
        route: routeLabel(req as IncomingMessage & RoutedRequest),
        status: res.writableFinished ? res.statusCode : CLIENT_CLOSED_STATUS,
        seconds: (performance.now() - start) / 1000,
      });
    });
    next();
    // #endregion solution
  };
}
