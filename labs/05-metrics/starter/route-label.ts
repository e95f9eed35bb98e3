// The route label of an Express request: the template of the route that answered it, or `unmatched`.

import { UNMATCHED_ROUTE } from './http-metrics';
import { notImplemented } from '@mlops/lab-kit/runtime';

/** The parts of an Express request the route label is made from. */
export interface RoutedRequest {
  /** Mount path of the router that matched (Express sets it; literal when the mount path has no parameters). */
  readonly baseUrl?: string;
  /** The matched route, set by Express once a route (not a plain middleware) handled the request. */
  readonly route?: { readonly path?: unknown };
}

/**
 * `baseUrl + route.path` (`/v1/batches/:id`), or {@link UNMATCHED_ROUTE} when no route matched: 404s, and
 * requests a middleware answered before any route (a 413 from a body parser mounted with `app.use`). Never
 * the URL, whose ids and typos would make one series per request.
 * @example routeLabel({ baseUrl: '/v2', route: { path: '/models/:name' } }) // '/v2/models/:name'
 */
export function routeLabel(req: RoutedRequest): string {
  // TODO step 2: the matched route's template (mount path + route path), or UNMATCHED_ROUTE
  throw notImplemented('src/route-label.ts', 'step 2: the matched route\'s template (mount path + route path), or UNMATCHED_ROUTE');
}
