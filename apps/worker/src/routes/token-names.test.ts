import { beforeAll, describe, expect, it } from 'vitest';
import { api, battle, createToken, ingest, result, reveal, uid } from '../test/helpers.ts';

/**
 * Token names (who set a winner, saved a suite, judged a result) name people and machines: the
 * public reads leave them out, an admin's show them (issue 9, part 3).
 */

type Row = Record<string, unknown>;

let runner: { token: string; name: string };
let admin: string;
const b = battle();
const r1 = result(b.id, { contestantId: 'c1' });
const suite = uid('suite');

beforeAll(async () => {
  runner = await createToken('runner', uid('alice-laptop'));
  admin = (await createToken('admin')).token;
  await ingest(runner.token, { battle: b, results: [r1, result(b.id, { contestantId: 'c2' })] });
  // Past its blind window: the public sees the battle in full, token names aside.
  await reveal(b.id);
  const put = (path: string, json: unknown) => api(path, { method: 'PUT', token: runner.token, json });
  expect((await put(`/api/battles/${b.id}/tasks/t1/winner`, { winner: 'c1' })).status).toBe(200);
  expect((await put(`/api/results/${r1.id}/judgement`, { thumbs: 'up', note: 'crisp' })).status).toBe(200);
  const source = { name: suite, version: '1', tasks: [{ id: 'x', category: 'creative', prompt: 'Hi' }] };
  expect((await put(`/api/suites/${suite}`, source)).status).toBe(201);
});

const battlePage = async (token?: string) =>
  (await api(`/api/battles/${b.id}`, token ? { token } : {})).json<{ overrides: Row[]; results: Row[] }>();
const ownerJudgement = (page: { results: Row[] }) =>
  ((page.results.find((r) => r.id === r1.id)?.evaluations ?? []) as Row[]).find((e) => e.source === 'owner');

describe('token names', () => {
  it("leave setBy of a winner override and the judge's name out of the public battle page", async () => {
    const page = await battlePage();
    expect(page.overrides).toEqual([expect.objectContaining({ winner: 'c1', setBy: null })]);
    expect(ownerJudgement(page)?.details).toEqual({ thumbs: 'up', stars: null, note: 'crisp' });
    expect(JSON.stringify(page)).not.toContain(runner.name);
  });

  it('are shown to an admin', async () => {
    const page = await battlePage(admin);
    expect(page.overrides).toEqual([expect.objectContaining({ setBy: runner.name })]);
    expect(ownerJudgement(page)?.details).toMatchObject({ by: runner.name });
  });

  it('leave createdBy of a suite out of the public list and read, and show it to an admin', async () => {
    const list = await (await api('/api/suites')).json<{ items: Row[] }>();
    expect(list.items.find((s) => s.name === suite)).toMatchObject({ createdBy: null });
    expect(await (await api(`/api/suites/${suite}`)).json()).toMatchObject({ createdBy: null });
    const mine = await (await api(`/api/suites/${suite}`, { token: admin })).json();
    expect(mine).toMatchObject({ createdBy: runner.name });
  });

  it('leave the results list and its export without the judge name', async () => {
    const listed = await (await api(`/api/results?battleId=${b.id}`)).json<{ items: Row[] }>();
    const exported = await (await api(`/api/export/results.json?battleId=${b.id}`)).text();
    expect(JSON.stringify(listed)).not.toContain(runner.name);
    expect(exported).not.toContain(runner.name);
  });
});
