import type { Battle, StoredResult } from '@ringside/shared';
import { BattleSchema, StoredResultSchema } from '@ringside/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { BATTLES_CSV_HEADER } from '../queries/export-battles.ts';
import { RESULTS_CSV_HEADER } from '../queries/export-results.ts';
import { api, battle, ciBatch, createToken, ingest, parseCsv, result, reveal, uid } from '../test/helpers.ts';

const marker = uid('export');
const hostile = battle({
  title: `=HYPERLINK("http://evil.example","${marker}"), then "quoted"\nand a new line`,
  contestants: [
    { id: 'c1', provider: 'ollama', model: '+SUM(1,2)', lane: 'local', sampling: {} },
    {
      id: 'c2',
      provider: 'embedded',
      model: 'tiny',
      lane: 'local',
      sampling: {},
      persona: { name: '@poet', systemPrompt: 'Be a poet.' },
    },
  ],
});
const ok = result(hostile.id, {
  contestantId: 'c1',
  metrics: { ttftMs: 12.5, e2eMs: 80, decodeTpsClient: 250, decodeTpsServer: 260, outputTokens: 18 },
  score: 0.75,
  passed: true,
});
const failed = result(hostile.id, {
  contestantId: 'c2',
  status: 'error',
  error: { kind: 'first-token-timeout', message: 'no token in 30 s' },
  metrics: {},
  chunks: null,
});
const big = ciBatch(uid('big'), 2_500, { suite: uid('export-suite') });

let ci: string;
beforeAll(async () => {
  ci = (await createToken('ingest')).token;
  await ingest((await createToken('runner')).token, { battle: hostile, results: [ok, failed] });
  // Past its blind window: exported in full (sealed rows are blind-votes.test.ts's).
  await reveal(hostile.id);
});

const text = async (path: string) => {
  const res = await api(path);
  expect(res.status).toBe(200);
  return { res, body: await res.text() };
};

describe('GET /api/export/results.csv', () => {
  it('writes a header and one row of flat columns per result, as an attachment', async () => {
    const { res, body } = await text(`/api/export/results.csv?battleId=${hostile.id}`);
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('Content-Disposition')).toMatch(
      /^attachment; filename="ringside-results-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const [header, ...rows] = parseCsv(body);
    expect(header).toEqual([...RESULTS_CSV_HEADER]);
    const byId = new Map(rows.map((r) => [r[0], Object.fromEntries(header!.map((h, i) => [h, r[i]]))]));
    expect(byId.size).toBe(2);
    expect(byId.get(ok.id)).toMatchObject({
      battleId: hostile.id,
      contestantId: 'c1',
      taskId: 't1',
      repeat: '0',
      status: 'ok',
      provider: 'ollama',
      // Model names are user text: a formula trigger is defused with a quote.
      model: "'+SUM(1,2)",
      category: 'creative',
      ttftMs: '12.5',
      e2eMs: '80',
      decodeTpsClient: '250',
      decodeTpsServer: '260',
      outputTokens: '18',
      score: '0.75',
      passed: 'true',
      errorKind: '',
    });
    expect(Date.parse(byId.get(ok.id)!.createdAt!)).toBeGreaterThan(0);
    expect(byId.get(failed.id)).toMatchObject({
      status: 'error',
      score: '',
      passed: '',
      errorKind: 'first-token-timeout',
    });
  });

  it('applies the filters of /api/results', async () => {
    const ids = async (q: string) =>
      parseCsv((await text(`/api/export/results.csv?battleId=${hostile.id}&${q}`)).body)
        .slice(1)
        .map((r) => r[0]);
    expect(await ids('status=error')).toEqual([failed.id]);
    expect(await ids('model=tiny')).toEqual([failed.id]);
    expect(await ids('provider=ollama')).toEqual([ok.id]);
    expect(await ids('origin=ci')).toEqual([]);
    expect((await ids('origin=runner')).sort()).toEqual([ok.id, failed.id].sort());
  });

  it('writes only the header when nothing matches', async () => {
    const { body } = await text(`/api/export/results.csv?battleId=${uid('none')}`);
    expect(parseCsv(body)).toEqual([[...RESULTS_CSV_HEADER]]);
  });

  it('refuses an invalid filter with 400 naming it', async () => {
    const res = await api('/api/export/results.csv?status=maybe');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: 'invalid_query', details: [{ path: 'status' }] },
    });
  });
});

