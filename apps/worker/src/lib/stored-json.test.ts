import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  parseStored,
  readableJson,
  readableRows,
  tryParseStored,
  UnreadableRowError,
} from './stored-json.ts';

afterEach(() => vi.restoreAllMocks());

describe('reading stored JSON', () => {
  it('parseStored names the row it could not read', () => {
    expect(parseStored('{"a":1}', 'battles', 'b1')).toEqual({ a: 1 });
    const err = (() => {
      try {
        parseStored('{', 'battles', 'b1');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UnreadableRowError);
    expect(err).toMatchObject({ status: 500, code: 'unreadable_row', table: 'battles', rowId: 'b1' });
  });

  it('readableRows leaves out and logs every row whose mapping throws, keeping the others in order', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const rows = [
      { id: 'a', text: '1' },
      { id: 'b', text: '{' },
      { id: 'c', text: '3' },
    ];
    expect(readableRows(rows, (r) => parseStored<number>(r.text, 'results', r.id))).toEqual([1, 3]);
    expect(readableRows(rows, (r) => JSON.parse(r.text) as number, 'evaluations')).toEqual([1, 3]);
    expect(log).toHaveBeenCalledTimes(2);
    for (const [line] of log.mock.calls) {
      expect(JSON.parse(String(line))).toMatchObject({ msg: 'unreadable row skipped', id: 'b' });
    }
    expect(tryParseStored('{', 'suites', 's')).toBeUndefined();
  });

  it('readableJson turns JSON SQLite refuses (too deep, or not JSON) into NULL for its JSON functions', async () => {
    const deep = `${'['.repeat(2_000)}${']'.repeat(2_000)}`;
    const plain = await env.DB.prepare('SELECT json_valid(?1) AS deep, json_valid(?2) AS broken')
      .bind(deep, '{"a":')
      .first<{ deep: number; broken: number }>();
    expect(plain).toEqual({ deep: 0, broken: 0 });
    await expect(env.DB.prepare('SELECT json_array_length(?1) AS n').bind(deep).first()).rejects.toThrow();
    for (const text of [deep, '{"a":', null]) {
      const row = await env.DB.prepare(
        `SELECT json_array_length(${readableJson('?1')}) AS n,
           (SELECT COUNT(*) FROM json_each(${readableJson('?1')})) AS items`,
      )
        .bind(text)
        .first<{ n: number | null; items: number }>();
      expect(row).toEqual({ n: null, items: 0 });
    }
  });
});
