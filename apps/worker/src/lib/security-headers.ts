import { API_CSP, COMMON_SECURITY_HEADERS, dashboardCspHeader } from '@ringside/shared';
import { createMiddleware } from 'hono/factory';

/**
 * Adds the shared security headers to every response the worker sends: `nosniff`, a referrer
 * policy and no framing; a Content-Security-Policy that lets the dashboard run on HTML pages and
 * allows nothing on API responses. A header a response already has (e.g. from the assets'
 * `_headers` file) is kept.
 */
export const securityHeaders = ({ htmlCsp = dashboardCspHeader(), apiCsp = API_CSP } = {}) =>
  createMiddleware(async (c, next) => {
    await next();
    // A WebSocket handshake renders nothing, and its response is the runtime's to keep as is.
    if (c.res.status === 101) return;
    const html = c.res.headers.get('Content-Type')?.startsWith('text/html') ?? false;
    const headers: Record<string, string> = {
      ...COMMON_SECURITY_HEADERS,
      'Content-Security-Policy': html ? htmlCsp : apiCsp,
    };
    const missing = Object.entries(headers).filter(([name]) => !c.res.headers.has(name));
    if (missing.length === 0) return;
    try {
      for (const [name, value] of missing) c.res.headers.set(name, value);
    } catch {
      // Responses fetched from a binding (the assets) have immutable headers: copy, then set.
      c.res = new Response(c.res.body, c.res);
      for (const [name, value] of missing) c.res.headers.set(name, value);
    }
  });
