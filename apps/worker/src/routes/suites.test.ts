import { beforeAll, describe, expect, it } from 'vitest';
import { api, count, createToken, uid } from '../test/helpers.ts';

let runner: string;
let ingestToken: string;
beforeAll(async () => {
  runner = (await createToken('runner')).token;
  ingestToken = (await createToken('ingest')).token;
});

const source = (name: string, version: string | number = '1', prompt = 'Add {{a}} and {{b}}.') => ({
  name,
  version,
  description: 'sums',
  tasks: [{ id: 'sum', category: 'problem-solving', prompt, vars: [{ a: 1, b: 2 }] }],
});
const put = (name: string, body: unknown, token: string | null = runner) =>
  api(`/api/suites/${name}`, { method: 'PUT', ...(token ? { token } : {}), json: body });

describe('PUT /api/suites/:name', () => {
  it('keeps every version; GET serves the newest by default and an older one by ?version=', async () => {
    const name = uid('suite');
    expect((await put(name, source(name, 1))).status).toBe(201);
    expect((await put(name, source(name, '2', 'Multiply {{a}} and {{b}}.'))).status).toBe(201);

    const newest = await (await api(`/api/suites/${name}`)).json<Record<string, unknown>>();
    expect(newest).toMatchObject({ name, version: '2', tasks: 1, versions: ['2', '1'] });
    expect(newest.source).toMatchObject({ tasks: [{ prompt: 'Multiply {{a}} and {{b}}.' }] });
    const first = await (await api(`/api/suites/${name}?version=1`)).json<Record<string, unknown>>();
    expect(first.source).toMatchObject({ version: '1', tasks: [{ prompt: 'Add {{a}} and {{b}}.' }] });

    const list = await (await api('/api/suites')).json<{
      items: { name: string; version: string; versions: number }[];
    }>();
    expect(list.items.find((s) => s.name === name)).toMatchObject({ version: '2', versions: 2 });
  });

  it('is idempotent for the same body and refuses another body under a saved version with 409', async () => {
    const name = uid('suite');
    expect((await put(name, source(name))).status).toBe(201);
    expect((await put(name, source(name))).status).toBe(200);
    const changed = await put(name, source(name, '1', 'Subtract {{a}} from {{b}}.'));
    expect(changed.status).toBe(409);
    expect(await changed.json()).toMatchObject({
      error: { code: 'suite_version_exists', details: [{ path: 'version' }] },
    });
    expect(await count('suites', 'name = ?', name)).toBe(1);
  });

  it('needs a runner or admin token: 401 without, 403 with an ingest token', async () => {
    const name = uid('suite');
    expect((await put(name, source(name), null)).status).toBe(401);
    expect((await put(name, source(name), ingestToken)).status).toBe(403);
    expect(await count('suites', 'name = ?', name)).toBe(0);
  });

  it('refuses an invalid suite naming the field, and a name that differs from the URL', async () => {
    const name = uid('suite');
    const bad = await put(name, { name, tasks: [{ id: 'x', prompt: '' }] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { details: [{ path: 'tasks.0.prompt' }] } });
    const other = await put(name, source(uid('other')));
    expect(other.status).toBe(400);
    expect(await other.json()).toMatchObject({ error: { details: [{ path: 'name' }] } });
  });

  it('answers 404 for an unknown suite or version', async () => {
    expect((await api(`/api/suites/${uid('nope')}`)).status).toBe(404);
    const name = uid('suite');
    await put(name, source(name));
    expect((await api(`/api/suites/${name}?version=9`)).status).toBe(404);
  });
});
