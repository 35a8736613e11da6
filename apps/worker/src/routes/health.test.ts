import { describe, expect, it } from 'vitest';
import { api } from '../test/helpers.ts';

describe('GET /api/health', () => {
  it('answers with the version and that D1 is reachable', async () => {
    const res = await api('/api/health');
    expect(res.status).toBe(200);
    const body = await res.json<{ status: string; version: string; d1: { reachable: boolean } }>();
    expect(body.status).toBe('ok');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(body.d1.reachable).toBe(true);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
  });
});

describe('unknown routes', () => {
  it('answer 404 in the error shape', async () => {
    const res = await api('/api/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
