import { env } from 'cloudflare:test';
import { generateToken } from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { api, battle, createToken } from '../test/helpers.ts';

const put = (token: string | undefined, body = battle(), headers: Record<string, string> = {}) =>
  api(`/api/battles/${body.id}`, { method: 'PUT', token, json: body, headers });

describe('bearer token auth', () => {
  it('refuses a write without a token with 401 naming the Authorization header', async () => {
    const res = await put(undefined);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      error: { code: 'unauthorized', details: [{ path: 'Authorization' }] },
    });
  });

  it('refuses a malformed header and a malformed token with 401', async () => {
    expect((await put(undefined, battle(), { Authorization: 'Basic abc' })).status).toBe(401);
    expect((await put('not-a-token')).status).toBe(401);
  });

  it('refuses a well-formed token that was never issued with 401', async () => {
    expect((await put(generateToken().token)).status).toBe(401);
  });

  it('refuses a token whose secret is wrong but whose id exists with 401', async () => {
    const { token } = await createToken('runner');
    const forged = `${token.slice(0, -4)}AAAA`;
    expect(forged).not.toBe(token);
    expect((await put(forged)).status).toBe(401);
  });

  it('refuses a revoked token with 401', async () => {
    const { id, token } = await createToken('runner');
    expect((await put(token)).status).toBe(201);
    await env.DB.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ?').bind(Date.now(), id).run();
    expect((await put(token)).status).toBe(401);
  });

  it('stores only the SHA-256 of the token, never the token', async () => {
    const { id, token } = await createToken('ingest');
    const row = await env.DB.prepare('SELECT * FROM tokens WHERE id = ?')
      .bind(id)
      .first<Record<string, unknown>>();
    // The secret is everything after `rsk_<12-char id>_` (it may itself contain `_`).
    const secret = token.slice(`rsk_${id}_`.length);
    expect(secret).toHaveLength(43);
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('records when a token was last used', async () => {
    const { id, token } = await createToken('runner');
    await put(token);
    const row = await env.DB.prepare('SELECT last_used_at FROM tokens WHERE id = ?')
      .bind(id)
      .first<{ last_used_at: number | null }>();
    expect(row?.last_used_at).toBeGreaterThan(0);
  });
});

describe('scope matrix', () => {
  const cases: [scope: 'ingest' | 'runner' | 'admin', origin: 'runner' | 'ci', status: number][] = [
    ['runner', 'runner', 201],
    ['runner', 'ci', 403],
    ['ingest', 'ci', 201],
    ['ingest', 'runner', 403],
    ['admin', 'runner', 201],
    ['admin', 'ci', 201],
  ];
  for (const [scope, origin, status] of cases) {
    it(`a '${scope}' token writing a battle of origin '${origin}' gets ${status}`, async () => {
      const { token } = await createToken(scope);
      const b = battle(origin === 'ci' ? { origin, suite: { name: 'smoke', version: '1' } } : { origin });
      const res = await put(token, b);
      expect(res.status).toBe(status);
      if (status === 403) expect(await res.json()).toMatchObject({ error: { code: 'forbidden' } });
    });
  }

  it('lets anyone read without a token', async () => {
    expect((await api('/api/battles')).status).toBe(200);
  });
});
