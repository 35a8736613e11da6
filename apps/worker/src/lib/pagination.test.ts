import { env } from 'cloudflare:test';
import { desc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '../db/client.ts';
import { results } from '../db/schema.ts';
import { keysetAfter, nextAfter } from './pagination.ts';

describe('keysetAfter', () => {
  it('is planned as a seek on the (created_at, id) index, not a scan or a sort', async () => {
    const q = getDb(env)
      .select({ id: results.id })
      .from(results)
      .where(keysetAfter(results.createdAt, results.id, { createdAt: 1_700_000_000_000, id: 'r-1' }))
      .orderBy(desc(results.createdAt), desc(results.id))
      .limit(500)
      .toSQL();
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${q.sql}`)
      .bind(...q.params)
      .all<{ detail: string }>();
    const details = plan.results.map((r) => r.detail);
    expect(details.join('\n')).toMatch(
      /SEARCH results USING (COVERING )?INDEX results_created \(\(created_at,id\)<\(\?,\?\)\)/,
    );
    expect(details.join('\n')).not.toContain('TEMP B-TREE');
  });

  it('adds no condition for the first page', () => {
    expect(keysetAfter(results.createdAt, results.id, null)).toBeUndefined();
  });
});

describe('nextAfter', () => {
  const rows = [
    { createdAt: 3, id: 'c' },
    { createdAt: 3, id: 'b' },
  ];
  it('points after the last row of a full page', () => {
    expect(nextAfter(rows, 2)).toEqual({ createdAt: 3, id: 'b' });
  });
  it('ends at a short or empty page', () => {
    expect(nextAfter(rows, 3)).toBeNull();
    expect(nextAfter([], 3)).toBeNull();
  });
});