describe('GET /api/export/battles.csv', () => {
  it('quotes and defuses untrusted titles and lists the contestants of each battle', async () => {
    const { res, body } = await text(`/api/export/battles.csv?q=${marker}`);
    expect(res.headers.get('Content-Disposition')).toMatch(/filename="ringside-battles-[\d-]+\.csv"/);
    // The title holds a quote, a comma and a newline, so it must be one quoted field.
    expect(body).toContain(
      `"'=HYPERLINK(""http://evil.example"",""${marker}""), then ""quoted""\nand a new line"`,
    );
    const [header, ...rows] = parseCsv(body);
    expect(header).toEqual([...BATTLES_CSV_HEADER]);
    expect(rows).toHaveLength(1);
    const row = Object.fromEntries(header!.map((h, i) => [h, rows[0]![i]]));
    expect(row).toMatchObject({
      id: hostile.id,
      type: 'qa',
      origin: 'runner',
      title: `'${hostile.title}`,
      state: 'running',
      tasks: '1',
      contestants: 'ollama:+SUM(1,2); embedded:tiny#@poet',
      startedAt: '',
    });
  });
});

describe('GET /api/export/*.json', () => {
  it('streams results as a JSON array of stored results with their evaluations', async () => {
    const { res, body } = await text(`/api/export/results.json?battleId=${hostile.id}`);
    expect(res.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('Content-Disposition')).toMatch(/filename="ringside-results-[\d-]+\.json"/);
    const items = (JSON.parse(body) as StoredResult[]).map((r) => StoredResultSchema.parse(r));
    expect(items.map((r) => r.id).sort()).toEqual([ok.id, failed.id].sort());
    expect(items.find((r) => r.id === ok.id)?.output.text).toBe('Waves fold into foam');
  });

  it('streams battles as a JSON array of battles with their contestants', async () => {
    const { body } = await text(`/api/export/battles.json?q=${marker}`);
    const items = (JSON.parse(body) as Battle[]).map((b) => BattleSchema.parse(b));
    expect(items.map((b) => b.id)).toEqual([hostile.id]);
    expect(items[0]?.contestants.map((c) => c.model)).toEqual(['+SUM(1,2)', 'tiny']);
  });

  it('writes an empty array when nothing matches', async () => {
    expect(JSON.parse((await text(`/api/export/battles.json?q=${uid('none')}`)).body)).toEqual([]);
  });
});

describe('unknown exports', () => {
  it('answer 404 in the error shape for an unknown format or table', async () => {
    for (const path of ['/api/export/results.xml', '/api/export/battles.txt', '/api/export/votes.csv']) {
      const res = await api(path);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
    }
  });
});

describe('a 2,500-result export', () => {
  beforeAll(async () => {
    await ingest(ci, big);
  });

  it('streams every row of the CSV, page by page', async () => {
    const res = await api(`/api/export/results.csv?battleId=${big.battle.id}`);
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let body = '';
    let chunks = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const part = decoder.decode(value, { stream: true });
      // A chunk is at most one D1 page (500 rows) plus the header: the body is never built whole.
      expect(part.split('\r\n').length - 1).toBeLessThanOrEqual(501);
      body += part;
      chunks++;
    }
    expect(chunks).toBeGreaterThanOrEqual(5);
    const [, ...rows] = parseCsv(body);
    expect(rows).toHaveLength(2_500);
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(big.results.map((r) => r.id)));
  });

  it('streams every item of the JSON', async () => {
    const items = JSON.parse(
      (await text(`/api/export/results.json?battleId=${big.battle.id}`)).body,
    ) as StoredResult[];
    expect(items).toHaveLength(2_500);
    expect(new Set(items.map((r) => r.id)).size).toBe(2_500);
    expect(items.every((r) => r.evaluations.length === 1)).toBe(true);
  });
});
