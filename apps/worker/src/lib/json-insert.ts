import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

/**
 * Bulk INSERT with one bound parameter per statement: the rows travel as one JSON array and
 * SQLite unpacks them with `json_each`. A multi-row VALUES insert of a 17-column table fits only
 * 5 rows under D1's 100-parameter limit (200 statements per 1,000 results); this fits as many
 * rows as `maxBytes` of JSON allows (D1 takes strings up to 2 MB), so a 1,000-result batch is a
 * handful of statements. Rows already present (same primary key) are left alone.
 */
export function jsonInsert<T extends SQLiteTable>(
  d1: D1Database,
  table: T,
  rows: readonly T['$inferInsert'][],
  opts: { maxBytes?: number } = {},
): D1PreparedStatement[] {
  const maxBytes = opts.maxBytes ?? 1_000_000;
  const columns = Object.entries(getTableColumns(table)).map(([key, col]) => ({ key, name: col.name }));
  const query =
    `INSERT INTO "${getTableName(table)}" (${columns.map((c) => `"${c.name}"`).join(', ')}) ` +
    `SELECT ${columns.map((_, i) => `value ->> ${i}`).join(', ')} FROM json_each(?1) WHERE true ON CONFLICT DO NOTHING`;

  const statements: D1PreparedStatement[] = [];
  let part: string[] = [];
  let bytes = 2;
  const flush = () => {
    if (part.length === 0) return;
    statements.push(d1.prepare(query).bind(`[${part.join(',')}]`));
    part = [];
    bytes = 2;
  };
  for (const row of rows) {
    const values = columns.map((c) => {
      const v = (row as Record<string, unknown>)[c.key];
      return typeof v === 'boolean' ? Number(v) : (v ?? null);
    });
    const encoded = JSON.stringify(values);
    if (bytes + encoded.length + 1 > maxBytes) flush();
    part.push(encoded);
    bytes += encoded.length + 1;
  }
  flush();
  return statements;
}

/** A drizzle query as a plain D1 statement, so it can join a raw `D1Database.batch()`. */
export function toD1(
  d1: D1Database,
  query: { toSQL(): { sql: string; params: unknown[] } },
): D1PreparedStatement {
  const { sql, params } = query.toSQL();
  return d1.prepare(sql).bind(...params.map((p) => (p === undefined ? null : p)));
}
