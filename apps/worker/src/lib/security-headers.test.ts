import { API_CSP, dashboardCspHeader } from '@ringside/shared';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { api, createToken } from '../test/helpers.ts';
import { securityHeaders } from './security-headers.ts';

/** Issue 9 (bounded input): every response carries the security headers, pages the dashboard's CSP. */

function expectCommon(res: Response) {
  expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
  expect(res.headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
  expect(res.headers.get('X-Frame-Options')).toBe('DENY');
}

describe('security headers', () => {
  it('are on API answers of every kind: JSON, errors, CSV, preflight', async () => {
    const runner = (await createToken('runner')).token;
    for (const res of [
      await api('/api/health'),
      await api('/api/battles/nope-123'),
      await api('/api/nothing-here'),
      await api('/api/export/battles.csv'),
      await api('/api/results', { method: 'POST', token: runner, json: { results: [] } }),
      await api('/api/results', { method: 'POST', json: {} }),
      await api('/api/battles', {
        method: 'OPTIONS',
        headers: { Origin: 'https://elsewhere.example', 'Access-Control-Request-Method': 'PUT' },
      }),
    ]) {
      expectCommon(res);
      expect(res.headers.get('Content-Security-Policy')).toBe(API_CSP);
      expect(API_CSP).toContain("frame-ancestors 'none'");
    }
  });

  it("are on dashboard pages the worker serves from its assets, with the dashboard's CSP", async () => {
    for (const path of ['/', '/battles/some-battle', '/leaderboard?source=human']) {
      const res = await api(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toContain('text/html');
      expectCommon(res);
      const csp = res.headers.get('Content-Security-Policy') ?? '';
      expect(csp).toBe(dashboardCspHeader());
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
    }
  });

  it('keeps a header the response already has, and leaves a WebSocket handshake alone', async () => {
    const app = new Hono()
      .use(securityHeaders())
      .get('/own', (c) => c.text('x', 200, { 'Referrer-Policy': 'no-referrer' }))
      .get('/ws', () => {
        const pair = new WebSocketPair();
        pair[1].accept();
        return new Response(null, { status: 101, webSocket: pair[0] });
      });
    const own = await app.request('http://localhost/own');
    expect(own.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(own.headers.get('X-Content-Type-Options')).toBe('nosniff');
    const ws = await app.request('http://localhost/ws', { headers: { Upgrade: 'websocket' } });
    expect(ws.status).toBe(101);
    expect(ws.webSocket).not.toBeNull();
    expect(ws.headers.get('X-Content-Type-Options')).toBeNull();
  });
});
