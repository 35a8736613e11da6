import { describe, expect, it } from 'vitest';
import { type PageFetcher, pagedTextStream } from './paged-stream.ts';
import type { Cursor } from './pagination.ts';
import { nextAfter } from './pagination.ts';

/** A fetcher over `total` numbered items in pages of `size`, counting its calls. */
function numbers(total: number, size: number) {
  const calls: (Cursor | null)[] = [];
  const fetch: PageFetcher = async (after) => {
    calls.push(after);
    const start = after ? Number(after.id) + 1 : 0;
    const rows = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, i) => ({
      createdAt: 0,
      id: String(start + i),
    }));
    return { items: rows.map((r) => `"${r.id}"`), next: nextAfter(rows, size) };
  };
  return { fetch, calls };
}

describe('pagedTextStream', () => {
  it('writes head, every item of every page joined by the separator, then tail', async () => {
    const { fetch, calls } = numbers(7, 3);
    const stream = await pagedTextStream(fetch, { head: '[', separator: ',', tail: ']' });
    const text = await new Response(stream).text();
    expect(JSON.parse(text)).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    expect(calls.map((c) => c?.id ?? null)).toEqual([null, '2', '5']);
  });

  it('asks for one more (empty) page when the last page is exactly full', async () => {
    const { fetch, calls } = numbers(6, 3);
    const text = await new Response(
      await pagedTextStream(fetch, { head: '[', separator: ',', tail: ']' }),
    ).text();
    expect(JSON.parse(text)).toHaveLength(6);
    expect(calls).toHaveLength(3);
  });

  it('writes only head and tail when there is nothing to export', async () => {
    const { fetch } = numbers(0, 3);
    const text = await new Response(await pagedTextStream(fetch, { head: '[', tail: ']' })).text();
    expect(JSON.parse(text)).toEqual([]);
  });

  it('stays at most one page ahead of the reader instead of fetching everything', async () => {
    const { fetch, calls } = numbers(1000, 10);
    const reader = (await pagedTextStream(fetch, { separator: '\n' })).getReader();
    await Promise.resolve();
    expect(calls).toHaveLength(1);
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value).split('\n')).toHaveLength(10);
    await reader.read();
    // Two pages read: at most the third is fetched, not all 100.
    expect(calls.length).toBeLessThanOrEqual(3);
    await reader.cancel();
  });

  it('fails before any byte is sent when the first page cannot be fetched', async () => {
    await expect(
      pagedTextStream(async () => {
        throw new Error('D1 is down');
      }),
    ).rejects.toThrow('D1 is down');
  });

  it('errors the stream when a later page fails', async () => {
    const { fetch } = numbers(100, 10);
    const failing: PageFetcher = async (after) => {
      if (after && Number(after.id) >= 29) throw new Error('D1 went away');
      return fetch(after);
    };
    await expect(new Response(await pagedTextStream(failing)).text()).rejects.toThrow();
  });
});
