import type { StoredResult } from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { api, ciBatch, count, createToken, parseCsv, uid, walkPages } from '../test/helpers.ts';

/**
 * The CI ingestion story end to end (PRODUCT F21, F22, F19): 10,000 results posted in batches of
 * 1,000, read back page by page, exported, then posted again without creating anything.
 */
describe('a CI job posting 10,000 results', () => {
  it('stores them once, lists and exports every one, and a repeated post creates nothing', async () => {
    const { token } = await createToken('ingest');
    const { battle, results } = ciBatch(uid('e2e'), 10_000, { suite: uid('e2e-suite') });
    const batches = Array.from({ length: 10 }, (_, i) => results.slice(i * 1_000, (i + 1) * 1_000));
    const post = (part: typeof results) =>
      api('/api/results/batch', { method: 'POST', token, json: { battle, results: part } });

    for (const [i, part] of batches.entries()) {
      const res = await post(part);
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ created: 1_000, duplicates: 0, battleCreated: i === 0 });
    }
    expect(await count('results', 'battle_id = ?', battle.id)).toBe(10_000);

    const { items, pages } = await walkPages<StoredResult>(`/api/runs?batch=${battle.id}&limit=500`);
    expect(pages).toBe(20);
    const ids = items.map((r) => r.id);
    expect(new Set(ids).size).toBe(10_000);
    expect(new Set(ids)).toEqual(new Set(results.map((r) => r.id)));

    const csv = await api(`/api/export/results.csv?battleId=${battle.id}`);
    expect(csv.status).toBe(200);
    const [header, ...rows] = parseCsv(await csv.text());
    expect(header?.[0]).toBe('id');
    expect(rows).toHaveLength(10_000);
    expect(new Set(rows.map((r) => r[0])).size).toBe(10_000);

    for (const part of batches) {
      const again = await post(part);
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ created: 0, duplicates: 1_000, battleCreated: false });
    }
    expect(await count('results', 'battle_id = ?', battle.id)).toBe(10_000);
  }, 60_000);
});
