// Unit tests of adminGuard: order of the checks (rate limit, then 403/401), a new window, the token id.

import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { HttpError } from '@mlops/http-service/http-error';
import { adminGuard, tokenId } from './admin-guard';

const TOKEN = 'a-token-of-sixteen-chars';

/** Runs the guard on a request from `remote` with that Authorization header; returns the status it passed on (200 = let through). */
function call(guard: ReturnType<typeof adminGuard>, authorization: string | undefined, remote = '127.0.0.1'): { status: number; locals: Record<string, unknown>; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  const locals: Record<string, unknown> = {};
  const req = { socket: { remoteAddress: remote }, get: (name: string) => (name.toLowerCase() === 'authorization' ? authorization : undefined) } as unknown as Request;
  const res = { locals, setHeader: (k: string, v: string) => void (headers[k] = v) } as unknown as Response;
  let status = 0;
  guard(req, res, (error?: unknown) => {
    status = error instanceof HttpError ? error.status : 200;
  });
  return { status, locals, headers };
}

describe('adminGuard', () => {
  it('lets the right token through and records the token id and address, never the token', () => {
    const { status, locals } = call(adminGuard({ token: TOKEN }), `Bearer ${TOKEN}`);
    expect(status).toBe(200);
    expect(locals.admin).toEqual({ tokenId: tokenId(TOKEN), remote: '127.0.0.1' });
    expect(tokenId(TOKEN)).toMatch(/^sha256:[0-9a-f]{12}$/);
    expect(JSON.stringify(locals)).not.toContain(TOKEN);
  });

  it('answers 401 for a wrong, missing or differently shaped token, and 403 while none is configured', () => {
    const guard = adminGuard({ token: TOKEN, rateLimit: { limit: 100, windowSeconds: 60 } });
    for (const header of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, undefined, TOKEN, `Basic ${TOKEN}`]) expect(call(guard, header).status, String(header)).toBe(401);
    expect(call(guard, `Bearer ${TOKEN}x`).headers['WWW-Authenticate']).toMatch(/^Bearer/);
    expect(call(adminGuard({ token: undefined }), `Bearer ${TOKEN}`).status).toBe(403);
    expect(call(adminGuard({ token: '' }), `Bearer ${TOKEN}`).status).toBe(403);
  });

  it('limits each address per window, counts refused attempts too, and starts again in the next window', () => {
    let now = 60_000 * 10 + 59_000; // 1 s before a window ends
    const guard = adminGuard({ token: TOKEN, rateLimit: { limit: 2, windowSeconds: 60 }, now: () => now });
    expect(call(guard, 'Bearer wrong-token-guess').status).toBe(401);
    expect(call(guard, `Bearer ${TOKEN}`).status).toBe(200);
    const limited = call(guard, `Bearer ${TOKEN}`);
    expect(limited.status).toBe(429);
    expect(limited.headers['Retry-After']).toBe('1');
    expect(call(guard, `Bearer ${TOKEN}`, '10.0.0.2').status, 'another address has its own count').toBe(200);
    now += 1000;
    expect(call(guard, `Bearer ${TOKEN}`).status).toBe(200);
  });
});
