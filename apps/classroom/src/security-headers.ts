// Security headers on every response: a Content-Security-Policy without inline script, no framing, no sniffing.

import type { RequestHandler } from 'express';

/**
 * The page's policy: scripts, styles and connections from this origin only, no inline script or style, no
 * plug-ins, no framing. Learner data can only reach the page as text, but if markup ever slipped in, it could
 * neither run script nor load anything from elsewhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Middleware adding the security headers; API answers are also marked `no-store`. */
export function securityHeaders(): RequestHandler {
  return (req, res, next) => {
    res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    res.setHeader('cross-origin-resource-policy', 'same-origin');
    if (req.path.startsWith('/api/')) res.setHeader('cache-control', 'no-store');
    next();
  };
}
