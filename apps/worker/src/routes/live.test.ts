import { beforeAll, describe, expect, it } from 'vitest';
import { api, battle, createToken, uid } from '../test/helpers.ts';
import { liveEvents, TestViewer } from '../test/live-helpers.ts';

let runner: string;
let battleId: string;
beforeAll(async () => {
  runner = (await createToken('runner')).token;
  const b = battle();
  battleId = b.id;
  await api(`/api/battles/${b.id}`, { method: 'PUT', token: runner, json: b });
});

const post = (id: string, body: unknown, token?: string) =>
  api(`/api/battles/${id}/events`, { method: 'POST', json: body, ...(token ? { token } : {}) });

describe('POST /api/battles/:id/events', () => {
  it('refuses a publisher without a token with 401', async () => {
    const res = await post(battleId, [liveEvents(battleId).start()]);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('refuses an ingest token with 403, and lets an admin token publish', async () => {
    const ingest = await createToken('ingest');
    expect((await post(battleId, [liveEvents(battleId).start()], ingest.token)).status).toBe(403);
    const admin = await createToken('admin');
    expect((await post(battleId, [liveEvents(battleId).start()], admin.token)).status).toBe(200);
  });

  it('rejects a batch with a bad frame with 400 naming the index and field, and applies none of it', async () => {
    const e = liveEvents(battleId);
    const bad = { ...e.delta('c1', 0, 'x'), seq: -1 };
    const res = await post(
      battleId,
      [e.delta('c1', 0, 'never stored'), bad, { type: 'token-shout' }],
      runner,
    );
    expect(res.status).toBe(400);
    const body = await res.json<{ error: { code: string; details: { path: string }[] } }>();
    expect(body.error.code).toBe('invalid_body');
    expect(body.error.details.map((d) => d.path)).toEqual(['1.seq', '2.type']);

    const v = await TestViewer.connect(battleId);
    const snap = await v.frame();
    expect(snap.type === 'battle-snapshot' && snap.slots.some((s) => s.text.includes('never'))).toBe(false);
    v.close();
  });

  it('rejects a frame of another battle with 400 at its battleId', async () => {
    const e = liveEvents(battleId);
    const res = await post(battleId, [e.start(), liveEvents('other-battle').start()], runner);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { details: [{ path: '1.battleId' }] } });
  });

  it('rejects a body that is not a non-empty array of frames with 400', async () => {
    expect((await post(battleId, { events: [] }, runner)).status).toBe(400);
    expect((await post(battleId, [], runner)).status).toBe(400);
  });

  it('answers 404 for a battle that does not exist', async () => {
    const id = uid('nobattle');
    const res = await post(id, [liveEvents(id).start()], runner);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('GET /api/battles/:id/live', () => {
  it('answers a request without Upgrade: websocket with 426 in the error shape', async () => {
    const res = await api(`/api/battles/${battleId}/live`);
    expect(res.status).toBe(426);
    expect(await res.json()).toMatchObject({
      error: { code: 'upgrade_required', details: [{ path: 'Upgrade' }] },
    });
  });

  it('refuses a batch parameter other than 0 or 1 with 400', async () => {
    const res = await api(`/api/battles/${battleId}/live?batch=yes`, { headers: { Upgrade: 'websocket' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { details: [{ path: 'batch' }] } });
  });

  it('answers 404 for a battle that does not exist', async () => {
    const res = await api(`/api/battles/${uid('nobattle')}/live`, { headers: { Upgrade: 'websocket' } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('OpenAPI', () => {
  it('documents publishing (the owner, runner or ingest scope) and the live socket', async () => {
    const doc = await (await api('/api/openapi.json')).json<{
      paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>>;
    }>();
    const publish = doc.paths['/api/battles/{id}/events']?.post as { security?: unknown; 'x-owner'?: string };
    expect(publish.security).toEqual([{ bearer: ['runner', 'ingest'] }]);
    expect(publish['x-owner']).toBe('battle');
    expect(Object.keys(doc.paths['/api/battles/{id}/live']?.get?.responses ?? {})).toContain('101');
  });
});
