import type { Cursor } from './pagination.ts';

/**
 * Streamed exports: a text stream that pages through D1 with a keyset over (created_at DESC, id
 * DESC) and stays one page ahead of the reader, so an export of any size holds about two pages in
 * memory.
 */

/** One page of encoded items and where the next page starts (null: this was the last). */
export interface TextPage {
  items: string[];
  next: Cursor | null;
}
export type PageFetcher = (after: Cursor | null) => Promise<TextPage>;

/**
 * `head`, every item of every page joined by `separator`, then `tail`. The first page is fetched
 * before the stream exists, so a failing query still becomes an error response instead of a
 * truncated 200.
 */
export async function pagedTextStream(
  fetchPage: PageFetcher,
  { head = '', separator = '', tail = '' }: { head?: string; separator?: string; tail?: string } = {},
): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  let page = await fetchPage(null);
  let prefix = head;
  let written = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let text = prefix;
        prefix = '';
        for (const item of page.items) text += (written++ > 0 ? separator : '') + item;
        const next = page.next;
        if (next === null) {
          controller.enqueue(encoder.encode(text + tail));
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(text));
        try {
          page = await fetchPage(next);
        } catch (err) {
          // Headers are sent by now: the reader sees a broken stream, the log says why.
          console.error(JSON.stringify({ level: 'error', msg: 'export page failed', error: String(err) }));
          throw err;
        }
      },
    },
    { highWaterMark: 0 },
  );
}
