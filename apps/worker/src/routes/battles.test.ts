import { beforeAll, describe, expect, it } from 'vitest';
import { api, battle, count, createToken, result, reveal, uid } from '../test/helpers.ts';

let token: string;
beforeAll(async () => {
  token = (await createToken('runner')).token;
});

const put = (b: { id: string } & Record<string, unknown>, path = `/api/battles/${b.id}`) =>
  api(path, { method: 'PUT', token, json: b });
const patch = (id: string, body: unknown) =>
  api(`/api/battles/${id}`, { method: 'PATCH', token, json: body });

describe('PUT /api/battles/:id', () => {
  it('creates a battle with 201, then updates it with 200', async () => {
    const b = battle({ state: 'queued' });
    const created = await put(b);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      id: b.id,
      state: 'queued',
      contestants: [{ id: 'c1' }, { id: 'c2' }],
    });
    const updated = await put({ ...b, state: 'running', title: 'Renamed' });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({ state: 'running', title: 'Renamed' });
  });

  it('refuses a body whose id differs from the URL', async () => {
    const b = battle();
    const res = await put(b, `/api/battles/${uid('other')}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { details: [{ path: 'id' }] } });
  });

  it('replaces contestants before any result exists, and refuses to after', async () => {
    const b = battle();
    await put(b);
    const three = {
      ...b,
      contestants: [
        ...b.contestants,
        { id: 'c3', provider: 'openai', model: 'gpt-x', lane: 'cloud', sampling: {} },
      ],
    };
    expect((await put(three)).status).toBe(200);
    expect(await count('contestants', 'battle_id = ?', b.id)).toBe(3);

    await api('/api/results', { method: 'POST', token, json: result(b.id) });
    const res = await put(b);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'battle_locked' } });
    expect(await count('contestants', 'battle_id = ?', b.id)).toBe(3);
  });

  it('refuses a state change the state machine does not allow', async () => {
    const b = battle({ state: 'done' });
    await put(b);
    const res = await put({ ...b, state: 'running' });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      error: { code: 'invalid_transition', details: [{ path: 'state' }] },
    });
  });

  it('refuses a battle with 9 contestants, naming the field', async () => {
    const b = battle();
    const nine = Array.from({ length: 9 }, (_, i) => ({
      id: `c${i}`,
      provider: 'embedded',
      model: 'tiny',
      lane: 'local',
      sampling: {},
    }));
    const res = await put({ ...b, contestants: nine });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { details: [{ path: 'contestants' }] } });
  });
});

describe('PATCH /api/battles/:id', () => {
  it('moves a running battle to stopped and records the end time', async () => {
    const b = battle();
    await put(b);
    const res = await patch(b.id, { state: 'stopped', endedAt: '2026-11-22T02:00:00.000Z' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ state: 'stopped', endedAt: '2026-11-22T02:00:00.000Z' });
  });

  it('answers 404 for an unknown battle and 400 for an empty patch', async () => {
    expect((await patch(uid('none'), { state: 'done' })).status).toBe(404);
    const b = battle();
    await put(b);
    expect((await patch(b.id, {})).status).toBe(400);
  });
});

describe('GET /api/battles', () => {
  it('walks every page with limit=1 without repeats or gaps, newest first', async () => {
    const tag = uid('walk');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const b = battle({
        id: `${tag}-${i}`,
        title: `${tag} battle ${i}`,
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      });
      await put(b);
      ids.push(b.id);
    }
    // Search by title covers the battles a reader sees in full: these are past their blind window.
    await reveal(...ids);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const qs: string = `q=${tag}&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await api(`/api/battles?${qs}`).then((r) =>
        r.json<{ items: { id: string }[]; nextCursor: string | null }>(),
      );
      seen.push(...page.items.map((b) => b.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it('filters by type, state, model and date', async () => {
    const tag = uid('filter');
    await put(
      battle({
        id: `${tag}-a`,
        title: tag,
        type: 'coding',
        state: 'done',
        createdAt: '2026-03-01T00:00:00.000Z',
      }),
    );
    await put(
      battle({
        id: `${tag}-b`,
        title: tag,
        type: 'qa',
        state: 'running',
        createdAt: '2026-05-01T00:00:00.000Z',
      }),
    );
    await reveal(`${tag}-a`, `${tag}-b`);
    const ids = async (qs: string) =>
      (await api(`/api/battles?q=${tag}&${qs}`).then((r) => r.json<{ items: { id: string }[] }>())).items.map(
        (b) => b.id,
      );
    expect(await ids('type=coding')).toEqual([`${tag}-a`]);
    expect(await ids('state=running')).toEqual([`${tag}-b`]);
    expect(await ids('model=llama3.2')).toHaveLength(2);
    expect(await ids('model=unknown-model')).toEqual([]);
    expect(await ids('from=2026-04-01T00:00:00Z')).toEqual([`${tag}-b`]);
    expect(await ids('to=2026-04-01T00:00:00Z')).toEqual([`${tag}-a`]);
  });

  it('treats % and _ in the search text literally', async () => {
    const tag = uid('like');
    await put(battle({ id: `${tag}-x`, title: `${tag} 100% sure` }));
    await put(battle({ id: `${tag}-y`, title: `${tag} 100 sure` }));
    await reveal(`${tag}-x`, `${tag}-y`);
    const page = await api(`/api/battles?q=${encodeURIComponent(`${tag} 100%`)}`).then((r) =>
      r.json<{ items: { id: string }[] }>(),
    );
    expect(page.items.map((b) => b.id)).toEqual([`${tag}-x`]);
  });

  it('answers 400 for a bad filter, a bad limit and a forged cursor', async () => {
    expect((await api('/api/battles?type=chess')).status).toBe(400);
    expect((await api('/api/battles?limit=0')).status).toBe(400);
    expect((await api('/api/battles?limit=501')).status).toBe(400);
    const res = await api('/api/battles?cursor=not-a-cursor');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { details: [{ path: 'cursor' }] } });
  });

  it('is cacheable: Cache-Control public and a 304 on a matching ETag', async () => {
    const res = await api('/api/battles?limit=2');
    expect(res.headers.get('Cache-Control')).toMatch(/^public/);
    const tag = res.headers.get('ETag');
    expect(tag).toBeTruthy();
    const again = await api('/api/battles?limit=2', { headers: { 'If-None-Match': tag! } });
    expect(again.status).toBe(304);
  });

  it('answers 404 for an unknown battle', async () => {
    const res = await api(`/api/battles/${uid('missing')}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
